"""Minified pages, stylesheet and scripts: lighter, and the same to the browser.

What the minified assets do in a real browser is covered by the browser suite
(layout, dark mode, search, the checker); these tests pin what may and may not
change in the text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT

from zdrsite import minify
from zdrsite.registry import build_site


def test_page_loses_indentation_but_keeps_verbatim_elements_and_word_breaks():
    page = (
        "<body>\n    <p>one\n      <a>two</a>\n    </p>\n"
        '    <pre class="mermaid">flowchart TD\n    a --> b\n</pre>\n'
        "    <textarea>  kept\n  as is</textarea>\n"
        "    <script>\n  var a = 1;\n</script>\n</body>"
    )
    out = minify.html(page)
    assert out == (
        "<body>\n<p>one\n<a>two</a>\n</p>\n"
        '<pre class="mermaid">flowchart TD\n    a --> b\n</pre>\n'
        "<textarea>  kept\n  as is</textarea>\n"
        "<script>\n  var a = 1;\n</script>\n</body>"
    )
    assert minify.html(out) == out


def test_every_built_page_is_minified_and_reads_the_same(site):
    """Every page of the site: no indented line outside verbatim elements, and the
    text a reader sees (white space collapsed as the browser does) is unchanged
    by minifying again."""
    failures = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = path.read_text(encoding="utf-8")
        if minify.html(page) != page:
            failures.append(f"{path.relative_to(site)}: not minified")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1\s*>", "", page, flags=re.S)
        if re.search(r"\n[ \t]+\S", outside):
            failures.append(f"{path.relative_to(site)}: an indented line")
    assert not failures, failures


def test_mermaid_sources_survive_minifying(undrawn_site, policy):
    from zdrsite.flowchart import mermaid_charts

    for lang, root in (("en", undrawn_site), ("ja", undrawn_site / "ja")):
        soup = BeautifulSoup((root / "flowchart" / "index.html").read_text(encoding="utf-8"), "html.parser")
        drawn = [pre.get_text() for pre in soup.select("pre.mermaid")]
        assert [d.strip() for d in drawn] == [c.strip() for c in mermaid_charts(build_site(policy), lang)]


def test_stylesheet_loses_comments_and_spaces_but_not_strings_or_selectors():
    sheet = 'a :hover , b > c { content: "a  ,  /* b */" ; x: y }\n/* note */\nd{ e: f; }\n'
    assert minify.css(sheet) == 'a :hover,b>c{content: "a  ,  /* b */";x: y}d{e: f}\n'


def test_scripts_lose_comment_lines_and_refuse_what_they_cannot_keep():
    script = "// a comment\n(function () {\n  var a = 1; // why\n\n  return a;\n})();\n"
    assert minify.js(script) == "(function () {\nvar a = 1; // why\nreturn a;\n})();\n"
    with pytest.raises(ValueError, match="template literal"):
        minify.js("var a = `x\n  y`;\n")
    with pytest.raises(ValueError, match="block comment"):
        minify.js("/* a\n b */\n")


def test_the_site_serves_its_own_assets_minified(site):
    for source in sorted((ROOT / "docs" / "assets").iterdir()):
        how = {".css": minify.css, ".js": minify.js}[source.suffix]
        served = (site / "assets" / source.name).read_text(encoding="utf-8")
        assert served == how(source.read_text(encoding="utf-8")), source.name
        assert len(served) < len(source.read_text(encoding="utf-8")), source.name


def test_an_asset_that_cannot_be_minified_stops_the_build_before_any_output(tmp_path):
    from helpers import copy_project

    from zdrsite.build import BuildError, SiteBuild

    project = copy_project(tmp_path / "project")
    (project / "docs" / "assets" / "zdr.js").write_text("var a = `x`;\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"^docs/assets/zdr\.js: cannot minify this line \(template literal"):
        SiteBuild.start(project, project / "docs", "/")


def test_abbreviations_only_in_text_never_in_tags_code_or_diagrams():
    """The build marks abbreviations by looking only where they stand (fast on a
    6 MB page): the context around each decides."""
    from zdrsite.postprocess import add_abbreviations

    page = (
        '<p title="ZDR x">ZDR <code>ZDR</code> <svg><path d="ZDR"/><text>ZDR</text></svg> '
        '<br/>ZDR <abbr title="y">ZDR</abbr> ZDR対象 aZDR ZDR-x</p><pre><code>ZDR</code></pre>ZDR'
    )
    marked = '<abbr title="Zero &quot;Data&quot;">ZDR</abbr>'
    assert add_abbreviations(page, {"ZDR": 'Zero "Data"'}) == (
        f'<p title="ZDR x">{marked} <code>ZDR</code> <svg><path d="ZDR"/><text>ZDR</text></svg> '
        f'<br/>{marked} <abbr title="y">ZDR</abbr> {marked}対象 aZDR ZDR-x</p><pre><code>ZDR</code></pre>{marked}'
    )
