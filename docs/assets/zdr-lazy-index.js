// Material 9 requests the search index (search/search_index.json, 17-22 KB here)
// as its bundle starts, on every page, though most visits never search. Loaded
// before the bundle (overrides/main.html), this script holds that one request
// until the reader first turns to search: focuses or opens it, or presses one of
// Material's search keys. An address that asks for search (?q=, search.share) or
// for highlighting (?h=, search.highlight) lets it go at once. Material sends the
// query typed so far again when the index is ready; zdr-search.js drops queries
// sent before the index (the worker would answer them with nothing).
//
// The script that tames each query (zdr-search.js, beside this one) loads then
// too, before the index: it must be in place before the index reaches the search
// worker, and a page that is only read never downloads it.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var KEYS = { f: true, s: true, "/": true };
  var held = [];
  var params = new URLSearchParams(location.search);
  var released = false;
  var ready = false;
  var self = document.currentScript && document.currentScript.src;

  function sendHeld() {
    ready = true;
    for (var i = 0; i < held.length; i++) held[i]();
    held = [];
  }

  function release() {
    if (released) return;
    released = true;
    if (!self) return sendHeld();
    var script = document.createElement("script");
    script.src = self.replace(/zdr-lazy-index\.js(?=[?#]|$)/, "zdr-search.js");
    // Loaded or not, the index goes: search works untamed rather than not at all.
    script.onload = script.onerror = sendHeld;
    document.head.appendChild(script);
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.zdrSearchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.zdrSearchIndex && !ready) {
      var request = this;
      var args = arguments;
      held.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function inSearch(target) {
    return !!(target && target.closest && target.closest('[data-md-component="search"], label[for="__search"]'));
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) release(); }, true);
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) release(); }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (KEYS[event.key] === true && !event.ctrlKey && !event.metaKey && !event.altKey) release();
  }, true);
  // An address that asks for search or highlighting needs the index at once.
  if (params.has("q") || params.has("h")) release();
})();
