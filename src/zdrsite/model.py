"""Typed records for the validated data. Renderers read these, never raw dicts.

`records.py` builds them from the checked data. Nothing here knows the site's
pages: `outline.py` says where each record goes (registry.build_site).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .languages import LANGUAGES, UnknownLanguageError

Lang = str
"""One of `languages.LANGUAGES`; `Text` refuses any other."""
Status = Literal["eligible", "qualified", "not-eligible", "not-listed", "ask", "limitation"]
STATUSES: tuple[Status, ...] = ("eligible", "qualified", "not-eligible", "not-listed", "ask", "limitation")
VERDICTS: tuple[Status, ...] = STATUSES[:4]
"""The ZDR verdicts ("qualified": the source's "Yes (qualified)"); `ask` and
`limitation` are not, and never read as one."""
HipaaStatus = Literal["eligible", "not-eligible", "not-listed"]
"""A HIPAA readiness verdict (the source's HIPAA column), never read as a ZDR one."""
Arrangement = Literal["zdr", "hipaa"]
"""Which arrangement a verdict is for: its badge says so."""


class Text:
    """One text in every language of the site."""

    __slots__ = ("_by_lang",)

    def __init__(self, by_lang: Mapping[str, str]) -> None:
        if set(by_lang) != set(LANGUAGES):
            raise ValueError(f"a text needs exactly the languages {LANGUAGES}, got {sorted(by_lang)}")
        self._by_lang = dict(by_lang)

    @classmethod
    def same(cls, text: str) -> Text:
        """A text that reads the same in every language (a date, an endpoint)."""
        return cls(dict.fromkeys(LANGUAGES, text))

    def __call__(self, lang: Lang) -> str:
        try:
            return self._by_lang[lang]
        except KeyError:
            raise UnknownLanguageError(lang) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other._by_lang == self._by_lang

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._by_lang.items())))

    def __repr__(self) -> str:
        return f"Text({self._by_lang!r})"


# The order of a system's verdicts: what keeps it from the arrangement first, then
# what holds with a condition, then what is plainly eligible.
SEVERITY: tuple[Status, ...] = ("not-eligible", "not-listed", "ask", "limitation", "qualified", "eligible")


@dataclass(frozen=True)
class StatusInfo:
    label: Text
    icon: str
    todo: Text | None = None
    """What to do about an item with this verdict where its end node says nothing."""


PatternKind = Literal["call", "param", "path", "token"]


@dataclass(frozen=True)
class CodePattern:
    """What `zdr scan` looks for in code (scan.regex turns it into an expression):

    - call: an SDK attribute chain such as `messages.batches`, called with one of
      `methods` (or called itself when there are none);
    - param: a request parameter, as a keyword argument or an object key; with
      `value`, only set to it; with `key`, only holding an object with that key;
    - path: an HTTP path of the API;
    - token: a name spelled exactly (a beta header value, a class, a package).
    `sdk_import`: only in a file that imports an Anthropic SDK."""

    kind: PatternKind
    name: str
    methods: tuple[str, ...] = ()
    key: str | None = None
    value: str | None = None
    sdk_import: bool = False


@dataclass(frozen=True)
class Point:
    id: str
    text: Text
    label: Text | None
    status: Status | None = None
    url: str | None = None
    """The document the source page links to for this point (an external page)."""


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    status: Status | None
    text: tuple[Text, ...]
    points: tuple[Point, ...]
    code: tuple[CodePattern, ...] = ()
    hipaa: HipaaStatus | None = None
    """The HIPAA verdict of the points (a HIPAA scope list)."""
    ordered: bool = False
    """The points are steps, in order."""
    more: tuple[Text, ...] = ()
    """Paragraphs after the points."""
    search_terms: Text | None = None


@dataclass(frozen=True)
class FeatureTable:
    """The table of the features of one ZDR verdict."""

    id: str
    status: Status
    title: Text
    intro: Text
    note: Text | None


@dataclass(frozen=True)
class Note:
    """A footnote of the source's table."""

    id: str
    text: Text


