// Loaded by the pages with flowcharts drawn at build time only (the hook adds it).
// A flowchart wider than its box starts scrolled to its first question, whose
// place across the drawing the build notes (diagrams.py).
document.querySelectorAll(".zdr-diagram[data-start]").forEach(function (box) {
  var left = parseFloat(box.getAttribute("data-start")) * box.scrollWidth - box.clientWidth / 2;
  if (left > 0) box.scrollLeft = left;
});
