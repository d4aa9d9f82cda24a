// The ZDR checker: one step of the decision graph at a time.
//
// Every text and every edge comes from the page, which the build generates from
// data/zdr.yaml: this script holds no policy. The answers live in the address as
// the nodes visited after the first question (#zdr=q-arrangement/q-product/...),
// so a link or a reload shows the same answer, and switching language keeps it.
//
// The address is input from anyone: it is only ever compared with the node ids
// on the page (never decoded into a selector, a property name or markup), and
// whatever does not follow the graph is dropped.
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
  // A Map, not an object: an id such as "__proto__" or "constructor" from the
  // address must not find Object.prototype.
  var steps = new Map();
  app.querySelectorAll(".zdr-checker__step").forEach(function (step) {
    steps.set(step.getAttribute("data-node"), step);
  });
  // Without its first question or its controls the page is not a checker: leave
  // the list of every path (shown without JavaScript) in place.
  if (!steps.has(start) || !live || !trail || !back || !copy) return;
  var copyLabel = copy.textContent;
  var copyFallback = null;
  var shown = 0; // counts renders, so a late clipboard answer cannot touch a newer step

  function answerButton(node, next) {
    var step = steps.get(node);
    if (!step) return null;
    var buttons = step.querySelectorAll("button[data-next]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-next") === next) return buttons[i];
    }
    return null;
  }

  function decode(part) {
    try {
      return decodeURIComponent(part);
    } catch (err) {
      return null; // malformed escape such as %E0
    }
  }

  function readState() {
    var hash = location.hash;
    if (hash.indexOf(PREFIX) !== 0) return [];
    // A path never has more steps than the graph has nodes: look no further.
    var parts = hash.slice(PREFIX.length).split("/", steps.size);
    // Keep the longest valid beginning: each node must answer the one before it.
    var valid = [];
    var node = start;
    for (var i = 0; i < parts.length; i++) {
      var next = decode(parts[i]);
      if (next === null || !answerButton(node, next)) break;
      valid.push(next);
      node = next;
    }
    return valid;
  }

  function stateUrl(path) {
    return location.pathname + location.search + (path.length ? PREFIX + path.join("/") : "");
  }

  function announceHash() {
    // pushState and replaceState fire no hashchange; the language links listen for one.
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  function writeState(path) {
    history.pushState(null, "", stateUrl(path));
    announceHash();
  }

  // An address holding more than the valid beginning shows only that beginning;
  // the address is trimmed to match, so a copied link or answer holds what is shown.
  function tidyAddress(path) {
    if (location.hash.indexOf(PREFIX) !== 0) return;
    var wanted = path.length ? PREFIX + path.join("/") : "";
    if (location.hash === wanted) return;
    history.replaceState(history.state, "", stateUrl(path));
    announceHash();
  }

  function questionText(node) {
    return steps.get(node).querySelector(".zdr-checker__question").textContent.trim();
  }

  function render(path, moveFocus) {
    var current = path.length ? path[path.length - 1] : start;
    shown++;
    steps.forEach(function (step, id) { step.hidden = id !== current; });
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
    var isVerdict = steps.get(current).hasAttribute("data-verdict");
    copy.hidden = !isVerdict;
    copy.disabled = false;
    copy.textContent = copyLabel;
    if (copyFallback) copyFallback.hidden = true;
    // Announce the verdict to screen readers; a question is read when it gets focus.
    live.textContent = isVerdict ? questionText(current) : "";
    if (moveFocus) steps.get(current).querySelector(".zdr-checker__question").focus();
  }

  function summary(path) {
    var current = path.length ? path[path.length - 1] : start;
    var lines = [questionText(current), ""];
    trail.querySelectorAll("li").forEach(function (li) { lines.push("- " + li.textContent); });
    lines.push("");
    steps.get(current).querySelectorAll("a[href]").forEach(function (a) {
      lines.push("- " + a.textContent.trim() + ": " + a.href);
    });
    var source = document.querySelector(".zdr-source");
    lines.push("", location.href);
    if (source) lines.push(source.textContent.trim());
    return lines.join("\n");
  }

  // When the clipboard is missing or refuses (no permission, insecure context, an
  // old browser), the answer is shown selected in a read-only text box instead,
  // with the page's own short explanation (data-copy-fallback) when it has one.
  function offerText(text) {
    if (!copyFallback) {
      copyFallback = document.createElement("div");
      copyFallback.className = "zdr-checker__copy-fallback";
      var message = app.getAttribute("data-copy-fallback");
      var box = document.createElement("textarea");
      box.readOnly = true;
      box.rows = 8;
      box.className = "zdr-checker__copy-text";
      if (message) {
        var note = document.createElement("p");
        note.id = "zdr-checker-copy-note";
        note.textContent = message;
        copyFallback.appendChild(note);
        box.setAttribute("aria-labelledby", note.id);
      } else {
        box.setAttribute("aria-label", copyLabel);
      }
      copyFallback.appendChild(box);
      copy.parentNode.parentNode.insertBefore(copyFallback, copy.parentNode.nextSibling);
    }
    var area = copyFallback.querySelector("textarea");
    area.value = text;
    copyFallback.hidden = false;
    area.focus();
    area.select();
  }

  function copyAnswer(path) {
    var text = summary(path);
    var done = false;
    var at = shown;
    function copied() {
      if (done || at !== shown) return;
      done = true;
      copy.disabled = false;
      copy.textContent = app.getAttribute("data-copied") || copyLabel;
    }
    function refused() {
      if (done || at !== shown) return;
      done = true;
      copy.disabled = false;
      copy.textContent = copyLabel;
      offerText(text);
    }
    var pending;
    try {
      pending = navigator.clipboard.writeText(text);
    } catch (err) {
      pending = null; // navigator.clipboard is undefined (insecure context, old browser)
    }
    if (!pending || typeof pending.then !== "function") {
      refused();
      return;
    }
    copy.disabled = true; // until the clipboard answers, never longer
    pending.then(copied, refused);
    // A clipboard that never answers must not keep the button disabled.
    setTimeout(refused, 3000);
  }

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
      copyAnswer(path);
      return;
    } else {
      return;
    }
    writeState(path);
    render(path, true);
  });

  function show(moveFocus) {
    var path = readState();
    tidyAddress(path);
    render(path, moveFocus);
  }
  window.addEventListener("popstate", function () { show(true); });

  app.hidden = false;
  var fallback = document.querySelector(".zdr-checker__noscript");
  if (fallback) fallback.hidden = true;
  show(false);
})();