@dataclass(frozen=True)
class Eligibility:
    tables: tuple[FeatureTable, ...]
    notes: tuple[Note, ...]

    def note(self, ident: str) -> Note:
        return next(n for n in self.notes if n.id == ident)


@dataclass(frozen=True)
class Endpoint:
    path: str
    note: Text | None = None
    """What the request carries, as the source says it (with web_search tool)."""


@dataclass(frozen=True)
class Feature:
    id: str
    status: Status
    """The ZDR verdict: eligible, qualified or not-eligible."""
    hipaa: HipaaStatus
    name: Text
    endpoints: tuple[Endpoint, ...]
    details: Text
    zdr_notes: tuple[str, ...] = ()
    hipaa_notes: tuple[str, ...] = ()
    search_terms: Text | None = None
    """Other words a reader may type for it (search only, never shown)."""
    code: tuple[CodePattern, ...] = ()


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: Text
    answer: tuple[Text, ...]
    points: tuple[Point, ...]
    links: tuple[str, ...]
    status: Status | None = None
    search_terms: Text | None = None
    code: tuple[CodePattern, ...] = ()
    more: tuple[Text, ...] = ()
    """Paragraphs after the points."""


@dataclass(frozen=True)
class RetentionItem:
    id: str
    what: Text
    period: Text
    source: str
    """The id of the feature, limit or point that says so."""


@dataclass(frozen=True)
class RetentionTable:
    id: str
    title: Text
    intro: Text
    items: tuple[RetentionItem, ...]


@dataclass(frozen=True)
class Term:
    id: str
    term: Text
    meaning: Text
    abbr: str | None


@dataclass(frozen=True)
class Glossary:
    id: str
    title: Text
    intro: Text
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Alias:
    """An anchor that moved: links to `id` land on `to`."""

    id: str
    to: str


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
    group: str | None = None
    """The question's group this answer is one choice of (Group.name)."""


@dataclass(frozen=True)
class Group:
    """Answers of a question with several answers of which the reader picks one
    or none: a question inside the question."""

    name: str
    question: Text
    none: Text
    """The choice of none of them."""


@dataclass(frozen=True)
class Question:
    id: str
    question: Text
    answers: tuple[Answer, ...]
    multiple: bool = False
    """The reader ticks every answer that applies; each leads to an end node."""
    arrangement: Arrangement = "zdr"
    groups: tuple[Group, ...] = ()

    def group(self, name: str) -> Group:
        return next(g for g in self.groups if g.name == name)

    def runs(self) -> tuple[tuple[Group | None, tuple[Answer, ...]], ...]:
        """The answers in order, a group's together (the loader keeps them side by
        side) under their group; an answer outside every group alone, under None."""
        runs: list[tuple[Group | None, list[Answer]]] = []
        for a in self.answers:
            if a.group is not None and runs and runs[-1][0] is not None and runs[-1][0].name == a.group:
                runs[-1][1].append(a)
            else:
                runs.append((self.group(a.group) if a.group is not None else None, [a]))
        return tuple((group, tuple(answers)) for group, answers in runs)


@dataclass(frozen=True)
class End:
    id: str
    verdict: Status
    text: Text
    evidence: tuple[str, ...]
    requires: Text | None = None
    """What the reader must do for the verdict to hold."""
    arrangement: Arrangement = "zdr"
    """A HIPAA verdict's badge says HIPAA (policy.hipaa_statuses)."""
    then: Answer | None = None
    """Where the reader may go on from this verdict, as if an arrangement were in
    place: every later step is hypothetical."""


Node = Question | End
Trail = tuple[tuple[Question, Answer], ...]


@dataclass(frozen=True)
class Caveat:
    text: Text
    link: str
    after: str
    """Applies to every answer given after this question was answered."""
    ticked: tuple[str, ...] = ()
    """Only when one of these items (end ids) of `after` is ticked; empty: always."""


