"""Data text is shown as text: HTML, Markdown and table syntax in the data run nothing."""

from __future__ import annotations

import pytest
from helpers import (
    LANGS,
    copy_project,
    lang_url,
    mkdocs_build,
    read_data,
    rendered_diagram_text,
    search,
    serve,
    write_data,
)

pytestmark = pytest.mark.browser

MARK = "zdrxss"
PAYLOAD = (
    f'{MARK} <script>window.__pwned=1</script> <img src="nowhere.png" onerror="window.__pwned=2"> '
    '[a link](javascript:window.__pwned=3) a | b `code` **bold** {#evil} &amp; #35; "quoted"'
)


def hostile(text: dict) -> dict:
    return {lang: f"{PAYLOAD} {value}" for lang, value in text.items()}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    data = read_data(project)
    data["features"][0]["name"] = hostile(data["features"][0]["name"])
    data["features"][2]["retention"] = hostile(data["features"][2]["retention"])
    special = next(f for f in data["features"] if f["status"] == "special-case")
    special["details"][0] = hostile(special["details"][0])
    data["faq"][0]["question"] = hostile(data["faq"][0]["question"])
    data["faq"][0]["answer"][0] = hostile(data["faq"][0]["answer"][0])
    data["overview"][0]["title"] = hostile(data["overview"][0]["title"])
    data["limits"][0]["points"][0]["text"] = hostile(data["limits"][0]["points"][0]["text"])
    node = data["decision"]["nodes"][0]
    node["question"] = hostile(node["question"])
    node["answers"][0]["label"] = hostile(node["answers"][0]["label"])
    write_data(project, data)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site) as url:
        yield url, data


def visible(text: str) -> str:
    return " ".join(text.split())


CHECKS = {
    # page -> CSS selectors of elements whose text must hold the payload literally
    "index.md": ["article h2#what-is-zdr"],
    "eligibility.md": ["article tr#messages-api th", "article tr#batch-api", "article"],
    "faq.md": ["article h2#faq-do-we-have-zdr", "article"],
    "flowchart.md": ["article h3#q-platform", "article"],
    "limits.md": ["article li#cors-backend-proxy"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_payload_is_shown_literally_and_runs_nothing(page, hostile_site, lang):
    url, _ = hostile_site
    # The payload's image must stay text: no request for it may happen.
    problems = []
    for name, selectors in CHECKS.items():
        page.goto(lang_url(url, lang, name), wait_until="networkidle")
        for selector in selectors:
            element = page.locator(selector).first
            if element.count() == 0:
                problems.append(f"{name} {selector}: no such element")
            elif visible(PAYLOAD) not in visible(element.text_content()):
                problems.append(f"{name} {selector}: payload not shown literally")
        if page.evaluate("window.__pwned") is not None:
            problems.append(f"{name}: payload ran")
        if page.locator("article img[src='nowhere.png'], article a[href^='javascript'], #evil").count():
            problems.append(f"{name}: payload became markup")
    # The table keeps its shape despite `|` in a cell.
    page.goto(lang_url(url, lang, "eligibility.md"))
    cells = page.locator("tr#batch-api > *").count()
    header = page.locator(".zdr-table--not-eligible table thead th").count()
    if cells != header:
        problems.append(f"batch-api row has {cells} cells for {header} columns")
    assert not problems, problems
    assert not [u for u in page.zdr_log.requests if "nowhere.png" in u]


@pytest.mark.parametrize("lang", LANGS)
def test_payload_in_flowchart_labels_stays_text(page, hostile_site, lang):
    url, _ = hostile_site
    page.goto(lang_url(url, lang, "flowchart.md"), wait_until="networkidle")
    joined = rendered_diagram_text(page)
    assert "<script>window.__pwned=1</script>" in joined, joined[:300]
    assert page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("lang", LANGS)
def test_payload_in_search_results_stays_text(page, hostile_site, lang):
    url, _ = hostile_site
    results = search(page, url, lang, MARK)
    assert results
    shown = page.locator(".md-search-result").text_content()
    assert "<script>window.__pwned=1</script>" in shown
    assert page.locator(".md-search-result img, .md-search-result script").count() == 0
    assert page.evaluate("window.__pwned") is None
