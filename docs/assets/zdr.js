// Keep the anchor when switching language. Material's language links point to the
// same page in the other language but drop the #anchor (and, on the checker,
// the answers kept in it). Ids are the same in both languages, so the anchor
// carries over as it is.
(function () {
  function switcherLinks() {
    return document.querySelectorAll("a.md-select__link[hreflang]");
  }
  function keepHash() {
    switcherLinks().forEach(function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      url.hash = location.hash;
      link.href = url.href;
    });
  }
  keepHash();
  window.addEventListener("hashchange", keepHash);
  // Capture phase: runs before the browser follows the link.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a.md-select__link[hreflang]")) keepHash();
  }, true);
})();

// A link to an anchor that moved to another page lands on the line that keeps it
// (render.moved): go on to the anchor's new place, as a redirect would.
(function () {
  function follow() {
    // The site's ids are plain ASCII: the hash as it is (decoding it could throw).
    var id = location.hash.slice(1);
    var target = id && document.getElementById(id);
    var line = target && target.closest(".zdr-moved");
    if (!line) return;
    var url = new URL(line.querySelector("a").href);
    url.hash = id;
    location.replace(url.href);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
