"""One search index per language, built from the outline of the site.

Material's search plugin indexes each page by its headings, and with
mkdocs-static-i18n one index holds both languages. We write our own index per
language instead: every table row, special case and FAQ question is its own
result whose title says what it is, and a Japanese page only ever loads the
Japanese index.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .languages import punctuation
from .model import Lang
from .outline import OWN_SEARCH_RESULT, PAGE_TEXT, Entry, Kind, Site, page_url, verdict_labels

# Japanese has no spaces between words. Besides whitespace and punctuation, split
# where the script changes (kanji / hiragana / katakana / Latin), so a compound
# such as バッチ処理 also yields バッチ and 処理. Material then runs lunr's
# TinySegmenter on each piece. Written for JavaScript's RegExp (lookbehind is fine).
_KANJI, _HIRA, _KATA, _LATIN = r"\u3400-\u9fff々", r"\u3041-\u309f", r"\u30a0-\u30ffー", r"A-Za-z0-9"
_SCRIPTS = (_KANJI, _HIRA, _KATA, _LATIN)
_BOUNDARIES = "|".join(f"(?<=[{a}])(?=[{b}])" for a in _SCRIPTS for b in _SCRIPTS if a != b)
SEPARATORS = {
    "en": r"[\s\-]+",
    "ja": r"[\s\-、。,.:;!?()「」『』・/（）：？！，．]+|" + _BOUNDARIES,
}

# How much a result of each kind weighs (Material passes a document's `boost` to
# lunr): the answers a reader looks for (a row, an FAQ answer) before the sections
# that hold them, and the glossary's definitions after them. A retention row names
# its feature in its title (Material weighs a title a thousand times the text) on a
# page of its own, whose group of results would come before the feature's: it
# comes after the answers, first where only it holds the words.
BOOST: dict[Kind, float] = {"feature": 3.0, "faq": 3.0, "retention": 0.3, "term": 0.5, "section": 1.0}
# A page found by the words of its entries (the changelog's): Material ranks a
# page's own result five times a section's, and the changelog holds every date
# and number ("2 years" found it before the limit that says so). Its words find
# it after the answers.
PAGE_TEXT_BOOST = 0.1
# The headings a page with markers has of its own (how to run zdr scan, say) come
# after the facts of the data.
OWN_HEADING_BOOST = 0.5

PageHeadings = Mapping[str, Sequence[tuple[str, str]]]
"""Page file -> the (anchor, heading) pairs of a hand-written page (no data markers)."""


def _esc(text: str) -> str:
    # Material shows titles and texts of the index as HTML: escape the data.
    return html.escape(text, quote=False)


def _join(parts: Iterable[str]) -> str:
    return " ".join(_esc(p) for p in parts if p)


def _doc(page: str, anchor: str | None, title: str, text: str, boost: float = 1.0) -> dict[str, Any]:
    location = page_url(page) + (f"#{anchor}" if anchor else "")
    doc: dict[str, Any] = {"location": location, "title": _esc(title), "text": text}
    if boost != 1.0:
        doc["boost"] = boost
    return doc


def result_title(site: Site, entry: Entry, lang: Lang) -> str:
    """An entry's title in the results; with its status, so a row says its verdict."""
    title = entry.title(lang)
    said = verdict_labels(site.policy, entry, lang)
    return f"{title} — {punctuation(lang).separator.join(said)}" if said else title


def _entry_text(entry: Entry, lang: Lang) -> list[str]:
    """What a reader may search an entry by: its texts, or its title and texts for a point."""
    texts = [f.text(lang) for f in entry.fields]
    if entry.kind == "point" and entry.fields:
        return [f"{entry.title(lang)}: {' '.join(texts)}"]
    return texts or ([entry.title(lang)] if entry.kind == "point" else [])


def search_entries(
    site: Site, lang: Lang, page_titles: Mapping[str, str], hand_written: PageHeadings
) -> list[dict[str, Any]]:
    """Index entries in site order: each page, then its entries that are results of
    their own, with the texts of the entries that belong to them, and the page's
    own headings; first the hand-written pages outside the outline."""
    docs = []
    outlined = {page.file for page in site.outline.pages}
    for file in (f for f in hand_written if f not in outlined):
        docs.append(_doc(file, None, page_titles[file], ""))
        docs += [_doc(file, anchor, title, "") for anchor, title in hand_written[file]]
    for page in site.outline.pages:
        said = [t for entry in page.entries if entry.kind in PAGE_TEXT for t in _entry_text(entry, lang)]
        docs.append(_doc(page.file, None, page_titles[page.file], _join(said), PAGE_TEXT_BOOST if said else 1.0))
        for entry in page.entries:
            if entry.kind not in OWN_SEARCH_RESULT:
                continue
            texts = _entry_text(entry, lang)
            texts += [t for child in site.outline.children(entry) for t in _entry_text(child, lang)]
            # A section with a verdict of its own (a limit: CORS) is an answer, as a row is.
            boost = BOOST["feature"] if entry.kind == "section" and entry.status else BOOST[entry.kind]
            doc = _doc(page.file, entry.id, result_title(site, entry, lang), _join(texts), boost)
            if entry.search_terms:
                doc["terms"] = _esc(entry.search_terms(lang).replace(",", " "))
            docs.append(doc)
        # The page's own headings (the outline's entries are indexed above).
        docs += [
            _doc(page.file, anchor, title, "", OWN_HEADING_BOOST if page.markers else 1.0)
            for anchor, title in hand_written.get(page.file, ())
            if anchor not in site.outline
        ]
    return docs


def search_index(site: Site, lang: Lang, page_titles: Mapping[str, str], hand_written: PageHeadings) -> dict[str, Any]:
    """The whole search_index.json for one language, in Material's format."""
    missing = {p.file for p in site.outline.pages} - set(page_titles)
    if missing:
        raise ValueError(f"no title for page(s) {sorted(missing)}")
    return {
        "config": {
            "lang": [lang],
            "separator": SEPARATORS[lang],
            # No stemmer: Material adds a wildcard to every query term, and lunr does not
            # stem wildcard terms; docs/assets/zdr-search.js strips English endings
            # from the query instead ("models" finds "model").
            "pipeline": ["stopWordFilter"],
            # `terms`: the other words readers use for an entry (search_terms in the
            # data), weighed as its title though never shown. In the text, a title
            # that shared one of them outranked the entry (Material weighs a title
            # a thousand times the text): "bulk requests" found "How do I request ZDR?".
            "fields": {
                "title": {"boost": 1000.0},
                "terms": {"boost": 1000.0},
                "text": {"boost": 1.0},
                "tags": {"boost": 1000000.0},
            },
        },
        "docs": search_entries(site, lang, page_titles, hand_written),
    }