@dataclass(frozen=True)
class Decision:
    id: str
    title: Text
    intro: Text
    start: str
    caveats: tuple[Caveat, ...]
    nodes: tuple[Node, ...]
    by_id: Mapping[str, Node] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {n.id: n for n in self.nodes})

    def node(self, node_id: str) -> Node:
        return self.by_id[node_id]

    def end(self, node_id: str) -> End:
        node = self.by_id[node_id]
        assert isinstance(node, End), node_id
        return node

    def caveats_after(self, trail: Trail) -> tuple[Caveat, ...]:
        """The caveats that apply once the questions of `trail` are answered."""
        asked = {question.id for question, _ in trail}
        return tuple(c for c in self.caveats if c.after in asked)

    def paths(self) -> Iterator[tuple[Trail, End | Question]]:
        """Every path from the start to an end node or a question with several
        answers (where the reader ticks items), depth first in answer order.

        Iterative, so a long chain cannot exhaust Python's recursion limit; the
        loader bounds the number of paths (the graph is acyclic)."""
        stack: list[tuple[Node, Trail]] = [(self.node(self.start), ())]
        while stack:
            node, trail = stack.pop()
            if isinstance(node, End) or node.multiple:
                yield trail, node
                continue
            for answer in reversed(node.answers):
                stack.append((self.node(answer.next), (*trail, (node, answer))))


@dataclass(frozen=True)
class Move:
    """What moved, for these ids, from the edition the data followed before."""

    ids: tuple[str, ...]
    text: Text


@dataclass(frozen=True)
class Change:
    date: str
    changes: Text
    ids: tuple[str, ...]
    moves: tuple[Move, ...] = ()
    """What moved, id by id (the changes page lists them); only `ids` show the date."""


@dataclass(frozen=True)
class Meta:
    site_name: Text
    about: Text
    definition: Text
    source_url: str
    source_title: Text
    source_saved: str
    """The day the copy of the source the data follows was saved."""
    edition_note: Text
    """Which edition the data follows, and what the other language's restates."""
    last_checked: str
    not_listed: Text
    site_url: str
    """Where the site is published, ending in "/" (the scan's links use it)."""


@dataclass(frozen=True)
class Sdk:
    registry: str
    package: str
    version: str


@dataclass(frozen=True)
class ScanInfo:
    """The code patterns' table: its heading, and the SDK versions they were
    checked against (tools/check_sdk_names.py)."""

    id: str
    title: Text
    intro: Text
    checked: str
    sdks: tuple[Sdk, ...]


@dataclass(frozen=True)
class Policy:
    meta: Meta
    labels: Mapping[str, Text]
    statuses: Mapping[str, StatusInfo]
    hipaa_statuses: Mapping[str, StatusInfo]
    overview: tuple[Section, ...]
    hipaa: tuple[Section, ...]
    eligibility: Eligibility
    features: tuple[Feature, ...]
    limits: tuple[Section, ...]
    retention: RetentionTable
    faq: tuple[FaqEntry, ...]
    related: ResourceList
    decision: Decision
    aliases: tuple[Alias, ...]
    glossary: Glossary
    changelog: tuple[Change, ...]
    scan: ScanInfo

    def features_with(self, status: Status) -> tuple[Feature, ...]:
        return tuple(f for f in self.features if f.status == status)

    def code_patterns(self) -> Iterator[tuple[str, tuple[CodePattern, ...]]]:
        """(id, patterns) of every feature, limit and FAQ answer that has some."""
        items: tuple[Feature | Section | FaqEntry, ...] = (
            *self.overview,
            *self.features,
            *self.limits,
            *self.faq,
        )
        for item in items:
            if item.code:
                yield item.id, item.code

    def last_changed(self, ident: str) -> str | None:
        """Date of the newest changelog entry that touched `ident` (newest first)."""
        return next((c.date for c in self.changelog if ident in c.ids), None)

    def what_to_do(self, end: End) -> Text | None:
        """What the reader does for an end node's verdict: its own words, else its
        verdict's (none for a plainly eligible one)."""
        return end.requires or self.status_info(end.verdict, end.arrangement).todo

    def status_info(self, status: str, arrangement: Arrangement = "zdr") -> StatusInfo:
        """A verdict's badge: the ZDR one, or the HIPAA one."""
        return (self.hipaa_statuses if arrangement == "hipaa" else self.statuses)[status]
