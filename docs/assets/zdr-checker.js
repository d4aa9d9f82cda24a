// The ZDR checker: one step of the decision graph at a time, then the verdict of
// every product and feature the reader's system uses.
//
// Every text and every edge comes from the page, which the build generates from
// data/zdr.yaml: this script holds no policy. The answers live in the address as
// the nodes visited after the first question, then, after a question where the
// reader ticks items, the ticked items joined by "+"
// (#zdr=q-arrangement/q-product/end-batch-api+end-files-api), so a link or a
// reload shows the same answer, and switching language keeps it.
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
  var hypothetical = app.querySelector(".zdr-checker__hypothetical");
  // Maps, not objects: an id such as "__proto__" from the address must not find
  // Object.prototype.
  var steps = new Map();
  var results = new Map();
  app.querySelectorAll(".zdr-checker__step[data-node]").forEach(function (step) {
    steps.set(step.getAttribute("data-node"), step);
  });
  app.querySelectorAll(".zdr-checker__step[data-result-of]").forEach(function (step) {
    results.set(step.getAttribute("data-result-of"), step);
  });
  // Without its first question or its controls the page is not a checker: leave
  // the list of every path (shown without JavaScript) in place.
  if (!steps.has(start) || !live || !trail || !back || !copy || !hypothetical) return;
  var copyLabel = copy.textContent;
  var copyFallback = null;
  var shown = 0; // counts renders, so a late clipboard answer cannot touch a newer step

  function isMultiple(node) {
    return steps.has(node) && steps.get(node).hasAttribute("data-multiple");
  }

  function findByAttribute(root, selector, name, value) {
    var found = root.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) {
      if (found[i].getAttribute(name) === value) return found[i];
    }
    return null;
  }

  function answerButton(node, next) {
    return steps.has(node) ? findByAttribute(steps.get(node), "button[data-next]", "data-next", next) : null;
  }

  // The choices of a question with several answers: its checkboxes, and the radio
  // buttons of its groups but the one that picks none of a group (data-none).
  function boxes(node) {
    return Array.prototype.slice.call(steps.get(node).querySelectorAll("input[type=checkbox], input[type=radio]"))
      .filter(function (box) { return !box.hasAttribute("data-none"); });
  }

  // Tick what `ticked` holds. A group's "none" comes first in the page: ticking
  // one of the group's items after it unticks it (radio buttons of one name).
  function setTicks(node, ticked) {
    steps.get(node).querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (box) {
      box.checked = box.hasAttribute("data-none") || ticked.indexOf(box.value) !== -1;
    });
  }

  function decode(part) {
    try {
      return decodeURIComponent(part);
    } catch (err) {
      return null; // a malformed escape such as %E0
    }
  }

  // The state: the nodes answered, and the items ticked at the last one when it
  // is a question with several answers and its verdicts are shown (else null).
  function readState() {
    var state = { path: [], picked: null };
    var hash = location.hash;
    if (hash.indexOf(PREFIX) !== 0) return state;
    // A path never has more steps than the graph has nodes: look no further.
    var parts = hash.slice(PREFIX.length).split("/", steps.size + 1);
    var node = start;
    for (var i = 0; i < parts.length; i++) {
      if (isMultiple(node)) {
        var offered = boxes(node);
        var wanted = (decode(parts[i]) || "").split("+", offered.length + 1);
        // Keep the ticked items that the question offers, in its own order, and
        // of a group (radio buttons) only the first.
        var groups = [];
        var picked = offered.filter(function (box) {
          if (wanted.indexOf(box.value) === -1) return false;
          if (box.type !== "radio") return true;
          if (groups.indexOf(box.name) !== -1) return false;
          groups.push(box.name);
          return true;
        }).map(function (box) { return box.value; });
        state.picked = picked.length ? picked : null;
        break;
      }
      var next = decode(parts[i]);
      if (next === null || !answerButton(node, next)) break;
      state.path.push(next);
      node = next;
    }
    return state;
  }

  function stateHash(state) {
    if (!state.path.length) return "";
    return PREFIX + state.path.join("/") + (state.picked ? "/" + state.picked.join("+") : "");
  }

  function stateUrl(state) {
    return location.pathname + location.search + stateHash(state);
  }

  function announceHash() {
    // pushState and replaceState fire no hashchange; the language links listen for one.
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  }

  function writeState(state) {
    history.pushState(null, "", stateUrl(state));
    announceHash();
  }

  // An address holding more than the valid beginning shows only that beginning;
  // the address is trimmed to match, so a copied link or answer holds what is shown.
  function tidyAddress(state) {
    if (location.hash.indexOf(PREFIX) !== 0) return;
    if (location.hash === stateHash(state)) return;
    history.replaceState(history.state, "", stateUrl(state));
    announceHash();
  }

  function textOf(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function questionText(step) {
    return textOf(step.querySelector(".zdr-checker__question"));
  }

  function labelOf(node, value) {
    var box = findByAttribute(steps.get(node), "input[type=checkbox], input[type=radio]", "value", value);
    return box ? textOf(box.parentNode) : value;
  }

  // The step on screen: a question, a verdict, or the verdicts of the ticked items.
  function currentStep(state) {
    var node = state.path.length ? state.path[state.path.length - 1] : start;
    return state.picked && results.has(node) ? results.get(node) : steps.get(node);
  }

  function render(state, moveFocus) {
    var node = state.path.length ? state.path[state.path.length - 1] : start;
    if (isLazy(node) && !items) {
      var at = shown + 1; // this render: a later one wins
      loadItems(function () { if (at === shown) render(readState(), moveFocus); }, false);
    }
    var current = currentStep(state);
    shown++;
    steps.forEach(function (step) { step.hidden = step !== current; });
    results.forEach(function (step) { step.hidden = step !== current; });
    if (isMultiple(node)) {
      if (state.picked) setTicks(node, state.picked);
      var hint = steps.get(node).querySelector(".zdr-checker__hint");
      if (hint) hint.hidden = true;
    }
    var isResult = results.has(node) && current === results.get(node);
    if (isResult) showVerdicts(current, state.picked);
    var list = trail.querySelector("ol");
    list.textContent = "";
    var asked = start;
    var supposed = false;
    state.path.forEach(function (next) {
      // From a verdict, the only way on is to suppose an arrangement: the step is
      // its button's words alone.
      var fromVerdict = steps.get(asked).hasAttribute("data-verdict");
      supposed = supposed || fromVerdict;
      addTrail(list, fromVerdict ? null : questionText(steps.get(asked)), textOf(answerButton(asked, next)));
      asked = next;
    });
    hypothetical.hidden = !supposed;
    if (isResult) addTrail(list, questionText(steps.get(node)), state.picked.map(function (value) {
      return labelOf(node, value);
    }).join(app.getAttribute("data-separator") || ", "));
    trail.hidden = list.children.length === 0;
    back.disabled = state.path.length === 0;
    var isVerdict = isResult || current.hasAttribute("data-verdict");
    copy.hidden = !isVerdict;
    copy.disabled = false;
    copy.textContent = copyLabel;
    if (copyFallback) copyFallback.hidden = true;
    // Announce the verdict to screen readers; a question is read when it gets focus.
    live.textContent = isVerdict ? answerText(current) : "";
    if (moveFocus) current.querySelector(".zdr-checker__question").focus();
  }

  function addTrail(list, question, answer) {
    var item = document.createElement("li");
    item.textContent = question === null ? answer : question + " → " + answer;
    list.appendChild(item);
  }

  // The items' verdicts are in a page of their own beside this one (data-items,
  // the list of every path), which the page would otherwise carry for every
  // reader: it loads when a system's verdicts are first shown. A shared link that
  // opens at the verdicts loads it before the page is laid out (a synchronous
  // request, same origin, a few kilobytes), so nothing moves as it opens.
  var itemsUrl = app.getAttribute("data-items");
  var items = null; // the parsed page, once loaded (or an empty one if it failed)
  var waiting = null;

  function loadItems(done, now) {
    if (items || !itemsUrl) {
      done();
      return;
    }
    if (waiting) {
      waiting.push(done);
      return;
    }
    waiting = [done];
    var request = new XMLHttpRequest();
    function loaded() {
      var ok = request.status === 200 && typeof request.responseText === "string";
      items = new DOMParser().parseFromString(ok ? request.responseText : "", "text/html");
      placeLoaded();
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (callback) { callback(); });
    }
    try {
      request.open("GET", itemsUrl, !now);
      if (!now) request.onloadend = loaded;
      request.send();
      if (now) loaded();
    } catch (err) {
      if (!items) loaded(); // no network: each item then shows its name and verdict only
    }
  }

  // A question with several answers, and a verdict, is a stand-in on the page
  // (data-lazy): it comes with the items' page, and takes the stand-in's place.
  function isLazy(node) {
    return steps.has(node) && steps.get(node).hasAttribute("data-lazy");
  }

  function placeLoaded() {
    var holder = items.querySelector(".zdr-checker__lazy");
    if (!holder) return;
    holder.querySelectorAll(".zdr-checker__step[data-node]").forEach(function (found) {
      var id = found.getAttribute("data-node");
      if (!isLazy(id)) return;
      var standIn = steps.get(id);
      var step = document.importNode(found, true);
      standIn.parentNode.replaceChild(step, standIn);
      steps.set(id, step);
      var verdicts = findByAttribute(holder, ".zdr-checker__step[data-result-of]", "data-result-of", id);
      if (verdicts) {
        var result = document.importNode(verdicts, true);
        step.parentNode.insertBefore(result, step.nextSibling);
        results.set(id, result);
      }
    });
  }

  // Whether the address asks for a question that is still a stand-in.
  function needsItems() {
    if (items || location.hash.indexOf(PREFIX) !== 0) return false;
    return location.hash.slice(PREFIX.length).split("/", steps.size + 1).some(function (part) {
      return isLazy(decode(part));
    });
  }

  // Each ticked item: its verdict copied from the items' page, once, in the
  // order of the verdicts (data-order), what keeps the system out first; where
  // that page could not be had, the item's name and verdict from its checkbox.
  function buildItems(result) {
    var list = result.querySelector(".zdr-checker__items");
    if (!list || list.children.length || !items) return;
    var node = result.getAttribute("data-result-of");
    var path = findByAttribute(items, ".zdr-paths > li", "data-end", node);
    if (!path) {
      boxes(node).forEach(function (box) {
        var item = document.createElement("li");
        item.className = "zdr-checker__item";
        item.hidden = true;
        item.setAttribute("data-end", box.value);
        item.setAttribute("data-verdict", box.getAttribute("data-verdict"));
        var said = document.createElement("p");
        var badge = verdictBadge(result, box.getAttribute("data-verdict"));
        if (badge) said.append(badge.cloneNode(true), " ");
        var text = document.createElement("span");
        text.className = "zdr-checker__verdict-text";
        text.textContent = labelOf(node, box.value);
        said.appendChild(text);
        item.appendChild(said);
        list.appendChild(item);
      });
      return;
    }
    var order = (list.getAttribute("data-order") || "").split(" ");
    var rows = Array.prototype.slice.call(path.querySelectorAll("tr[data-end]"));
    rows.sort(function (a, b) {
      return order.indexOf(a.getAttribute("data-verdict")) - order.indexOf(b.getAttribute("data-verdict"));
    });
    rows.forEach(function (row) {
      var cells = row.querySelectorAll("td");
      var badge = cells.length === 2 && cells[0].querySelector(".zdr-badge");
      var said = cells.length === 2 && cells[0].querySelector(".zdr-checker__verdict-text");
      var links = cells.length === 2 && cells[1].querySelector("ul");
      if (!badge || !said || !links) return;
      var item = document.createElement("li");
      item.className = "zdr-checker__item";
      item.hidden = true;
      item.setAttribute("data-end", row.getAttribute("data-end"));
      item.setAttribute("data-verdict", row.getAttribute("data-verdict"));
      var verdict = document.createElement("p");
      verdict.append(badge.cloneNode(true), " ", said.cloneNode(true));
      item.appendChild(verdict);
      var requires = cells[0].querySelector(".zdr-checker__requires");
      if (requires) item.appendChild(requires.cloneNode(true));
      var label = document.createElement("p");
      label.className = "zdr-checker__evidence-label";
      label.textContent = app.getAttribute("data-evidence") || "";
      var evidence = links.cloneNode(true);
      evidence.className = "zdr-checker__evidence";
      item.append(label, evidence);
      list.appendChild(item);
    });
  }

  function verdictBadge(result, verdict) {
    var line = findByAttribute(result, ".zdr-checker__summary > li", "data-status", verdict);
    return line && line.querySelector(".zdr-badge");
  }

  function showVerdicts(result, picked) {
    if (!items) {
      var at = shown;
      loadItems(function () { if (at === shown) showVerdicts(result, picked); }, false);
    }
    buildItems(result);
    var counts = new Map();
    var node = result.getAttribute("data-result-of");
    var bottom = result.querySelector(".zdr-checker__bottom");
    var covered = bottom ? bottom.getAttribute("data-covered").split(" ") : [];
    var keptOut = [];
    var aside = (app.getAttribute("data-aside") || " (|)").split("|");
    result.querySelectorAll(".zdr-checker__item").forEach(function (item) {
      item.hidden = picked.indexOf(item.getAttribute("data-end")) === -1;
    });
    // The bottom line and the counts from the choices' own verdicts, in the order
    // of the verdicts (what keeps the system from its arrangement first), then of
    // the question.
    var order = (result.querySelector(".zdr-checker__items").getAttribute("data-order") || "").split(" ");
    boxes(node).filter(function (box) { return picked.indexOf(box.value) !== -1; })
      .map(function (box, i) { return { box: box, verdict: box.getAttribute("data-verdict"), i: i }; })
      .sort(function (a, b) { return order.indexOf(a.verdict) - order.indexOf(b.verdict) || a.i - b.i; })
      .forEach(function (choice) {
        counts.set(choice.verdict, (counts.get(choice.verdict) || 0) + 1);
        // Each with its verdict: "Batch processing (Not ZDR-eligible)".
        if (covered.indexOf(choice.verdict) === -1) {
          keptOut.push(labelOf(node, choice.box.value) + aside[0] + textOf(verdictBadge(result, choice.verdict)) + aside[1]);
        }
      });
    if (bottom) {
      bottom.querySelector('[data-bottom="all"]').hidden = keptOut.length > 0;
      bottom.querySelector('[data-bottom="not"]').hidden = keptOut.length === 0;
      bottom.querySelector(".zdr-checker__because").textContent = keptOut.join(app.getAttribute("data-separator") || ", ");
    }
    // A caveat for some items only shows when one of them is ticked.
    var caveats = result.querySelectorAll(".zdr-checker__caveats li");
    var anyCaveat = false;
    caveats.forEach(function (li) {
      var ticked = li.getAttribute("data-ticked");
      li.hidden = ticked !== null && !ticked.split(" ").some(function (end) { return picked.indexOf(end) !== -1; });
      anyCaveat = anyCaveat || !li.hidden;
    });
    var caveatTitle = result.querySelector(".zdr-checker__caveats-title");
    if (caveatTitle) caveatTitle.hidden = !anyCaveat;
    result.querySelectorAll(".zdr-checker__summary > li").forEach(function (line) {
      var count = counts.get(line.getAttribute("data-status")) || 0;
      line.hidden = count === 0;
      line.querySelector(".zdr-checker__count").textContent = String(count);
    });
  }

  // What a verdict says, as one text: for the verdicts of ticked items, the count
  // per status, then each item.
  // The bottom line of a system first, then the count per verdict.
  function answerText(step) {
    if (!step.hasAttribute("data-result-of")) return questionText(step);
    var bottom = step.querySelector(".zdr-checker__bottom strong:not([hidden])");
    var parts = [bottom ? textOf(bottom) : questionText(step)];
    step.querySelectorAll(".zdr-checker__summary > li:not([hidden])").forEach(function (li) { parts.push(textOf(li)); });
    return parts.join(" · ");
  }

  // The answer as plain text for a design review, in the page's punctuation: each
  // verdict in brackets before its item, a colon before each link.
  function summary(state) {
    var step = currentStep(state);
    var colon = app.getAttribute("data-colon") || ": ";
    var brackets = (app.getAttribute("data-brackets") || "[|] ").split("|");
    var lines = [answerText(step), ""];
    trail.querySelectorAll("li").forEach(function (li) { lines.push("- " + li.textContent); });
    lines.push("");
    function verdictLine(holder) {
      var badge = holder.querySelector(".zdr-badge");
      var said = holder.querySelector(".zdr-checker__verdict-text");
      return brackets[0] + textOf(badge) + brackets[1] + textOf(said);
    }
    var items = step.querySelectorAll(".zdr-checker__item:not([hidden])");
    if (items.length) {
      items.forEach(function (item) {
        lines.push("- " + verdictLine(item));
        var requires = item.querySelector(".zdr-checker__requires");
        if (requires) lines.push("  " + textOf(requires));
        item.querySelectorAll("a[href]").forEach(function (a) { lines.push("  " + textOf(a) + colon + a.href); });
      });
    } else {
      if (step.querySelector(".zdr-checker__verdict-text")) lines[0] = verdictLine(step);
      var requires = step.querySelector(".zdr-checker__requires");
      if (requires) lines.push(textOf(requires));
      step.querySelectorAll(".zdr-checker__evidence a[href]").forEach(function (a) {
        lines.push("- " + textOf(a) + colon + a.href);
      });
    }
    step.querySelectorAll(".zdr-checker__caveats li:not([hidden])").forEach(function (li) {
      var link = li.querySelector("a[href]");
      lines.push("- " + textOf(li) + (link ? colon + link.href : ""));
    });
    // Where the facts come from, without the words only screen readers hear.
    var source = document.querySelector(".zdr-source");
    lines.push("", location.href);
    if (source) {
      var copied = source.cloneNode(true);
      copied.querySelectorAll(".zdr-sr").forEach(function (hint) { hint.remove(); });
      lines.push(textOf(copied));
    }
    // Answers that suppose an arrangement say so before anything else.
    if (!hypothetical.hidden) lines.unshift(textOf(hypothetical), "");
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

  function copyAnswer(state) {
    var text = summary(state);
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
    var state = readState();
    var name = action && action.getAttribute("data-action");
    var node = state.path.length ? state.path[state.path.length - 1] : start;
    if (answer) {
      state.path.push(answer.getAttribute("data-next"));
      state.picked = null;
    } else if (name === "verdicts" && isMultiple(node)) {
      var picked = boxes(node).filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      if (!picked.length) {
        var hint = steps.get(node).querySelector(".zdr-checker__hint");
        if (hint) hint.hidden = false;
        return;
      }
      state.picked = picked;
    } else if (name === "back") {
      // From the verdicts of ticked items, back to the ticks; else one question back.
      if (state.picked) state.picked = null;
      else state.path.pop();
    } else if (name === "restart") {
      state = { path: [], picked: null };
      steps.forEach(function (step, id) {
        if (isMultiple(id)) setTicks(id, []);
      });
    } else if (name === "copy") {
      copyAnswer(state);
      return;
    } else {
      return;
    }
    writeState(state);
    render(state, true);
  });

  function show(moveFocus) {
    // Not before its choices are on the page: the address would lose its ticks.
    if (needsItems()) {
      loadItems(function () { show(moveFocus); }, false);
      return;
    }
    var state = readState();
    tidyAddress(state);
    render(state, moveFocus);
  }
  window.addEventListener("popstate", function () { show(true); });

  app.hidden = false;
  // The note for readers without scripts comes after this script in the page: a
  // class hides it before it is laid out (zdr-checker.css).
  document.documentElement.classList.add("zdr-checker-runs");
  if (needsItems()) loadItems(function () {}, true);
  show(false);
})();
