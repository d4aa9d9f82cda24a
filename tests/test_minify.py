"""Minified pages, stylesheet and scripts: lighter, and the same to the browser.

What the minified assets do in a real browser is covered by the browser suite
(layout, dark mode, search, the checker); these tests pin what may and may not
change in the text."""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, Failures, copy_project

from zdrsite import minify
from zdrsite.registry import PAGES, build_site


def _reading(page: str) -> tuple[list[tuple[str, tuple[tuple[str, str], ...]]], str, list[str]]:
    """What a page is to a reader, independent of its bytes: every element with its
    attributes (in any order, quoted or not), the visible text with white space
    collapsed as a browser does, and the verbatim content of pre, textarea, script
    and style."""
    soup = BeautifulSoup(page, "html.parser")
    # An empty style or class attribute has no effect (minify-html drops it).
    elements = [
        (
            tag.name,
            tuple(
                sorted(
                    (k, value)
                    for k, v in tag.attrs.items()
                    if (value := " ".join(v) if isinstance(v, list) else v) or k not in ("style", "class")
                )
            ),
        )
        for tag in soup.find_all(True)
    ]
    verbatim = [tag.get_text() for tag in soup.find_all(["pre", "textarea", "script", "style"])]
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    return elements, " ".join(soup.get_text(" ").split()), verbatim


@pytest.fixture(scope="module")
def unminified_site(tmp_path_factory) -> Path:
    """The real site built with the page minifier switched off: what the theme and
    the hooks write before minify.html."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path_factory.mktemp("unminified") / "project")
    site = project.parent / "site"
    keep, cwd = minify.html, os.getcwd()
    minify.html = lambda page: page  # the hook calls it through the module
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        os.chdir(project)
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    finally:
        minify.html = keep
        os.chdir(cwd)
    return site


def test_every_built_page_is_smaller_and_reads_the_same_as_before_minifying(site, unminified_site):
    """Every page of both languages (404 pages too): fewer bytes, the same elements,
    attributes, text and verbatim content as the page the theme wrote, and
    minifying the minified page changes nothing."""
    failures = Failures()
    pages = sorted(p.relative_to(unminified_site) for p in unminified_site.rglob("*.html"))
    assert len(pages) >= 2 * len(PAGES) + 2, pages
    for name in pages:
        before = (unminified_site / name).read_text(encoding="utf-8")
        after = (site / name).read_text(encoding="utf-8")
        failures.check(len(after) < len(before), f"{name}: not smaller")
        failures.check(minify.html(after) == after, f"{name}: minifying again changes it")
        was, now = _reading(before), _reading(after)
        for what, a, b in zip(("elements", "text", "verbatim"), was, now, strict=True):
            failures.check(a == b, f"{name}: {what} changed")
    failures.report()


@pytest.mark.browser
def test_every_page_renders_the_same_text_and_every_stylesheet_the_same_rules(browser, site, unminified_site):
    """What the browser makes of them, before and after minifying: each page's
    rendered text, line by line (innerText: a space lost between two inline
    elements shows),
    and each stylesheet's rules as the browser reads them."""
    page = browser.new_page()
    page.route("**/*", lambda route: route.abort())  # the page alone, nothing it links
    failures = Failures()
    try:
        for path in sorted(unminified_site.rglob("*.html")):
            name = path.relative_to(unminified_site)
            shown = []
            for html in (path.read_text(encoding="utf-8"), (site / name).read_text(encoding="utf-8")):
                page.set_content(html, wait_until="domcontentloaded")
                # Lines as shown; white space alone on a line (between two block
                # elements, where the theme's own stylesheet shows nothing) aside.
                text = page.evaluate("document.body.innerText")
                shown.append([line.strip() for line in text.splitlines() if line.strip()])
            failures.check(shown[0] == shown[1], f"{name}: the rendered text changed")
        for source in sorted((ROOT / "docs" / "assets").glob("*.css")):
            rules = []
            for sheet in (
                source.read_text(encoding="utf-8"),
                (site / "assets" / source.name).read_text(encoding="utf-8"),
            ):
                page.set_content("<style></style>")
                page.eval_on_selector("style", "(s, text) => { s.textContent = text; }", sheet)
                read = page.evaluate("[...document.styleSheets[0].cssRules].map(r => r.cssText)")
                # The browser keeps a custom property's value as written: white space
                # beside commas and parentheses means nothing there either.
                rules.append([" ".join(re.sub(r"\s*([,()])\s*", r"\1", rule).split()) for rule in read])
            failures.check(bool(rules[0]), f"{source.name}: no rules read")
            failures.check(rules[0] == rules[1], f"{source.name}: the browser reads other rules")
    finally:
        page.close()
    failures.report()


