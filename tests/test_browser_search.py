"""Search in a real browser: per language, Japanese segmentation, results on anchors."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from helpers import LANGS, Failures, PageLog, lang_url, load_policy, open_search, search, type_query
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from zdrsite.registry import build_site

pytestmark = pytest.mark.browser

POLICY = load_policy()

QUERIES = Path(__file__).with_name("search-queries.yaml")


def listed_queries(lang: str) -> list[tuple[str, tuple[str, ...]]]:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [(q["query"], tuple(q["ids"])) for q in data[lang]]


def anchor(url: str) -> str:
    return urlparse(url).fragment


def language_of(url: str, server: str) -> str:
    path = url[len(server) :] if url.startswith(server) else "?"
    return next((lang for lang in LANGS if lang != "en" and path.startswith(f"{lang}/")), "en")


def outside_language(urls: list[str], server: str, lang: str) -> list[str]:
    return [u for u in urls if not u.startswith(server) or language_of(u, server) != lang]


def assert_same_language(urls: list[str], server: str, lang: str) -> None:
    wrong = outside_language(urls, server, lang)
    assert not wrong, f"results outside the {lang} pages: {wrong}"


def check_top_three(page, server: str, lang: str, cases, failures: Failures) -> None:
    """Each (query, ids) typed into one open search box: one of the ids in the top
    three, and every result in `lang`."""
    for query, ids in cases:
        results = type_query(page, query)
        top = [anchor(u) for u in results[:3]]
        failures.check(not outside_language(results, server, lang), f"{lang} {query!r}: results in another language")
        failures.check(bool(set(ids) & set(top)), f"{lang} {query!r}: top three {top}, want one of {ids}")


def test_every_listed_query_names_ids_of_the_site(policy):
    outline = build_site(policy).outline
    unknown = [(q, i) for lang in LANGS for q, ids in listed_queries(lang) for i in ids if i not in outline]
    assert not unknown, f"search-queries.yaml names ids the site does not have: {unknown}"


def _plain(text: str) -> str:
    """A text without case, spaces and punctuation, to compare a query with a title."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def test_every_row_and_question_has_a_query_in_a_readers_words_in_each_language(policy):
    """The list asks for every feature row and FAQ question with a query that must
    find it alone (not one of several answers), and never by its title."""
    failures = Failures()
    for lang in LANGS:
        listed = listed_queries(lang)
        titles = {_plain(f.name(lang)) for f in policy.features} | {_plain(q.question(lang)) for q in policy.faq}
        alone = {ids[0] for _, ids in listed if len(ids) == 1}
        for ident in [f.id for f in policy.features] + [q.id for q in policy.faq]:
            failures.check(ident in alone, f"{lang}: no query must find {ident} alone")
        failures += [f"{lang}: {q!r} is a title" for q, _ in listed if _plain(q) in titles]
    failures.report()


@pytest.mark.parametrize("lang", LANGS)
def test_listed_queries_find_their_topic_in_the_top_three(page, server, lang):
    open_search(page, server, lang)
    failures = Failures()
    check_top_three(page, server, lang, listed_queries(lang), failures)
    failures.report()


