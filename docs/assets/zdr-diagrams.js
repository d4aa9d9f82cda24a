// Loaded by the pages with flowcharts drawn at build time only (the hook adds it).
// A flowchart wider than its box starts at its left edge, where its first answer
// is, scrolled only if its first question (its place across the drawing:
// data-start, noted by the build, diagrams.py) would otherwise be out of view;
// the hint under it says it scrolls.
document.querySelectorAll(".zdr-diagram[data-start]").forEach(function (box) {
  var first = parseFloat(box.getAttribute("data-start")) * box.scrollWidth;
  var left = first + 24 - box.clientWidth; // the question's middle just inside
  if (left > 0) box.scrollLeft = left;
  var hint = box.nextElementSibling;
  if (hint && hint.classList.contains("zdr-scroll-hint")) hint.hidden = box.scrollWidth <= box.clientWidth + 1;
});
