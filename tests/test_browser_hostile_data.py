"""Every text of the data is text wherever it lands: a payload of HTML, Markdown,
table and Mermaid syntax in every text field, in every language, runs nothing,
becomes no markup and sends no request, on every page, in the search results, the
checker, the diagram and the files for machines."""

from __future__ import annotations

import html
import json

import pytest
from bs4 import BeautifulSoup
from helpers import (
    LANGS,
    copy_project,
    data_texts,
    lang_url,
    mkdocs_build,
    norm,
    read_data,
    rendered_diagram_text,
    search,
    serve,
    write_data,
)

from zdrsite.exports import facts_file
from zdrsite.registry import PAGES

pytestmark = pytest.mark.browser

MARK = "zdrxss"
SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD = (
    f'{MARK} {SCRIPT} <img src="nowhere.png" onerror="window.__pwned=2"> '
    '[a link](javascript:window.__pwned=3) a | b `code` **bold** {#evil} &amp; #35; "quoted" '
    '"]) --> n_x; click n_q_platform call alert(1) fa:fa-car %%'
)


def poison(data: dict) -> int:
    """Put the payload before every text of the data, in every language."""
    count = 0
    for text in data_texts(data):
        for lang in LANGS:
            text[lang] = f"{PAYLOAD} {text[lang]}"
        count += 1
    return count


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    data = read_data(project)
    assert poison(data) > 100
    write_data(project, data)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_every_built_page_holds_the_payload_as_text_only(hostile_site):
    problems = []
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 2 * len(PAGES)
    for path in pages:
        where = path.relative_to(hostile_site).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        title = soup.title.get_text() if soup.title else ""
        if norm(PAYLOAD) not in norm(title):
            problems.append(f"{where}: <title> does not show the site name as text: {title[:80]!r}")
        if any("__pwned" in (s.string or "") for s in soup.find_all("script")):
            problems.append(f"{where}: the payload became a <script>")
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            if handlers:
                problems.append(f"{where}: <{tag.name}> has event handler attributes {handlers}")
        if soup.select("img[src='nowhere.png'], a[href^='javascript:window.__pwned'], #evil"):
            problems.append(f"{where}: the payload became markup")
        header = soup.select_one(".md-header__topic")
        if header is not None and MARK not in header.get_text():
            problems.append(f"{where}: header does not show the site name")
        for attr in ("title", "aria-label"):
            for tag in soup.select(f"[{attr}*='{MARK}']"):
                if "&lt;" in tag[attr] or "&amp;amp;" in tag[attr]:
                    problems.append(f"{where}: {attr} escaped twice: {tag[attr][:60]!r}")
    assert not problems, "\n".join(problems[:30])


def test_files_for_machines_hold_the_payload_as_data(hostile_site):
    published = json.loads((hostile_site / "zdr.json").read_text(encoding="utf-8"))
    assert PAYLOAD in json.dumps(published, ensure_ascii=False).replace('\\"', '"')
    for lang in LANGS:
        facts = (hostile_site / facts_file(lang)).read_text(encoding="utf-8")
        assert SCRIPT not in facts, "raw HTML in the plain Markdown"
        assert html.escape(SCRIPT, quote=False) in facts
    for name in ("llms.txt", facts_file(LANGS[0])):
        text = (hostile_site / name).read_text(encoding="utf-8")
        assert SCRIPT not in text, name
        assert "[a link](javascript:" not in text, f"{name}: the payload's link is a link"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_runs_the_payload_or_asks_for_its_image(page, hostile_site, lang):
    with serve(hostile_site) as url:
        for name in PAGES:
            page.goto(lang_url(url, lang, name), wait_until="networkidle")
            assert page.evaluate("window.__pwned") is None, name
            assert MARK in page.title(), name
        # The checker, walked to a verdict: every text it shows stays text.
        page.goto(lang_url(url, lang, "checker.md"))
        page.locator(".zdr-checker__step:not([hidden]) button[data-next]").first.click()
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".zdr-checker img, .zdr-checker script").count() == 0
    assert not [u for u in page.zdr_log.requests if "nowhere.png" in u]


@pytest.mark.parametrize("lang", LANGS)
def test_payload_in_flowchart_labels_stays_text(page, hostile_site, lang):
    with serve(hostile_site) as url:
        page.goto(lang_url(url, lang, "flowchart.md"), wait_until="networkidle")
        joined = rendered_diagram_text(page)
        assert SCRIPT in joined, joined[:300]
        assert "fa:fa-car" in joined
        assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("lang", LANGS)
def test_payload_in_search_results_stays_text(page, hostile_site, lang):
    with serve(hostile_site) as url:
        results = search(page, url, lang, MARK)
        assert results
        shown = page.locator(".md-search-result").text_content()
        assert SCRIPT in shown
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
        assert page.evaluate("window.__pwned") is None