def test_mermaid_sources_survive_minifying(undrawn_site, policy):
    """Where the reader's browser draws the flowcharts, each Mermaid source is
    what the data's charts say, to the character."""
    from zdrsite.flowchart import mermaid_charts

    for lang, root in (("en", undrawn_site), ("ja", undrawn_site / "ja")):
        soup = BeautifulSoup((root / "flowchart" / "index.html").read_text(encoding="utf-8"), "html.parser")
        drawn = [pre.get_text() for pre in soup.select("pre.mermaid")]
        assert [d.strip() for d in drawn] == [c.source.strip() for c in mermaid_charts(build_site(policy), lang)]


def test_verbatim_elements_keep_their_white_space_and_closing_tags_stay():
    page = (
        "<body>\n    <p>one\n      <a>two</a>\n    </p>\n"
        '    <pre class="mermaid">flowchart TD\n    a --> b\n</pre>\n'
        "    <textarea>  kept\n  as is</textarea><ul><li>x</li></ul></body>"
    )
    out = minify.html(page)
    assert "<pre class=mermaid>flowchart TD\n    a --> b\n</pre>" in out
    assert "<textarea>  kept\n  as is</textarea>" in out
    assert "</p>" in out
    assert "</li></ul>" in out
    assert "\n    <p>" not in out


def test_text_that_reads_as_markup_stays_escaped_in_titles_and_text():
    """For tools that read pages without HTML5's rules too (html.parser here)."""
    page = "<html><head><title>a &lt;script&gt;x&lt;/script&gt;</title></head><body><p>&lt;b&gt;</p></body></html>"
    soup = BeautifulSoup(minify.html(page), "html.parser")
    assert soup.title.get_text() == "a <script>x</script>"
    assert soup.find("script") is None
    assert soup.p.get_text() == "<b>"


