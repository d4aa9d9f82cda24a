"""Flowcharts drawn at build time (diagrams.py): the cache is keyed by everything a
drawing depends on, a drawing keeps its labels as text, a failure stops the build
before the site is touched, and the drawing follows the colour scheme."""

from __future__ import annotations

import importlib.util
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import (
    CHROMIUM,
    DRAWINGS,
    LANGS,
    ROOT,
    copy_project,
    drawn_charts,
    lang_root,
    lang_url,
    load_policy,
    mkdocs_build,
    parse,
)

from zdrsite import diagrams
from zdrsite.flowchart import mermaid_charts
from zdrsite.model import Question
from zdrsite.registry import build_site

# The installed theme, found through its package (any install, any Python).
THEME = Path(importlib.util.find_spec("material").submodule_search_locations[0]) / "templates"

POLICY = load_policy()


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    """The files a Drawer reads, as small stand-ins."""
    mermaid = tmp_path / "mermaid" / "dist"
    mermaid.mkdir(parents=True)
    (mermaid.parent / "package.json").write_text('{"version": "1.0.0"}', encoding="utf-8")
    (mermaid / "entry.mjs").write_text("export default {}", encoding="utf-8")
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: red }", encoding="utf-8")
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    return {"mermaid": mermaid, "sheet": sheet, "browser": browser, "cache": tmp_path / "cache"}


def drawer(files: dict[str, Path], theme_css: str = ".node circle{}") -> diagrams.Drawer:
    return diagrams.Drawer(
        mermaid=files["mermaid"],
        entry="entry.mjs",
        stylesheets=[files["sheet"]],
        theme_css=theme_css,
        browser=files["browser"],
        cache=files["cache"],
    )


