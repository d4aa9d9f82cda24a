"""`zdr source check`: does the data still follow a saved copy of its source page?

The page's parts (source.py) are matched to the data's ids by endpoint and by the
names each entry has on the source's pages (`source_names` in the data, per
language, any edition, besides the entry's own name there), never by position.
Each difference is reported by id and source line: a part the data lacks, an id
the page no longer has, a ZDR or HIPAA verdict, an endpoint or a duration that
differs, an FAQ question or a section added or gone.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from .languages import punctuation
from .source import Part, SourcePage, durations, normal

Kind = Literal[
    "added",
    "removed",
    "status",
    "hipaa",
    "endpoint",
    "duration",
    "faq-added",
    "faq-removed",
    "section-added",
    "section-removed",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# What the text report calls each kind, and its own words, in each language.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "added": "On the source, not in the data",
        "removed": "In the data, no longer on the source",
        "status": "ZDR verdict differs",
        "hipaa": "HIPAA verdict differs",
        "endpoint": "Endpoint differs",
        "duration": "Duration differs",
        "faq-added": "FAQ question added",
        "faq-removed": "FAQ question gone",
        "section-added": "Section added",
        "section-removed": "Section gone",
        "in_sync": "The data follows this page: no differences.",
        "same_copy": "This is the very copy the data follows (sha256 matches).",
        "other_copy": "Another copy or edition than the one the data follows (saved {saved}).",
        "count": "{n}",
        "total": "{n} differences",
        "nothing": "nothing",
        "source_says": "the source says",
        "data_says": "the data says",
    },
    "ja": {
        "added": "出典にあり、データにないもの",
        "removed": "データにあり、出典からなくなったもの",
        "status": "ZDRの判定の違い",
        "hipaa": "HIPAAの判定の違い",
        "endpoint": "エンドポイントの違い",
        "duration": "期間の違い",
        "faq-added": "追加されたFAQの質問",
        "faq-removed": "なくなったFAQの質問",
        "section-added": "追加されたセクション",
        "section-removed": "なくなったセクション",
        "in_sync": "データはこのページに沿っています。差分はありません。",
        "same_copy": "データが従っている保存コピーそのものです（sha256が一致）。",
        "other_copy": "データが従うコピー（{saved}保存）とは別のコピー、または別の版です。",
        "count": "{n}件",
        "total": "差分：{n}件",
        "nothing": "なし",
        "source_says": "出典",
        "data_says": "データ",
    },
}


@dataclass(frozen=True)
class Difference:
    kind: Kind
    id: str | None
    name: str
    line: int | None
    source: str | None
    data: str | None
    message: str


@dataclass(frozen=True)
class Entry:
    """An id of the data that a part of the page may be: its kind, names, and
    what it says (for durations, in the page's language)."""

    id: str
    kind: Literal["feature", "faq", "section", "point"]
    names: tuple[str, ...]
    expected: bool
    """Must be on the page: a feature, an FAQ entry, or anything with source names."""
    status: str | None
    endpoint: str | None
    texts: str
    hipaa: str | None = None
    """The HIPAA readiness verdict, if the entry gives one."""


def _texts(value: Any, lang: str) -> Iterator[str]:
    """The texts of an entry in `lang`, not those of the entries inside it."""
    if isinstance(value, dict):
        if set(value) == {"en", "ja"} and all(isinstance(v, str) for v in value.values()):
            yield value[lang]
            return
        for key, child in value.items():
            if key in ("source_names", "search_terms", "code", "points", "items"):
                continue
            yield from _texts(child, lang)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child, lang)


def entries(data: dict[str, Any], lang: str) -> list[Entry]:
    """Every id of the data that the source page states, in data order."""
    found: list[Entry] = []

    def add(
        item: dict[str, Any], kind: Any, own: Iterable[str], status: str | None = None, hipaa: str | None = None
    ) -> None:
        names = tuple(item.get("source_names", {}).get(lang, ())) + tuple(n for n in own if n)
        expected = kind in ("feature", "faq") or bool(item.get("source_names", {}).get(lang))
        # The endpoints as the source writes them, one after the other: normal()
        # compares letters and digits only.
        endpoints = [f"{e['path']} {e['note']['en']}" if "note" in e else e["path"] for e in item.get("endpoints", ())]
        texts = " ".join(_texts(item, lang))
        verdict, readiness = status or item.get("status"), hipaa or item.get("hipaa")
        found.append(Entry(item["id"], kind, names, expected, verdict, " ".join(endpoints) or None, texts, readiness))

    def points(items: list[dict[str, Any]], status: str | None, hipaa: str | None = None) -> None:
        for p in items:
            add(p, "point", [(p.get("label") or p["text"])[lang]], p.get("status") or status, hipaa)

    for section in [*data["overview"], *data["hipaa"]]:
        add(section, "section", [section["title"][lang]])
        points(section.get("points", []), section.get("status"), section.get("hipaa"))
    for head in data["eligibility"]["tables"]:
        add(head, "section", [head["title"][lang]])
    for feature in data["features"]:
        add(feature, "feature", [feature["name"][lang]])
    for section in data["limits"]:
        add(section, "section", [section["title"][lang]])
        points(section.get("points", []), section.get("status"))
    for question in data["faq"]:
        add(question, "faq", [question["question"][lang]])
    related = data["related_resources"]
    add(related, "section", [related["title"][lang]])
    points(related["items"], None)
    return found


