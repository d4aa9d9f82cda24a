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
