"""Search in a real browser: per language, Japanese segmentation, results on anchors."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from helpers import LANGS, lang_url, load_policy, search

from zdrsite.registry import build_site

pytestmark = pytest.mark.browser

POLICY = load_policy()

QUERIES = Path(__file__).with_name("search-queries.yaml")


def listed_queries():
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [(lang, q["query"], tuple(q["ids"])) for lang in LANGS for q in data[lang]]


def own_queries():
    """A query per feature row and per FAQ question, in each language, from the data."""
    cases = []
    for lang in LANGS:
        cases += [(lang, f.name(lang), f.id) for f in POLICY.features]
        cases += [(lang, q.question(lang), q.id) for q in POLICY.faq]
    return cases


def anchor(url: str) -> str:
    return urlparse(url).fragment


def language_of(url: str, server: str) -> str:
    path = url[len(server) :] if url.startswith(server) else "?"
    return next((lang for lang in LANGS if lang != "en" and path.startswith(f"{lang}/")), "en")


def assert_same_language(urls: list[str], server: str, lang: str) -> None:
    wrong = [u for u in urls if not u.startswith(server) or language_of(u, server) != lang]
    assert not wrong, f"results outside the {lang} pages: {wrong}"


def top_three(page, server: str, lang: str, query: str) -> list[str]:
    """Search on a page of `lang`; every result in `lang`; the first three anchors."""
    results = search(page, server, lang, query)
    assert_same_language(results, server, lang)
    return [anchor(u) for u in results[:3]]


def test_every_listed_query_names_ids_of_the_site(policy):
    unknown = [(query, i) for _, query, ids in listed_queries() for i in ids if i not in build_site(policy).outline]
    assert not unknown, f"search-queries.yaml names ids the site does not have: {unknown}"


@pytest.mark.parametrize(("lang", "query", "ids"), listed_queries(), ids=lambda v: str(v)[:30])
def test_listed_query_finds_its_topic_in_the_top_three(page, server, lang, query, ids):
    top = top_three(page, server, lang, query)
    assert set(ids) & set(top), f"{lang} {query!r}: top three {top}, want one of {ids}"


@pytest.mark.parametrize(("lang", "query", "target"), own_queries(), ids=lambda v: str(v)[:30])
def test_data_query_finds_its_row_or_question(page, server, lang, query, target):
    top = top_three(page, server, lang, query)
    assert target in top, f"{lang} {query!r}: top three {top}"
    # Following the result lands on the row or question, highlighted.
    # Material folds a page's further results into "more on this page": unfold them.
    page.evaluate("document.querySelectorAll('.md-search-result details').forEach(d => { d.open = true; })")
    page.locator(f".md-search-result a.md-search-result__link[href*='#{target}']").first.click()
    page.wait_for_function(f"location.hash === '#{target}'")
    assert page.evaluate(f"""() => {{
        const r = document.getElementById('{target}').getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight; }}""")


@pytest.mark.parametrize(
    "query", ["削除", "保持", "プロンプトキャッシング", "Claude Code", "CORS", "バッチ処理", "アカウント担当者"]
)
def test_japanese_words_inside_sentences(page, server, site, query):
    """Short words, katakana compounds and Latin terms in the middle of Japanese
    sentences: the first result is an entry whose text holds the word."""
    index = json.loads((site / "ja" / "search" / "search_index.json").read_text(encoding="utf-8"))
    holding = {
        d["location"].partition("#")[2]
        for d in index["docs"]
        if query.lower() in (d["title"] + " " + d["text"]).lower() and "#" in d["location"]
    }
    assert holding, f"no entry of the data holds {query!r}: pick another word"
    results = search(page, server, "ja", query)
    assert_same_language(results, server, "ja")
    assert results, query
    assert anchor(results[0]) in holding, f"{query!r}: {[anchor(r) for r in results[:5]]}"


def test_english_results_never_point_to_japanese_pages(page, server):
    # A query that exists in both languages' texts.
    results = search(page, server, "en", "Claude")
    assert results
    assert_same_language(results, server, "en")


def test_suggestions_and_highlight(page, server):
    search(page, server, "en", "batc")
    page.wait_for_function("document.querySelector('.md-search__suggest').textContent.length > 0")
    assert page.locator(".md-search__suggest").text_content().lower().startswith("batc")
    page.locator(".md-search-result a.md-search-result__link[href*='#batch-api']").first.click()
    page.wait_for_selector("article mark[data-md-highlight]")


@pytest.mark.parametrize(("source", "target"), [("en", "ja"), ("ja", "en")])
def test_language_switch_keeps_page_and_anchor(page, server, source, target):
    feature = POLICY.features[len(POLICY.features) // 2]
    page.goto(lang_url(server, source, "eligibility.md") + f"#{feature.id}")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang='{target}']").click()
    page.wait_for_url(lang_url(server, target, "eligibility.md") + f"#{feature.id}")
    assert page.locator(f"#{feature.id}").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_every_faq_anchor_lands_on_its_question(page, server, lang):
    for entry in POLICY.faq:
        page.goto(lang_url(server, lang, "faq.md") + f"#{entry.id}")
        box = page.evaluate(f"""() => {{
            const r = document.getElementById('{entry.id}').getBoundingClientRect();
            return [r.top, window.innerHeight, document.getElementById('{entry.id}').textContent]; }}""")
        assert 0 <= box[0] < box[1], f"{lang} #{entry.id} not in view: {box}"
        assert " ".join(entry.question(lang).split()) in " ".join(box[2].split())


def search_term_queries():
    """Each other word of an entry (search_terms in the data), in its language."""
    cases = []
    for lang in LANGS:
        for entry in build_site(POLICY).outline.entries():
            if entry.search_terms:
                cases += [(lang, term.strip(), entry.id) for term in entry.search_terms(lang).split(",")]
    return cases


@pytest.mark.parametrize(("lang", "query", "target"), search_term_queries(), ids=lambda v: str(v)[:30])
def test_other_words_for_an_entry_find_it(page, server, lang, query, target):
    top = top_three(page, server, lang, query)
    assert target in top, f"{lang} {query!r}: top three {top}"


def _index_requests(page) -> list[str]:
    return [u for u in page.zdr_log.requests if u.endswith("search/search_index.json")]


@pytest.mark.parametrize("lang", LANGS)
def test_an_address_that_asks_for_search_loads_the_index_at_once(page, server, lang, policy):
    """search.share links (?q=) open the search with its results; search.highlight
    links (?h=) mark the words on the page: both need the index with the page."""
    feature = policy.features_with("not-eligible")[0]
    word = feature.name("en").split()[0]
    page.goto(lang_url(server, lang, "faq.md") + f"?q={word}", wait_until="networkidle")
    assert len(_index_requests(page)) == 1
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.is_checked("#__search")

    page.goto(lang_url(server, lang, "eligibility.md") + f"?h={word}", wait_until="networkidle")
    assert len(_index_requests(page)) == 2
    page.wait_for_selector("article mark", timeout=15000)


def test_a_search_key_loads_the_index_and_opens_the_search(page, server):
    page.goto(lang_url(server, "en", "limits.md"), wait_until="networkidle")
    assert not _index_requests(page)
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")):
        page.keyboard.press("s")
    page.wait_for_function("() => document.activeElement === document.querySelector('input.md-search__input')")
    page.keyboard.type("batch")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