def _phrases(name: str) -> tuple[str, ...]:
    return tuple(normal(phrase) for phrase in name.split(" + "))


@dataclass(frozen=True)
class _Names:
    """An entry's names, normalized once: whole names, and phrase sets (FAQ)."""

    whole: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def _names(entry: Entry) -> _Names:
    own = entry.names[-1] if entry.names else ""
    listed = entry.names[:-1] if entry.names else ()
    if entry.kind == "faq":  # its own question whole; its source names as phrases
        return _Names(frozenset({normal(own)}), tuple(_phrases(n) for n in listed))
    return _Names(frozenset(normal(n) for n in entry.names), ())


_PART_KIND = {"row": "feature", "question": "faq", "section": "section", "item": "point"}
ADDED: dict[str, Kind] = {"row": "added", "question": "faq-added", "section": "section-added", "item": "added"}
REMOVED: dict[str, Kind] = {
    "feature": "removed",
    "faq": "faq-removed",
    "section": "section-removed",
    "point": "removed",
}


def _kinds_of(part: Part) -> tuple[str, ...]:
    kind = _PART_KIND[part.kind]
    return ("section", "point") if kind == "section" else (kind,)


def _assign(parts: list[Part], known: list[Entry]) -> dict[int, Entry]:
    """Part index -> its entry: first every part that names an entry exactly, then
    the FAQ questions that hold an entry's phrases, then rows by their endpoint
    (qualifier and all) where only one feature has it; an entry goes to one part."""
    names = {e.id: _names(e) for e in known}
    by_name: dict[tuple[str, str], list[Entry]] = {}
    for entry in known:
        for name in names[entry.id].whole:
            by_name.setdefault((entry.kind, name), []).append(entry)
    taken: dict[int, Entry] = {}
    used: set[str] = set()

    def give(i: int, entry: Entry | None) -> None:
        if entry is not None and entry.id not in used:
            taken[i] = entry
            used.add(entry.id)

    for i, part in enumerate(parts):
        said = normal(part.name)
        found = [e for k in _kinds_of(part) for e in by_name.get((k, said), ()) if e.id not in used]
        give(i, found[0] if found else None)
    faq = [e for e in known if e.kind == "faq"]
    for i, part in enumerate(parts):
        if i in taken or part.kind != "question":
            continue
        said = normal(part.name)
        found = [e for e in faq if e.id not in used and any(all(x in said for x in ps) for ps in names[e.id].phrases)]
        give(i, found[0] if found else None)
    endpoints: dict[str, list[Entry]] = {}
    for entry in known:
        if entry.kind == "feature" and entry.endpoint:
            endpoints.setdefault(normal(entry.endpoint), []).append(entry)
    for i, part in enumerate(parts):
        if i not in taken and part.kind == "row" and part.endpoint:
            found = endpoints.get(normal(part.endpoint), [])
            give(i, found[0] if len(found) == 1 else None)
    return taken


def _verdict(verdict: tuple[str, str] | None, what: str = "") -> str | None:
    """A verdict as the page words it, and what it means: `Yes (qualified) → qualified`."""
    if verdict is None:
        return None
    return f"{what + ' ' if what else ''}{verdict[1]} → {verdict[0]}"


