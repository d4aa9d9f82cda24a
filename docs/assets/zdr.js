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

// A flowchart wider than its box starts scrolled to its first question, whose
// place across the drawing the build notes (diagrams.py).
document.querySelectorAll(".zdr-diagram[data-start]").forEach(function (box) {
  var left = parseFloat(box.getAttribute("data-start")) * box.scrollWidth - box.clientWidth / 2;
  if (left > 0) box.scrollLeft = left;
});