def test_a_template_literal_and_a_comment_in_a_string_survive_and_run_the_same(tmp_path):
    """The old rule (no template literals, no `/*` on a line) is gone: the
    minified script prints what the source prints, in Node."""
    import subprocess

    script = (
        "// a comment\nconst name = 'x /* not a comment */';\n"
        "const re = /\\/\\//g; /* a block\n comment */\n"
        "console.log(`${name}\n  ${'a//b'.replace(re, '-')}`, 2 / 1 /* two */);\n"
    )
    outputs = []
    for code in (script, minify.js(script)):
        done = subprocess.run(["node", "-e", code], capture_output=True, text=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == "x /* not a comment */\n  a-b 2\n"
    assert "// a comment" not in minify.js(script)
    assert "two" not in minify.js(script)


def test_stylesheet_keeps_strings_and_selectors():
    sheet = 'a :hover , b > c { content: "a  ,  /* b */" ; x: y }\n/* note */\nd{ e: f; }\n'
    out = minify.css(sheet)
    assert '"a  ,  /* b */"' in out
    assert "note" not in out
    assert out.startswith("a :hover,b>c{")  # " :hover" is not ":hover"


def test_the_site_serves_its_own_assets_minified_and_every_script_parses(site):
    import subprocess

    for source in sorted((ROOT / "docs" / "assets").iterdir()):
        served = (site / "assets" / source.name).read_text(encoding="utf-8")
        how = {".css": minify.css, ".js": minify.js}[source.suffix]
        assert served == how(source.read_text(encoding="utf-8")), source.name
        assert len(served) < len(source.read_text(encoding="utf-8")), source.name
        if source.suffix == ".js":
            check = subprocess.run(["node", "--check", site / "assets" / source.name], capture_output=True, text=True)
            assert check.returncode == 0, f"{source.name}: {check.stderr}"


def test_abbreviations_only_in_text_never_in_tags_code_or_diagrams():
    """The build marks abbreviations by looking only where they stand (fast on a
    6 MB page): the context around each decides. Only the first use in text is
    marked, each abbreviation on its own."""
    from zdrsite.postprocess import add_abbreviations

    abbreviations = {"ZDR": 'Zero "Data"', "BAA": "Business Associate Agreement"}
    zdr, baa = '<abbr title="Zero &quot;Data&quot;">ZDR</abbr>', '<abbr title="Business Associate Agreement">BAA</abbr>'
    # Where ZDR is no text of its own: an attribute, code, a drawing, a longer word.
    page = (
        '<p title="ZDR x"><code>ZDR</code> <svg><path d="ZDR"/><text>ZDR</text></svg> aZDR ZDR-x '
        '<abbr title="y">ZDR</abbr></p><pre><code>ZDR</code></pre>'
    )
    assert add_abbreviations(page, abbreviations) == page
    # The first use in text, here within a Japanese word; later uses as they are.
    assert add_abbreviations(page + "ZDR対象 BAA ZDR BAA<br/>ZDR", abbreviations) == (
        page + f"{zdr}対象 {baa} ZDR BAA<br/>ZDR"
    )


def test_palette_keeps_only_the_rules_of_the_sites_colours():
    """Hand-written rules in the shape of Material's palette stylesheet: a rule for
    another colour goes, a selector list keeps its parts that can match, commas
    inside :is() are no list, scheme rules and at-rules stay."""
    sheet = (
        "@media screen{[data-md-color-scheme=slate]{--fg:#eee}"
        "[data-md-color-scheme=slate][data-md-color-primary=pink]{--a:pink}"
        "[data-md-color-scheme=slate][data-md-color-primary=indigo]{--a:blue}}"
        "[data-md-color-accent=indigo]{--accent:#526cfe}"
        "[data-md-color-accent=red]{--accent:red}"
        "[data-md-color-primary=red] .x,[data-md-color-primary=indigo] :is(.y,.z){color:red}"
        "/* a comment */@keyframes spin{to{rotate:1turn}}"
        "@media print{[data-md-color-primary=lime]{--p:lime}}"
    )
    assert minify.palette(sheet, {"indigo"}, {"indigo"}) == (
        "@media screen{[data-md-color-scheme=slate]{--fg:#eee}"
        "[data-md-color-scheme=slate][data-md-color-primary=indigo]{--a:blue}}"
        "[data-md-color-accent=indigo]{--accent:#526cfe}"
        "[data-md-color-primary=indigo] :is(.y,.z){color:red}"
        "@keyframes spin{to{rotate:1turn}}\n"
    )
    # The accent's colours are their own: indigo as primary does not keep an indigo accent.
    assert minify.palette("[data-md-color-accent=indigo]{--a:1}", {"indigo"}, {"pink"}) == "\n"
    with pytest.raises(ValueError, match="line 1"):
        minify.palette("a{b:c}}", {"indigo"}, {"indigo"})


def _fulfil_with(sheet: Path, route: Any) -> None:
    route.fulfill(path=str(sheet), content_type="text/css")


@pytest.mark.browser
def test_the_cut_palette_styles_every_page_as_materials_whole_one(browser, site, server):
    """The site's palette stylesheet is smaller than the theme's, and a page in light
    and in dark reads every colour the same with either: the value of each of the
    theme's custom properties on the page and the colours of its header, text and
    links."""
    theme = Path(importlib.util.find_spec("material").origin).parent / "templates" / "assets" / "stylesheets"
    (original,) = theme.glob("palette.*.min.css")
    served = site / "assets" / "stylesheets" / original.name
    assert len(served.read_bytes()) < len(original.read_bytes()) / 2
    probe = """() => {
      const seen = {};
      for (const el of [document.body, document.querySelector('.md-header'),
                        document.querySelector('.md-typeset a'), document.querySelector('.md-typeset')]) {
        const style = getComputedStyle(el);
        for (const name of [...style].filter(n => n.startsWith('--md-')).concat(['color', 'background-color']))
          seen[el.className + ' ' + name] = style.getPropertyValue(name);
      }
      return seen;
    }"""
    failures = Failures()
    page = browser.new_page()
    try:
        for name in ("", "ja/eligibility/"):
            for scheme in ("default", "slate"):
                seen = []
                for sheet in (original, served):
                    page.route("**/palette.*.min.css", functools.partial(_fulfil_with, sheet))
                    page.goto(server + name)
                    # No colour transition between the two schemes: the values as they end.
                    page.add_style_tag(content="*{transition:none!important}")
                    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
                    seen.append(page.evaluate(probe))
                    page.unroute("**/palette.*.min.css")
                failures.check(len(seen[0]) > 50, f"{name} {scheme}: {len(seen[0])} properties read")
                differ = sorted(set(seen[0].items()) ^ set(seen[1].items()))
                failures.check(not differ, f"/{name} {scheme}: {differ[:6]}")
    finally:
        page.close()
    failures.report()


def test_an_abbreviation_is_never_marked_inside_a_character_reference():
    """A glossary abbreviation `amp`, `lt` or `x41` (issue #24) leaves `&amp;`, `&lt;`
    and `&#x41;` whole: the reader never sees an entity spelled out."""
    from zdrsite.postprocess import add_abbreviations

    abbreviations = {"amp": "amplifier", "lt": "lieutenant", "x41": "x forty-one"}
    page = "<p>R&amp;D &lt;b&gt; &#x41; then amp, lt and x41.</p>"
    assert add_abbreviations(page, abbreviations) == (
        '<p>R&amp;D &lt;b&gt; &#x41; then <abbr title="amplifier">amp</abbr>, '
        '<abbr title="lieutenant">lt</abbr> and <abbr title="x forty-one">x41</abbr>.</p>'
    )