def search_term_queries(lang: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each other word of an entry (search_terms in the data), in its language."""
    return [
        (term.strip(), (entry.id,))
        for entry in build_site(POLICY).outline.entries()
        if entry.search_terms
        for term in entry.search_terms(lang).split(",")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_other_words_for_an_entry_find_it(page, server, lang):
    cases = search_term_queries(lang)
    assert cases
    open_search(page, server, lang)
    failures = Failures()
    check_top_three(page, server, lang, cases, failures)
    failures.report()


UNFOLD = "document.querySelectorAll('.md-search-result details').forEach(d => { d.open = true; })"


@pytest.mark.parametrize("lang", LANGS)
def test_following_a_result_lands_on_every_row_and_question(browser, server, lang):
    """Every row and question, found by its name: its result's link, opened, shows
    it in view. The names are typed in turn into one open search page (on the page
    that holds them); each link opens in a page of its own, as a reader's click
    loads it (that page asks for the index at once, to highlight the words)."""
    failures = Failures()
    targets = [("eligibility.md", f.id, f.name(lang)) for f in POLICY.features]
    targets += [("faq.md", q.id, q.question(lang)) for q in POLICY.faq]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        finder = context.new_page()
        finder.zdr_log = PageLog()
        finder.on("request", lambda r, log=finder.zdr_log: log.requests.append(r.url))
        found: list[tuple[str, str]] = []
        for start in dict.fromkeys(t[0] for t in targets):
            open_search(finder, server, lang, start)
            for _, ident, title in (t for t in targets if t[0] == start):
                type_query(finder, title)
                # Material folds a page's further results into "more on this page": unfold them.
                finder.evaluate(UNFOLD)
                link = finder.locator(f".md-search-result a.md-search-result__link[href*='#{ident}']")
                if not link.count():
                    failures.append(f"{lang} {title!r}: no result for #{ident}")
                    continue
                found.append((ident, link.first.evaluate("a => a.href")))
        # One tab for every link, as a reader follows one after another: each is a
        # new document (the link's query differs), read as soon as it is in view.
        page = context.new_page()
        for ident, url in found:
            page.goto(url, wait_until="commit")
            try:  # the page may still be loading or scrolling there
                page.wait_for_function(
                    f"""() => {{
                            const shown = document.getElementById('{ident}');  // null while the page loads
                            const r = shown && shown.getBoundingClientRect();
                            return location.hash === '#{ident}' && r && r.top >= 0 && r.top < window.innerHeight; }}""",
                    timeout=10000,
                )
            except PlaywrightTimeout:
                failures.append(f"{lang} #{ident}: not in view")
    finally:
        context.close()
    failures.report()


def test_japanese_words_inside_sentences(page, server, site):
    """Short words, katakana compounds and Latin terms in the middle of Japanese
    sentences: the first result is an entry whose text holds the word."""
    index = json.loads((site / "ja" / "search" / "search_index.json").read_text(encoding="utf-8"))
    open_search(page, server, "ja")
    failures = Failures()
    for query in ["削除", "保持", "プロンプトキャッシング", "Claude Code", "CORS", "バッチ処理", "アカウント担当者"]:
        holding = {
            d["location"].partition("#")[2]
            for d in index["docs"]
            if query.lower() in (d["title"] + " " + d["text"]).lower() and "#" in d["location"]
        }
        assert holding, f"no entry of the data holds {query!r}: pick another word"
        results = type_query(page, query)
        failures.check(not outside_language(results, server, "ja"), f"{query!r}: results in another language")
        first = anchor(results[0]) if results else None
        failures.check(first in holding, f"{query!r}: {[anchor(r) for r in results[:5]]}")
    failures.report()


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


@pytest.mark.parametrize(("lang", "query", "other"), [("en", "バッチ処理", "ja"), ("ja", "batch processing", "en")])
def test_a_query_in_the_other_language_offers_that_languages_search(page, server, lang, query, other):
    """Japanese typed on an English page (or Latin letters alone on a Japanese one)
    gets a link to the other language's pages, which opens the same search there,
    and it finds the row there."""
    open_search(page, server, lang)
    type_query(page, query)
    offer = page.locator(".md-search-result a.zdr-search-other")
    expect(offer).to_be_visible()
    assert offer.get_attribute("hreflang") == other
    # In the words of the language typed, as a reader of it expects them.
    assert offer.text_content() == {"ja": "日本語のページを検索", "en": "Search the English pages"}[other]
    offer.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == other
    expect(page.locator("input.md-search__input")).to_have_value(query)
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result a.md-search-result__link", "els => els.map(e => e.href)")
    assert any(urlparse(u).fragment == "batch-api" for u in links), links[:5]
    # A query in the page's own language offers nothing.
    if lang == "en":
        type_query(page, "バッチ")
        expect(page.locator(".md-search-result a.zdr-search-other")).to_be_hidden()
