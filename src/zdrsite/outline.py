"""One outline of the site: its pages, the markers each carries, and the entries
(id, kind, title, status, texts) each marker puts there, in order.

Every consumer walks this outline instead of the data: the renderers' links
(`Entry.href`), the search index, the exports, the link contract and the tests.
The outline is built beside the policy, not inside it (the loader knows nothing of
pages): `registry.build_site` puts the two together as a `Site`. A new kind of
entry gets its builder here and one line in the registry (registry.MARKERS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, cast

from .languages import LANGUAGES, punctuation
from .model import Answer, End, Feature, HipaaStatus, Point, Policy, Question, Section, Status, Text

Kind = Literal["section", "point", "feature", "faq", "question", "end", "change", "retention", "term", "alias"]
# Kinds that are a search result of their own; the others are found through the
# entry they belong to (points) or through the page they are on (the flowchart's
# nodes, which the checker page lists as paths; the changelog's dates, whose
# titles, all digits, would outrank a period such as "2 years").
OWN_SEARCH_RESULT: frozenset[Kind] = frozenset({"section", "feature", "faq", "retention", "term"})
PAGE_TEXT: frozenset[Kind] = frozenset({"change"})
"""Kinds found by their words through the page they are on (its result holds them)."""


@dataclass(frozen=True)
class Field:
    """One text of an entry; `label` names the interface label (a key of the
    data's `labels`) that introduces it, or None for running text."""

    label: str | None
    text: Text


@dataclass(frozen=True)
class Entry:
    page: str
    id: str
    kind: Kind
    title: Text
    status: Status | None = None
    """The ZDR verdict (or ask, limitation), if the entry gives one."""
    fields: tuple[Field, ...] = ()
    parent: str | None = None
    """The id of the entry a point belongs to."""
    search_terms: Text | None = None
    """Other words a reader may type for it: in the search index only."""
    hipaa: HipaaStatus | None = None
    """The HIPAA readiness verdict, if the entry gives one: never in `status`."""

    def url(self) -> str:
        """URL relative to the root of a language, with directory URLs."""
        return f"{page_url(self.page)}#{self.id}"

    def href(self, from_page: str = "") -> str:
        """The link from a page of the same language (any but the home page, by
        default), for raw HTML and Mermaid, which MkDocs does not rewrite. The home
        page is the root of its language; every other page one directory below."""
        return ("" if from_page == "index.md" else "../") + self.url()


@dataclass(frozen=True)
class Page:
    file: str
    """Relative to docs/<lang>/, e.g. "faq.md"."""
    markers: tuple[str, ...]
    entries: tuple[Entry, ...]
    moved: tuple[Entry, ...] = ()
    """Entries that were once on this page and now live on another (their own
    `page`): guides link to them here, so this page keeps their anchors and sends
    the reader on (render.moved)."""

    def url(self) -> str:
        return page_url(self.file)


@dataclass(frozen=True)
class Outline:
    pages: tuple[Page, ...]
    by_id: Mapping[str, Entry] = field(init=False, repr=False, compare=False)

    _children: Mapping[tuple[str, str], tuple[Entry, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {e.id: e for p in self.pages for e in p.entries})
        # Each entry's children in page order, found once (asked for every entry).
        children: dict[tuple[str, str], list[Entry]] = {}
        for page in self.pages:
            for e in page.entries:
                if e.parent is not None:
                    children.setdefault((page.file, e.parent), []).append(e)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def __getitem__(self, ident: str) -> Entry:
        return self.by_id[ident]

    def __contains__(self, ident: object) -> bool:
        return ident in self.by_id

    def entries(self) -> Iterator[Entry]:
        for page in self.pages:
            yield from page.entries

    def page(self, file: str) -> Page:
        return next(p for p in self.pages if p.file == file)

    def children(self, entry: Entry) -> tuple[Entry, ...]:
        return self._children.get((entry.page, entry.id), ())


def verdict_labels(policy: Policy, entry: Entry, lang: str) -> list[str]:
    """The words of an entry's verdicts: its ZDR one, then its HIPAA one."""
    found = [policy.status_info(entry.status).label(lang)] if entry.status else []
    return found + ([policy.status_info(entry.hipaa, "hipaa").label(lang)] if entry.hipaa else [])


def page_url(page: str) -> str:
    return "" if page == "index.md" else page.removesuffix(".md") + "/"


def flowchart_text_id(policy: Policy) -> str:
    # Derived from the data's id so it is the same in both languages.
    return f"{policy.decision.id}-text"


def checker_id(policy: Policy) -> str:
    return f"{policy.decision.id}-checker"


def checker_paths_id(policy: Policy) -> str:
    return f"{policy.decision.id}-paths"


def change_id(date: str) -> str:
    return f"change-{date}"


# -- What each marker puts on its page -------------------------------------------

Entries = list[Entry]


def _points(page: str, points: tuple[Point, ...], parent: str, hipaa: HipaaStatus | None = None) -> Entries:
    return [
        Entry(
            page,
            p.id,
            "point",
            p.label or p.text,
            p.status,
            fields=(Field(None, p.text),) if p.label else (),
            parent=parent,
            hipaa=hipaa,
        )
        for p in points
    ]


def _fields(s: Section) -> tuple[Field, ...]:
    return tuple(Field(None, t) for t in (*s.text, *s.more))


def _section(page: str, s: Section) -> Entries:
    return [
        Entry(
            page,
            s.id,
            "section",
            s.title,
            s.status,
            tuple(Field(None, t) for t in (*s.text, *s.more)),
            hipaa=s.hipaa,
            search_terms=s.search_terms,
        ),
        *_points(page, s.points, s.id, s.hipaa),
    ]


def overview_entries(policy: Policy, page: str) -> Entries:
    return [e for s in policy.overview for e in _section(page, s)]


def hipaa_entries(policy: Policy, page: str) -> Entries:
    return [e for s in policy.hipaa for e in _section(page, s)]


def endpoint_text(f: Feature) -> Text:
    """The endpoints of a row as one text: `/v1/messages with web_search tool`."""
    return Text(
        {
            lang: punctuation(lang).comma.join(f"{e.path} {e.note(lang)}" if e.note else e.path for e in f.endpoints)
            for lang in LANGUAGES
        }
    )


def feature_notes(policy: Policy, f: Feature) -> tuple[Text, ...]:
    """The footnotes of a row, each once, ZDR's first."""
    return tuple(policy.eligibility.note(n).text for n in dict.fromkeys((*f.zdr_notes, *f.hipaa_notes)))


def related_entries(policy: Policy, page: str) -> Entries:
    r = policy.related
    return [Entry(page, r.id, "section", r.title, fields=(Field(None, r.intro),)), *_points(page, r.items, r.id)]


PRODUCTS_ID = "products-and-plans"


def products(policy: Policy) -> tuple[tuple[Answer, End], ...]:
    """The answers of the checker's ZDR list that are not rows of the eligibility
    tables (products, plans, Claude Code's ways, browser calls), with their verdicts;
    not "something else", which names nothing."""
    decision, rows = policy.decision, {f.id for f in policy.features}
    question = next(n for n in decision.nodes if isinstance(n, Question) and n.multiple and n.arrangement == "zdr")
    found = ((a, decision.end(a.next)) for a in question.answers)
    return tuple((a, e) for a, e in found if e.evidence[0] not in rows and e.verdict != "not-listed")


def products_entries(policy: Policy, page: str) -> Entries:
    labels = policy.labels
    return [
        Entry(page, PRODUCTS_ID, "section", labels["products_title"], fields=(Field(None, labels["products_intro"]),))
    ]


def feature_table_entries(policy: Policy, page: str) -> Entries:
    """Every table of the eligibility page: its heading, then its rows."""
    found: Entries = []
    for table in policy.eligibility.tables:
        fields = tuple(Field(None, t) for t in (table.intro, table.note) if t is not None)
        found.append(Entry(page, table.id, "section", table.title, table.status, fields))
        for f in policy.features_with(table.status):
            parts = [
                ("endpoint", endpoint_text(f)),
                ("details", f.details),
                *(("note", n) for n in feature_notes(policy, f)),
            ]
            fields = tuple(Field(label, text) for label, text in parts)
            found.append(
                Entry(page, f.id, "feature", f.name, f.status, fields, search_terms=f.search_terms, hipaa=f.hipaa)
            )
    return found


def limits_entries(policy: Policy, page: str) -> Entries:
    return [e for s in policy.limits for e in _section(page, s)]


def faq_entries(policy: Policy, page: str) -> Entries:
    found: Entries = []
    for q in policy.faq:
        answer = tuple(Field(None, t) for t in (*q.answer, *q.more))
        found.append(Entry(page, q.id, "faq", q.question, q.status, answer, search_terms=q.search_terms))
        found += _points(page, q.points, q.id)
    return found


def flowchart_entries(policy: Policy, page: str) -> Entries:
    d = policy.decision
    found = [
        Entry(page, d.id, "section", d.title, fields=(Field(None, d.intro),)),
        Entry(page, flowchart_text_id(policy), "section", policy.labels["flowchart_text"]),
    ]
    titles = {n.id: n.question if isinstance(n, Question) else n.text for n in d.nodes}
    for node in d.nodes:
        if isinstance(node, Question):
            answers: tuple[Field, ...] = ()
            for group, run in node.runs():
                if group is not None:  # its question, and its choice of none, before its answers
                    answers += (Field(None, _arrow(group.question, group.none)),)
                answers += tuple(Field(None, _arrow(a.label, titles[a.next])) for a in run)
            found.append(Entry(page, node.id, "question", node.question, fields=answers))
        else:
            todo = policy.what_to_do(node)
            requires: tuple[Field, ...] = (Field("checker_requires", todo),) if todo else ()
            if node.then:  # where the reader may go on, as if an arrangement were in place
                requires += (Field(None, _arrow(node.then.label, titles[node.then.next])),)
            if node.arrangement == "hipaa":  # the schema allows it HIPAA verdicts only
                hipaa = cast(HipaaStatus, node.verdict)
                found.append(Entry(page, node.id, "end", node.text, None, requires, hipaa=hipaa))
            else:
                found.append(Entry(page, node.id, "end", node.text, node.verdict, requires))
    return found


def _arrow(label: Text, target: Text) -> Text:
    return Text({lang: f"{label(lang)} → {target(lang)}" for lang in LANGUAGES})


def checker_entries(policy: Policy, page: str) -> Entries:
    labels = policy.labels
    caveats = tuple(Field("checker_caveats", c.text) for c in policy.decision.caveats)
    return [
        Entry(
            page,
            checker_id(policy),
            "section",
            labels["checker_title"],
            fields=(Field(None, labels["checker_intro"]), *caveats),
        ),
        Entry(page, checker_paths_id(policy), "section", labels["checker_all_paths"]),
    ]


def changelog_entries(policy: Policy, page: str) -> Entries:
    return [
        Entry(
            page,
            change_id(c.date),
            "change",
            Text.same(c.date),
            fields=(Field(None, c.changes), *(Field(None, m.text) for m in c.moves)),
        )
        for c in policy.changelog
    ]


def retention_entries(policy: Policy, page: str) -> Entries:
    r = policy.retention
    return [
        Entry(page, r.id, "section", r.title, fields=(Field(None, r.intro),)),
        *(Entry(page, i.id, "retention", i.what, fields=(Field("retention_period", i.period),)) for i in r.items),
    ]


def glossary_entries(policy: Policy, page: str) -> Entries:
    g = policy.glossary
    return [
        Entry(page, g.id, "section", g.title, fields=(Field(None, g.intro),)),
        *(Entry(page, t.id, "term", t.term, fields=(Field(None, t.meaning),)) for t in g.terms),
    ]


def code_patterns_entries(policy: Policy, page: str) -> Entries:
    s = policy.scan
    return [Entry(page, s.id, "section", s.title, fields=(Field(None, s.intro),))]


def no_entries(policy: Policy, page: str) -> Entries:
    return []


MarkerEntries = Callable[[Policy, str], Entries]
"""What a marker puts on its page: (policy, page file) -> its entries, in order."""


def build_outline(
    policy: Policy,
    pages: Sequence[tuple[str, Sequence[tuple[str, MarkerEntries]]]],
    formerly: Mapping[str, Sequence[str]] | None = None,
) -> Outline:
    """Every page with the entries of its markers (`pages`: page file -> its
    markers' names and entry builders, in order; the registry's), then on each page
    the anchors that moved to one of its entries (aliases), after the entries.
    `formerly`: marker name -> the pages its entries were once on; each of those
    pages keeps them as `moved`."""
    drawn = {(file, name): tuple(entries(policy, file)) for file, found in pages for name, entries in found}
    built = [
        Page(file, tuple(name for name, _ in found), tuple(e for name, _ in found for e in drawn[file, name]))
        for file, found in pages
    ]
    for (_, name), entries in drawn.items():
        for old in (formerly or {}).get(name, ()):
            at = next(i for i, p in enumerate(built) if p.file == old)
            built[at] = replace(built[at], moved=(*built[at].moved, *entries))
    by_id = {e.id: e for p in built for e in p.entries}
    for alias in policy.aliases:
        target = by_id.get(alias.to)
        if target is None:
            continue  # the loader reports it
        at = next(i for i, p in enumerate(built) if p.file == target.page)
        moved = Entry(target.page, alias.id, "alias", target.title, target.status, parent=target.id, hipaa=target.hipaa)
        built[at] = replace(built[at], entries=(*built[at].entries, moved))
    return Outline(tuple(built))


@dataclass(frozen=True)
class Site:
    """What the renderers, search, exports and the link contract read: the policy,
    and the outline of where each of its entries lives on the site."""

    policy: Policy
    outline: Outline
