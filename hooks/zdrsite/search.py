"""One search index per language, built from the data.

Material's search plugin indexes each page by its headings, and with
mkdocs-static-i18n one index holds both languages. We write our own index per
language instead: every table row, special case and FAQ question is its own
result whose title says what it is, and a Japanese page only ever loads the
Japanese index.
"""

from __future__ import annotations

import html
from typing import Any, Iterable

from .model import Feature, Lang, Point, Policy, Section, Text
from .pages import PAGES, page_url

# Japanese has no spaces between words. Besides whitespace and punctuation, split
# where the script changes (kanji / hiragana / katakana / Latin), so a compound
# such as バッチ処理 also yields バッチ and 処理. Material then runs lunr's
# TinySegmenter on each piece. Written for JavaScript's RegExp (lookbehind is fine).
_KANJI, _HIRA, _KATA, _LATIN = r"\u3400-\u9fff々", r"\u3041-\u309f", r"\u30a0-\u30ffー", r"A-Za-z0-9"
_SCRIPTS = (_KANJI, _HIRA, _KATA, _LATIN)
_BOUNDARIES = "|".join(f"(?<=[{a}])(?=[{b}])" for a in _SCRIPTS for b in _SCRIPTS if a != b)
SEPARATORS = {
    "en": r"[\s\-]+",
    "ja": r"[\s\-、。,.:;!?()()「」『』・/]+|" + _BOUNDARIES,
}


def _esc(text: str) -> str:
    # Material shows titles and texts of the index as HTML: escape the data.
    return html.escape(text, quote=False)


def _join(parts: Iterable[str]) -> str:
    return " ".join(_esc(p) for p in parts if p)


def _points(points: Iterable[Point], lang: Lang) -> list[str]:
    return [f"{p.label(lang)}: {p.text(lang)}" if p.label else p.text(lang) for p in points]


def _entry(page: str, anchor: str | None, title: str, text: str) -> dict[str, Any]:
    location = page_url(page) + (f"#{anchor}" if anchor else "")
    return {"location": location, "title": _esc(title), "text": text}


def _section(page: str, s: Section, policy: Policy, lang: Lang) -> dict[str, Any]:
    status = [policy.statuses[s.status].label(lang)] if s.status else []
    return _entry(page, s.id, s.title(lang), _join([*status, *(t(lang) for t in s.text), *_points(s.points, lang)]))


def feature_title(policy: Policy, f: Feature, lang: Lang) -> str:
    return f"{f.name(lang)} — {policy.statuses[f.status].label(lang)}"


def _feature(policy: Policy, f: Feature, lang: Lang) -> dict[str, Any]:
    fields: list[Text | None] = [f.description, f.retention, f.reason, *f.details]
    endpoint = " ".join(x for x in (f.endpoint or "", f.endpoint_note(lang) if f.endpoint_note else "") if x)
    return _entry("eligibility.md", f.id, feature_title(policy, f, lang),
                  _join([endpoint, *(t(lang) for t in fields if t)]))


def search_entries(policy: Policy, lang: Lang, page_titles: dict[str, str],
                   hand_written: dict[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
    """Index entries in site order. `page_titles` maps page file -> its title;
    `hand_written` maps a page without data markers -> its (anchor, heading) pairs."""
    e = policy.eligibility
    entries = [_entry("index.md", None, page_titles["index.md"], "")]
    entries += [_section("index.md", s, policy, lang) for s in policy.overview]
    r = policy.related
    entries.append(_entry("index.md", r.id, r.title(lang), _join([r.intro(lang), *_points(r.items, lang)])))

    entries.append(_entry("eligibility.md", None, page_titles["eligibility.md"], ""))
    for head, status in ((e.eligible_table, "eligible"), (e.not_eligible_table, "not-eligible"),
                         (e.special_cases, "special-case")):
        entries.append(_entry("eligibility.md", head.id, head.title(lang),
                              _join([head.intro(lang), head.note(lang) if head.note else ""])))
        entries += [_feature(policy, f, lang) for f in policy.features_with(status)]

    entries.append(_entry("limits.md", None, page_titles["limits.md"], ""))
    entries += [_section("limits.md", s, policy, lang) for s in policy.limits]

    entries.append(_entry("faq.md", None, page_titles["faq.md"], ""))
    entries += [_entry("faq.md", q.id, q.question(lang),
                       _join([*(t(lang) for t in q.answer), *_points(q.points, lang)])) for q in policy.faq]

    d = policy.decision
    entries.append(_entry("flowchart.md", None, page_titles["flowchart.md"], ""))
    entries.append(_entry("flowchart.md", d.id, d.title(lang), _join([d.intro(lang)])))

    entries.append(_entry("checker.md", None, page_titles["checker.md"], ""))
    entries.append(_entry("checker.md", f"{d.id}-checker", policy.labels["checker_title"](lang),
                          _join([policy.labels["checker_intro"](lang)])))

    entries.append(_entry("changes.md", None, page_titles["changes.md"], ""))
    entries += [_entry("changes.md", f"change-{c.date}", c.date, _join([c.changes(lang)])) for c in policy.changelog]

    for page, headings in hand_written.items():
        if not PAGES.get(page):
            entries.append(_entry(page, None, page_titles[page], ""))
            entries += [_entry(page, anchor, title, "") for anchor, title in headings]
    return entries


def search_index(policy: Policy, lang: Lang, page_titles: dict[str, str],
                 hand_written: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """The whole search_index.json for one language, in Material's format."""
    missing = set(PAGES) - set(page_titles)
    if missing:
        raise ValueError(f"no title for page(s) {sorted(missing)}")
    return {
        "config": {
            "lang": [lang],
            "separator": SEPARATORS[lang],
            "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
        },
        "docs": search_entries(policy, lang, page_titles, hand_written),
    }
