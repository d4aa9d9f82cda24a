"""The per-language search indexes written into the built site."""

from __future__ import annotations

import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from helpers import LANGS, Failures, lang_root, norm, page_file, parse, row_name, text_of

from zdrsite.search import SEPARATORS


def index_of(site, lang):
    root = lang_root(site, lang)
    return root, json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_index_holds_only_its_language_and_every_location_resolves(site, lang):
    root, index = index_of(site, lang)
    assert index["config"]["lang"] == [lang]
    problems = []
    for doc in index["docs"]:
        path, _, fragment = doc["location"].partition("#")
        file = root / path / "index.html"
        if not file.is_file():
            problems.append(f"{doc['location']}: no page")
            continue
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        if soup.html["lang"] != lang:
            problems.append(f"{doc['location']}: page in {soup.html['lang']}")
        if fragment and soup.find(id=fragment) is None:
            problems.append(f"{doc['location']}: no anchor")
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_and_question_is_its_own_result(site, policy, lang):
    """Each result's title is what the built page shows: a row's name and the
    label of its badge; a question as its heading reads."""
    _, index = index_of(site, lang)
    by_location = {d["location"]: d for d in index["docs"]}
    eligibility = parse(page_file(site, lang, "eligibility.md"))
    faq = parse(page_file(site, lang, "faq.md"))
    failures = Failures()
    for f in policy.features:
        doc = by_location.get(f"eligibility/#{f.id}")
        shown = eligibility.find(id=f.id)
        # The row's ZDR verdict, then its HIPAA one, as their badges say them.
        said = [
            text_of(badge)
            for badge in (shown.select_one(".zdr-badge[data-status]"), shown.select_one(".zdr-badge[data-hipaa]"))
        ]
        expected = f"{row_name(shown)} — {({'en': ' · ', 'ja': '／'}[lang]).join(said)}"
        title = norm(html.unescape(doc["title"])) if doc else None
        failures.check(title == expected, f"{f.id}: {title!r} != {expected!r}")
    for q in policy.faq:
        doc = by_location.get(f"faq/#{q.id}")
        heading = text_of(faq.find(id=q.id))
        failures.check(doc is not None and norm(html.unescape(doc["title"])).startswith(heading), f"{q.id}: {doc}")
    failures.report()


def test_japanese_separator_splits_compounds_at_script_boundaries():
    pieces = [p for p in re.split(SEPARATORS["ja"], "Batch API(バッチ処理)のデータ削除をリクエスト") if p]
    assert {"バッチ", "処理", "データ", "削除", "リクエスト", "Batch", "API"} <= set(pieces), pieces


def test_the_other_language_has_no_entries_in_this_index(site, policy):
    """A text only in one language never appears in another language's index."""
    indexes = {lang: json.dumps(index_of(site, lang)[1], ensure_ascii=False) for lang in LANGS}
    for q in policy.faq:
        for lang in LANGS:
            for other in LANGS:
                if other != lang and q.question(lang) != q.question(other):
                    assert q.question(lang) not in indexes[other], (lang, other, q.id)


def test_japanese_separator_splits_at_full_width_punctuation():
    pieces = [p for p in re.split(SEPARATORS["ja"], "Skills（Code Executor）：ZDR対象外？") if p]
    assert {"Skills", "Code", "Executor", "ZDR", "対象外"} <= set(pieces), pieces


@pytest.mark.parametrize("lang", LANGS)
def test_answers_weigh_more_than_sections_and_history_is_found_by_its_page(site, policy, lang):
    _, index = index_of(site, lang)
    boost = {d["location"]: d.get("boost", 1.0) for d in index["docs"]}
    row = boost[f"eligibility/#{policy.features[0].id}"]
    faq = boost[f"faq/#{policy.faq[0].id}"]
    plain = next(s for s in policy.overview if s.status is None)
    section = boost[f"#{plain.id}"]
    assert row > section
    assert faq > section
    # A section with a verdict of its own (a limit) is an answer, as a row is.
    limit = next(s for s in policy.limits if s.status is not None)
    assert boost[f"limits/#{limit.id}"] == row
    # The changelog's page comes after every answer and section.
    assert boost["changes/"] < section
    # The history is found through its page, never as an answer of its own.
    assert f"changes/#change-{policy.changelog[0].date}" not in boost
    assert "changes/" in boost
    page = next(d for d in index["docs"] if d["location"] == "changes/")
    assert policy.changelog[0].changes(lang)[:30] in html.unescape(page["text"])
