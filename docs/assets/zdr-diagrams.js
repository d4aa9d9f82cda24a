// Loaded by the pages with flowcharts drawn at build time only (the hook adds it).
// A flowchart wider than its box starts at its left edge, where its first answer
// is, scrolled only as far as its first question needs to be seen whole (its
// place across the drawing: data-start, noted by the build, diagrams.py); the
// hint under it says it scrolls.
document.querySelectorAll(".zdr-diagram[data-start]").forEach(function (box) {
  var first = parseFloat(box.getAttribute("data-start")) * box.scrollWidth;
  var left = first + 100 - box.clientWidth; // half a node's width, and a margin
  if (left > 0) box.scrollLeft = left;
  var hint = box.nextElementSibling;
  if (hint && hint.classList.contains("zdr-scroll-hint")) hint.hidden = box.scrollWidth <= box.clientWidth + 1;
});
