"""Typed records for the validated data. Renderers read these, never raw dicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, Union

Lang = Literal["en", "ja"]
Status = Literal["eligible", "not-eligible", "special-case", "not-listed"]


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    en: str
    ja: str

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja


@dataclass(frozen=True)
class StatusInfo:
    label: Text
    icon: str


@dataclass(frozen=True)
class Point:
    id: str
    text: Text
    label: Text | None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    status: Status | None
    text: tuple[Text, ...]
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Heading:
    id: str
    title: Text
    intro: Text
    note: Text | None


@dataclass(frozen=True)
class Eligibility:
    eligible_table: Heading
    not_eligible_table: Heading
    special_cases: Heading


@dataclass(frozen=True)
class Feature:
    id: str
    status: Status
    name: Text
    endpoint: str | None
    endpoint_note: Text | None
    description: Text | None
    retention: Text | None
    reason: Text | None
    details: tuple[Text, ...]


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: Text
    answer: tuple[Text, ...]
    points: tuple[Point, ...]
    links: tuple[str, ...]


@dataclass(frozen=True)
class ResourceList:
    id: str
    title: Text
    intro: Text
    items: tuple[Point, ...]


@dataclass(frozen=True)
class Answer:
    label: Text
    next: str


@dataclass(frozen=True)
class Question:
    id: str
    question: Text
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class End:
    id: str
    verdict: Status
    text: Text
    evidence: tuple[str, ...]


Node = Union[Question, End]


@dataclass(frozen=True)
class Caveat:
    text: Text
    link: str


@dataclass(frozen=True, eq=False)  # identity, so derived lookups can be cached
class Decision:
    id: str
    title: Text
    intro: Text
    start: str
    caveats: tuple[Caveat, ...]
    nodes: tuple[Node, ...]

    @cached_property
    def _by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def paths(self) -> list[tuple[tuple[Question, Answer], ..., End]]:
        """Every path from the start to an end node (the graph is acyclic)."""
        found: list = []

        def walk(node: Node, trail: tuple) -> None:
            if isinstance(node, End):
                found.append((trail, node))
                return
            for answer in node.answers:
                walk(self.node(answer.next), trail + ((node, answer),))

        walk(self.node(self.start), ())
        return found


@dataclass(frozen=True)
class Change:
    date: str
    changes: Text
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Meta:
    site_name: Text
    about: Text
    source_url: str
    source_title: Text
    last_checked: str
    not_listed: Text


@dataclass(frozen=True, eq=False)  # identity: one Policy per load, cacheable by identity
class Policy:
    meta: Meta
    labels: dict[str, Text]
    statuses: dict[str, StatusInfo]
    overview: tuple[Section, ...]
    eligibility: Eligibility
    features: tuple[Feature, ...]
    limits: tuple[Section, ...]
    faq: tuple[FaqEntry, ...]
    related: ResourceList
    decision: Decision
    changelog: tuple[Change, ...]

    def features_with(self, status: Status) -> tuple[Feature, ...]:
        return tuple(f for f in self.features if f.status == status)

    def last_changed(self, ident: str) -> str | None:
        """Date of the newest changelog entry that touched `ident` (newest first)."""
        return next((c.date for c in self.changelog if ident in c.ids), None)


# Conversion from the schema-checked dict. Only called after validation, so the
# shapes are known; optional fields default to None or an empty tuple.

# YAML folds a long text's lines with spaces; between two Japanese characters such
# a space is an artefact of the folding, not of the text.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_CJK_PUNCT = "\u3001\u3002\uff0c\uff1a\uff1b\uff08\uff09\u300c\u300d\u30fb"  # 、。,:;()「」・
_FOLD_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])|(?<=[{_CJK_PUNCT}])\\s+|\\s+(?=[{_CJK_PUNCT}])")


def _text(d: dict[str, str] | None) -> Text | None:
    if d is None:
        return None
    return Text(en=" ".join(d["en"].split()), ja=_FOLD_SPACE.sub("", " ".join(d["ja"].split())))


def _texts(items: list[dict[str, str]] | None) -> tuple[Text, ...]:
    return tuple(_text(t) for t in items or ())


def _points(items: list[dict[str, Any]] | None) -> tuple[Point, ...]:
    return tuple(Point(id=p["id"], text=_text(p["text"]), label=_text(p.get("label"))) for p in items or ())


def _section(d: dict[str, Any]) -> Section:
    return Section(id=d["id"], title=_text(d["title"]), status=d.get("status"),
                   text=_texts(d.get("text")), points=_points(d.get("points")))


def _heading(d: dict[str, Any]) -> Heading:
    return Heading(id=d["id"], title=_text(d["title"]), intro=_text(d["intro"]), note=_text(d.get("note")))


def _node(d: dict[str, Any]) -> Node:
    if "verdict" in d:
        return End(id=d["id"], verdict=d["verdict"], text=_text(d["text"]), evidence=tuple(d["evidence"]))
    return Question(id=d["id"], question=_text(d["question"]),
                    answers=tuple(Answer(label=_text(a["label"]), next=a["next"]) for a in d["answers"]))


def policy_from_dict(d: dict[str, Any]) -> Policy:
    meta = d["meta"]
    return Policy(
        meta=Meta(site_name=_text(meta["site_name"]), about=_text(meta["about"]),
                  source_url=meta["source"]["url"], source_title=_text(meta["source"]["title"]),
                  last_checked=meta["last_checked"], not_listed=_text(meta["not_listed"])),
        labels={k: _text(v) for k, v in d["labels"].items()},
        statuses={k: StatusInfo(label=_text(v["label"]), icon=v["icon"]) for k, v in d["statuses"].items()},
        overview=tuple(_section(s) for s in d["overview"]),
        eligibility=Eligibility(**{k: _heading(v) for k, v in d["eligibility"].items()}),
        features=tuple(
            Feature(id=f["id"], status=f["status"], name=_text(f["name"]), endpoint=f.get("endpoint"),
                    endpoint_note=_text(f.get("endpoint_note")), description=_text(f.get("description")),
                    retention=_text(f.get("retention")), reason=_text(f.get("reason")),
                    details=_texts(f.get("details")))
            for f in d["features"]),
        limits=tuple(_section(s) for s in d["limits"]),
        faq=tuple(FaqEntry(id=q["id"], question=_text(q["question"]), answer=_texts(q["answer"]),
                           points=_points(q.get("points")), links=tuple(q["links"])) for q in d["faq"]),
        related=ResourceList(id=d["related_resources"]["id"], title=_text(d["related_resources"]["title"]),
                             intro=_text(d["related_resources"]["intro"]),
                             items=_points(d["related_resources"]["items"])),
        decision=Decision(id=d["decision"]["id"], title=_text(d["decision"]["title"]),
                          intro=_text(d["decision"]["intro"]), start=d["decision"]["start"],
                          caveats=tuple(Caveat(text=_text(c["text"]), link=c["link"]) for c in d["decision"]["caveats"]),
                          nodes=tuple(_node(n) for n in d["decision"]["nodes"])),
        changelog=tuple(Change(date=c["date"], changes=_text(c["changes"]), ids=tuple(c["ids"]))
                        for c in d["changelog"]),
    )