@pytest.fixture
def drawn_now(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The sources each browser session was asked to draw (the browser itself is
    replaced: a drawing is the source in an <svg>)."""
    sessions: list[list[str]] = []

    def fake(self: diagrams.Drawer, charts: list[diagrams.Chart]) -> list[tuple[str | None, str | None]]:
        sessions.append([c.source for c in charts])
        return [(f'<svg id="{c.id}"><text>{c.source}</text></svg>', None) for c in charts]

    monkeypatch.setattr(diagrams.Drawer, "_draw_now", fake)
    return sessions


A, B = diagrams.Chart("en", "flowchart TD\n  a"), diagrams.Chart("ja", "flowchart TD\n  b")


def test_a_cached_drawing_is_not_drawn_again(setup, drawn_now):
    first = drawer(setup).draw([A, B]).svg
    again = drawer(setup).draw([A, B]).svg
    assert drawn_now == [[A.source, B.source]]  # one browser session for both, none after
    assert again == first
    assert "flowchart TD&#10;  b" in again[B]  # its line break written as a reference (one block)


def test_a_changed_chart_is_drawn_anew_and_its_old_drawing_goes(setup, drawn_now):
    drawer(setup).draw([A, B])
    changed = diagrams.Chart("ja", "flowchart TD\n  c")
    out = drawer(setup).draw([A, changed]).svg
    assert drawn_now[1] == [changed.source]
    assert "  c</text>" in out[changed]
    assert len(list(setup["cache"].glob("*.svg"))) == 2


@pytest.mark.parametrize(
    "change",
    ["mermaid version", "stylesheet", "theme stylesheet", "browser binary", "language"],
)
def test_every_input_of_a_drawing_is_in_its_key(setup, drawn_now, change):
    drawer(setup).draw([A])
    theme_css = ".node circle{}"
    chart = A
    if change == "mermaid version":
        (setup["mermaid"].parent / "package.json").write_text('{"version": "1.0.1"}', encoding="utf-8")
    elif change == "stylesheet":
        setup["sheet"].write_text("body { color: blue }", encoding="utf-8")
    elif change == "theme stylesheet":
        theme_css = ".node circle{fill:red}"
    elif change == "browser binary":
        setup["browser"].write_text("#!/bin/sh\n# another build\n", encoding="utf-8")
    else:
        chart = diagrams.Chart("ja", A.source)
    drawer(setup, theme_css).draw([chart])
    assert len(drawn_now) == 2, f"a changed {change} did not draw again"


def test_no_browser_or_no_mermaid_is_a_clear_error(setup, drawn_now):
    setup["browser"].unlink()
    with pytest.raises(diagrams.DrawingError, match=r"chromium: no such browser$"):
        drawer(setup).draw([A])
    setup["browser"].write_text("", encoding="utf-8")
    (setup["mermaid"] / "entry.mjs").unlink()
    with pytest.raises(diagrams.DrawingError, match=r"entry\.mjs is missing: run scripts/setup"):
        drawer(setup).draw([A])
    assert drawn_now == []


def test_lighter_rounds_geometry_and_never_touches_labels():
    svg = (
        '<svg width="889.848876953125" viewBox="0 0 889.848876953125 569">'
        '<path d="M-2.875 -139.5 C-0.5839056446165536 -139.5" data-points="W3sieCI6MX1d"/>'
        '<g transform="translate(137.25, 2001.123456)"><p>pi is 3.14159265 and 2.875</p></g></svg>'
    )
    light = diagrams.lighter(svg)
    assert light == (
        '<svg width="889.84" viewBox="0 0 889.84 569">'
        '<path d="M-2.875 -139.5 C-0.58 -139.5"/>'
        '<g transform="translate(137.25, 2001.12)"><p>pi is 3.14159265 and 2.875</p></g></svg>'
    )


def test_the_theme_stylesheet_is_read_from_the_installed_theme():
    bundles = list((THEME / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1, bundles
    css = diagrams.theme_css_from_bundle(bundles[0].read_text(encoding="utf-8"))
    assert css.startswith(".node circle")
    assert "var(--md-mermaid-node-bg-color)" in css
    assert "var(--md-mermaid-label-fg-color)" in css
    with pytest.raises(diagrams.DrawingError, match="no Mermaid stylesheet"):
        diagrams.theme_css_from_bundle('var a="body{}";')


def test_a_browser_that_cannot_draw_stops_the_build_and_keeps_the_last_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = (site / "index.html").read_bytes()
    # A new label: its drawing is not in the cache, so the broken browser must draw.
    question = next(n for n in POLICY.decision.nodes if isinstance(n, Question))
    data = project / "data" / "zdr.yaml"
    text = data.read_text(encoding="utf-8")
    assert question.question("en") in text
    data.write_text(text.replace(question.question("en"), question.question("en") + " (changed)", 1), "utf-8")
    result = mkdocs_build(project, site, chromium="/bin/false")
    assert result.returncode == 1
    assert re.search(r"the flowcharts could not be drawn: /bin/false: ", result.stderr), result.stderr
    assert (site / "index.html").read_bytes() == before


def test_the_real_build_draws_from_its_cache_and_each_chart_once(site, tmp_path, policy):
    """The real project's drawings are in its cache, one per chart and language,
    and a build from them holds exactly those drawings."""
    charts = [c for lang in LANGS for c in mermaid_charts(build_site(policy), lang)]
    project = copy_project(tmp_path / "project")
    cached = sorted((project / DRAWINGS).glob("*.svg"))
    assert len(cached) == len(charts), [p.name for p in cached]
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert sorted((project / DRAWINGS).glob("*.svg")) == cached  # nothing drawn anew
    shown = {
        re.sub(r"\s+", " ", str(chart.find("svg")))
        for lang in LANGS
        for chart in parse(lang_root(site, lang) / "flowchart" / "index.html").select(".zdr-diagram")
    }
    assert len(shown) == len(charts)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_drawn_chart_follows_the_colour_scheme(browser, server, lang):
    """The drawing's colours are the theme's diagram colours of the scheme shown
    (node fill, label text), so its labels turn light on the dark scheme."""
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(lang_url(server, lang, "flowchart.md"), wait_until="networkidle")
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        found: dict[str, int] = {}

        def walk(node, found=found):
            attrs = node.get("attributes", [])
            classes = attrs[attrs.index("class") + 1].split() if "class" in attrs else []
            if node.get("nodeName", "").lower() == "polygon" and "label-container" in classes:
                found.setdefault("fill", node["nodeId"])
            if node.get("nodeName", "").lower() == "span" and "nodeLabel" in classes:
                found.setdefault("color", node["nodeId"])
            for key in ("children", "shadowRoots"):
                for child in node.get(key, []):
                    walk(child)

        walk(root)
        assert set(found) == {"fill", "color"}, found
        style = {}
        for prop, node_id in found.items():
            computed = cdp.send("CSS.getComputedStyleForNode", {"nodeId": node_id})["computedStyle"]
            style[prop] = next(p["value"] for p in computed if p["name"] == prop)
        # The theme's own colours for diagrams in this scheme, resolved by the browser.
        theme = page.evaluate(
            """() => Object.fromEntries([["fill", "--md-mermaid-node-bg-color"],
                                         ["color", "--md-mermaid-label-fg-color"]].map(([prop, name]) => {
                const probe = document.createElement("div");
                probe.style.color = `var(${name})`;
                document.body.append(probe);
                const value = getComputedStyle(probe).color;
                probe.remove();
                return [prop, value];
            }))"""
        )
        assert style == theme, (scheme, style, theme)
        colours[scheme] = style
        context.close()
    assert colours["light"]["color"] != colours["dark"]["color"], colours


def test_the_drawn_page_names_no_mermaid_and_the_undrawn_one_does(site, undrawn_site):
    for root, drawn in ((site, True), (undrawn_site, False)):
        page = parse(root / "flowchart" / "index.html")
        charts = drawn_charts(page)
        scripts = [s for s in page.select("script") if "mermaid" in str(s)]
        assert bool(charts) == drawn, (root, len(charts))
        assert bool(scripts) != drawn, (root, len(scripts))
        assert (root / "assets" / "vendor" / "mermaid").is_dir() != drawn


def real_drawer(cache: Path) -> diagrams.Drawer:
    """A Drawer as the hook makes it, with the tests' Chromium."""
    return diagrams.Drawer.for_theme(
        [THEME],
        palette=False,
        extra_css=[],
        mermaid=ROOT / "node_modules" / "mermaid" / "dist",
        entry="mermaid.esm.min.mjs",
        browser=Path(CHROMIUM),
        cache=cache,
    )


def test_charts_over_mermaids_limits_are_left_to_the_reader_and_say_why(tmp_path):
    """Mermaid refuses a chart over its size limits (it would draw an error picture
    in the reader's browser as well): the build keeps the source and says why, and
    remembers it, so the next build does not try again."""
    small = diagrams.Chart("en", "flowchart TD\n  a --> b", "zdr-chart-1")
    long = diagrams.Chart("en", "flowchart TD\n" + "".join(f"  n{i}[{'x' * 40}]\n" for i in range(2000)), "zdr-chart-2")
    edges = diagrams.Chart("en", "flowchart TD\n" + "".join(f"  a --> n{i}\n" for i in range(600)), "zdr-chart-3")
    # In a thread of its own: Playwright's sync API refuses to start where another
    # session (the browser tests' own) already runs.
    with ThreadPoolExecutor(1) as pool:
        drawings = pool.submit(real_drawer(tmp_path).draw, [small, long, edges]).result()
    assert set(drawings.svg) == {small}
    assert drawings.svg[small].startswith('<svg id="zdr-chart-1"')
    assert drawings.refused[long] == "the chart is longer than Mermaid's limit (maxTextSize 50000)"
    assert "500" in drawings.refused[edges], drawings.refused[edges]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".refused", ".refused", ".svg"]
    markdown = diagrams.put_drawings(
        f"```mermaid\n{small.source}\n```\n\n```mermaid\n{long.source}\n```", "en", drawings.svg
    )
    assert re.match(
        r'<div class="zdr-diagram" data-start="0\.\d{3}"><template shadowrootmode="closed">'
        r'<svg style="width:100%;height:auto;max-width:\d+px;min-width:\d+px" id="zdr-chart-1"',
        markdown,
    ), markdown[:300]
    assert markdown.endswith(f"```mermaid\n{long.source}\n```")