def compare(page: SourcePage, data: dict[str, Any], report_lang: str) -> list[Difference]:
    """Every difference between the page and the data, in page order, then the
    ids the page no longer has; messages in `report_lang`."""
    lang = page.lang
    known = entries(data, lang)
    headings = {normal(h) for h in data["meta"]["source"].get("headings", {}).get(lang, [])}
    headings.add(normal(page.title or ""))
    out: list[Difference] = []
    marks, words = punctuation(report_lang), WORDS[report_lang]

    def say(kind: Kind, part: Part | None, entry: Entry | None, source: str | None, said: str | None) -> None:
        name = part.name if part else (entry.names[0] if entry and entry.names else "")
        ident = entry.id if entry else None
        details = [f"{words['source_says']}{marks.colon}{source}"] if source is not None else []
        details += [f"{words['data_says']}{marks.colon}{said}"] if said is not None else []
        message = name + (marks.aside(marks.slash.join(details)) if details else "")
        out.append(Difference(kind, ident, name, part.line if part else None, source, said, message))

    parts = [p for p in page.parts if not (p.kind == "section" and normal(p.name) in headings)]
    taken = _assign(parts, known)
    # A heading a text copy read as a special case (it says no heading's level) that
    # names no feature: a section after all.
    again = [i for i, p in enumerate(parts) if p.kind == "row" and p.levelless and not p.endpoint and i not in taken]
    if again:
        for i in again:
            parts[i] = dataclasses.replace(parts[i], kind="section", zdr=None)
        parts = [p for p in parts if not (p.kind == "section" and normal(p.name) in headings)]
        taken = _assign(parts, known)
    for i, part in enumerate(parts):
        entry = taken.get(i)
        if entry is None:
            what = [w for w in (part.endpoint, _verdict(part.zdr), _verdict(part.hipaa, "HIPAA")) if w]
            say(ADDED[part.kind], part, None, " · ".join(what) or None, None)
            continue
        if part.zdr is not None and entry.kind in ("feature", "point") and part.zdr[0] != entry.status:
            say("status", part, entry, _verdict(part.zdr), entry.status)
        if part.hipaa is not None and entry.kind in ("feature", "point") and part.hipaa[0] != entry.hipaa:
            say("hipaa", part, entry, _verdict(part.hipaa), entry.hipaa or words["nothing"])
        endpoints_differ = normal(part.endpoint or "") != normal(entry.endpoint or "")
        if part.kind == "row" and part.endpoint_column and endpoints_differ:
            say("endpoint", part, entry, part.endpoint or words["nothing"], entry.endpoint or words["nothing"])
        kept = durations(entry.texts)
        if part.durations != kept and (part.durations or part.kind in ("row", "section")):
            shown = marks.comma.join(d.text(report_lang) for d in sorted(part.durations)) or words["nothing"]
            stated = marks.comma.join(d.text(report_lang) for d in sorted(kept)) or words["nothing"]
            say("duration", part, entry, shown, stated)
    seen = {e.id for e in taken.values()}
    for entry in known:
        if entry.expected and entry.id not in seen:
            say(REMOVED[entry.kind], None, entry, None, None)
    return out


@dataclass(frozen=True)
class Report:
    file: str
    page: SourcePage
    sha256: str
    same_copy: bool
    differences: list[Difference]

    @property
    def in_sync(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "edition": {"title": self.page.title, "lang": self.page.lang, "url": self.page.url},
            "same_copy": self.same_copy,
            "in_sync": self.in_sync,
            "differences": [asdict(d) for d in self.differences],
        }


def check(raw: bytes, page: SourcePage, data: dict[str, Any], file: str, lang: str) -> Report:
    """The report on one file, its messages in `lang`."""
    digest = hashlib.sha256(raw).hexdigest()
    same = digest == data["meta"]["source"].get("sha256")
    return Report(file, page, digest, same, compare(page, data, lang))


def as_json(reports: list[Report]) -> str:
    return json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2)


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def shown(text: str) -> str:
    """Text from a file (or its name) as a terminal may print it: control and
    direction characters as escapes."""
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text
    )


def as_text(report: Report, lang: str, saved: str) -> str:
    """Grouped by kind, one line a difference: `file:line  id  message`."""
    words, marks = WORDS[lang], punctuation(lang)
    edition = " · ".join(x for x in (report.page.title, report.page.lang, report.page.url) if x)
    copy = words["same_copy"] if report.same_copy else words["other_copy"].format(saved=saved)
    out = [f"{shown(report.file)}: {shown(edition)}", f"  {copy}"]
    if report.in_sync:
        out.append(f"  {words['in_sync']}")
        return "\n".join(out) + "\n"
    for kind in KINDS:
        found = [d for d in report.differences if d.kind == kind]
        if not found:
            continue
        out.append(f"  {words[kind]}{marks.aside(words['count'].format(n=len(found)))}")
        for d in found:
            where = f"{report.file}:{d.line}" if d.line else report.file
            out.append(f"    {shown(where)}  {d.id or '-'}  {shown(d.message)}")
    out.append(f"  {words['total'].format(n=len(report.differences))}")
    return "\n".join(out) + "\n"
