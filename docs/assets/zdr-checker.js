// The ZDR checker: one step of the decision graph at a time.
//
// Every text and every edge comes from the page, which the build generates from
// data/zdr.yaml: this script holds no policy. The answers live in the address as
// the nodes visited after the first question (#zdr=q-arrangement/q-product/...),
// so a link or a reload shows the same answer, and switching language keeps it.
(function () {
  "use strict";
  var app = document.querySelector(".zdr-checker");
  if (!app) return;
  var PREFIX = "#zdr=";
  var start = app.getAttribute("data-start");
  var live = app.querySelector(".zdr-checker__live");
  var trail = app.querySelector(".zdr-checker__trail");
  var back = app.querySelector('[data-action="back"]');
  var copy = app.querySelector('[data-action="copy"]');
  var steps = {};
  app.querySelectorAll(".zdr-checker__step").forEach(function (step) {
    steps[step.getAttribute("data-node")] = step;
  });

  function answerButton(node, next) {
    return steps[node] && steps[node].querySelector('button[data-next="' + CSS.escape(next) + '"]');
  }

  function readState() {
    var hash = location.hash;
    var path = hash.indexOf(PREFIX) === 0 ? decodeURIComponent(hash.slice(PREFIX.length)).split("/") : [];
    // Keep the longest valid beginning: each node must answer the one before it.
    var valid = [];
    var node = start;
    for (var i = 0; i < path.length && answerButton(node, path[i]); i++) {
      valid.push(path[i]);
      node = path[i];
    }
    return valid;
  }

  function writeState(path) {
    var url = location.pathname + location.search + (path.length ? PREFIX + path.join("/") : "");
    history.pushState(null, "", url);
    // pushState fires no hashchange; the language links listen for one.
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  function questionText(node) {
    return steps[node].querySelector(".zdr-checker__question").textContent.trim();
  }

  function render(path, moveFocus) {
    var current = path.length ? path[path.length - 1] : start;
    Object.keys(steps).forEach(function (id) { steps[id].hidden = id !== current; });
    var list = trail.querySelector("ol");
    list.textContent = "";
    var node = start;
    path.forEach(function (next) {
      var item = document.createElement("li");
      item.textContent = questionText(node) + " → " + answerButton(node, next).textContent.trim();
      list.appendChild(item);
      node = next;
    });
    trail.hidden = path.length === 0;
    back.disabled = path.length === 0;
    var isVerdict = steps[current].hasAttribute("data-verdict");
    copy.hidden = !isVerdict;
    copy.textContent = copy.getAttribute("data-label") || copy.textContent;
    // Announce the verdict to screen readers; a question is read when it gets focus.
    live.textContent = isVerdict ? questionText(current) : "";
    if (moveFocus) steps[current].querySelector(".zdr-checker__question").focus();
  }

  function summary(path) {
    var current = path.length ? path[path.length - 1] : start;
    var lines = [questionText(current), ""];
    trail.querySelectorAll("li").forEach(function (li) { lines.push("- " + li.textContent); });
    lines.push("");
    steps[current].querySelectorAll("a[href]").forEach(function (a) {
      lines.push("- " + a.textContent.trim() + ": " + a.href);
    });
    var source = document.querySelector(".zdr-source");
    lines.push("", location.href);
    if (source) lines.push(source.textContent.trim());
    return lines.join("\n");
  }

  copy.setAttribute("data-label", copy.textContent);
  app.addEventListener("click", function (event) {
    var answer = event.target.closest("button[data-next]");
    var action = event.target.closest("button[data-action]");
    var path = readState();
    if (answer) {
      path.push(answer.getAttribute("data-next"));
    } else if (action && action.getAttribute("data-action") === "back") {
      path.pop();
    } else if (action && action.getAttribute("data-action") === "restart") {
      path = [];
    } else if (action && action.getAttribute("data-action") === "copy") {
      navigator.clipboard.writeText(summary(path)).then(function () {
        copy.textContent = app.getAttribute("data-copied");
      });
      return;
    } else {
      return;
    }
    writeState(path);
    render(path, true);
  });
  window.addEventListener("popstate", function () { render(readState(), true); });

  app.hidden = false;
  var fallback = document.querySelector(".zdr-checker__noscript");
  if (fallback) fallback.hidden = true;
  render(readState(), false);
})();
