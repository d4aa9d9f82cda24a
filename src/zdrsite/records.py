"""From the checked plain data to the typed records of model.py.

Only called on data the loader has validated, so the shapes are known; optional
fields become None or an empty tuple.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from .languages import LANGUAGES
from .model import (
    Alias,
    Answer,
    Caveat,
    Change,
    CodePattern,
    Decision,
    Eligibility,
    End,
    Endpoint,
    FaqEntry,
    Feature,
    FeatureTable,
    Glossary,
    Group,
    Meta,
    Move,
    Node,
    Note,
    PatternKind,
    Point,
    Policy,
    Question,
    ResourceList,
    RetentionItem,
    RetentionTable,
    ScanInfo,
    Sdk,
    Section,
    StatusInfo,
    Term,
    Text,
)

# Japanese text has no spaces next to Japanese characters, not even before or after
# a Latin word or a number (ZDR対象外, 29日間), as the source page writes its terms:
# a reader who searches the page with them finds them. YAML folds a long text's
# lines with spaces; next to a Japanese character such a space is an artefact.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(f"\\s+(?=[{_CJK}])|(?<=[{_CJK}])\\s+")


def clean_text(lang: str, value: str) -> str:
    """A text as the site shows it: whitespace collapsed, and in Japanese no space
    next to a Japanese character."""
    collapsed = " ".join(value.split())
    return _SPACE_BY_CJK.sub("", collapsed) if lang == "ja" else collapsed


def text(d: dict[str, str]) -> Text:
    return Text({lang: clean_text(lang, d[lang]) for lang in LANGUAGES})


def _optional(d: dict[str, str] | None) -> Text | None:
    return None if d is None else text(d)


def _texts(items: list[dict[str, str]] | None) -> tuple[Text, ...]:
    return tuple(text(t) for t in items or ())


def _points(items: list[dict[str, Any]] | None) -> tuple[Point, ...]:
    return tuple(
        Point(
            id=p["id"], text=text(p["text"]), label=_optional(p.get("label")), status=p.get("status"), url=p.get("url")
        )
        for p in items or ()
    )


def _code(items: list[dict[str, Any]] | None) -> tuple[CodePattern, ...]:
    found = []
    for p in items or ():
        kind = next(k for k in get_args(PatternKind) if k in p)
        found.append(
            CodePattern(
                kind=kind,
                name=p[kind],
                methods=tuple(p.get("methods", ())),
                key=p.get("key"),
                value=p.get("value"),
                sdk_import=bool(p.get("sdk_import")),
            )
        )
    return tuple(found)


def _section(d: dict[str, Any]) -> Section:
    return Section(
        id=d["id"],
        title=text(d["title"]),
        status=d.get("status"),
        text=_texts(d.get("text")),
        points=_points(d.get("points")),
        code=_code(d.get("code")),
        hipaa=d.get("hipaa"),
        ordered=bool(d.get("ordered")),
        more=_texts(d.get("more")),
        search_terms=_optional(d.get("search_terms")),
    )


def _eligibility(d: dict[str, Any]) -> Eligibility:
    return Eligibility(
        tables=tuple(
            FeatureTable(
                id=t["id"],
                status=t["status"],
                title=text(t["title"]),
                intro=text(t["intro"]),
                note=_optional(t.get("note")),
            )
            for t in d["tables"]
        ),
        notes=tuple(Note(id=n["id"], text=text(n["text"])) for n in d["notes"]),
    )


def _feature(f: dict[str, Any]) -> Feature:
    return Feature(
        id=f["id"],
        status=f["status"],
        hipaa=f["hipaa"],
        name=text(f["name"]),
        endpoints=tuple(Endpoint(path=e["path"], note=_optional(e.get("note"))) for e in f["endpoints"]),
        details=text(f["details"]),
        zdr_notes=tuple(f.get("zdr_notes", ())),
        hipaa_notes=tuple(f.get("hipaa_notes", ())),
        search_terms=_optional(f.get("search_terms")),
        code=_code(f.get("code")),
    )


def _node(d: dict[str, Any]) -> Node:
    if "verdict" in d:
        return End(
            id=d["id"],
            verdict=d["verdict"],
            text=text(d["text"]),
            evidence=tuple(d["evidence"]),
            requires=_optional(d.get("requires")),
            arrangement=d.get("arrangement", "zdr"),
            then=Answer(label=text(d["then"]["label"]), next=d["then"]["next"]) if "then" in d else None,
        )
    return Question(
        id=d["id"],
        question=text(d["question"]),
        answers=tuple(Answer(label=text(a["label"]), next=a["next"], group=a.get("group")) for a in d["answers"]),
        multiple=bool(d.get("multiple")),
        arrangement=d.get("arrangement", "zdr"),
        groups=tuple(
            Group(name=g["name"], question=text(g["question"]), none=text(g["none"])) for g in d.get("groups", ())
        ),
    )


def _ticked(d: dict[str, Any], caveat: dict[str, Any]) -> tuple[str, ...]:
    """A caveat's items as the end ids of its question's answers (a feature id
    names the answer `feature: <id>`; the loader checked each is an answer)."""
    question = next(n for n in d["nodes"] if n["id"] == caveat["after"])
    by_feature = {a["feature"]: a["next"] for a in question["answers"] if "feature" in a}
    return tuple(by_feature.get(i, i) for i in caveat.get("ticked", ()))


def _decision(d: dict[str, Any]) -> Decision:
    return Decision(
        id=d["id"],
        title=text(d["title"]),
        intro=text(d["intro"]),
        start=d["start"],
        caveats=tuple(
            Caveat(text=text(c["text"]), link=c["link"], after=c["after"], ticked=_ticked(d, c)) for c in d["caveats"]
        ),
        nodes=tuple(_node(n) for n in d["nodes"]),
    )


def _statuses(d: dict[str, Any]) -> dict[str, StatusInfo]:
    return {k: StatusInfo(label=text(v["label"]), icon=v["icon"], todo=_optional(v.get("todo"))) for k, v in d.items()}


def policy_from_data(d: dict[str, Any]) -> Policy:
    meta, related = d["meta"], d["related_resources"]
    return Policy(
        meta=Meta(
            site_name=text(meta["site_name"]),
            about=text(meta["about"]),
            definition=text(meta["definition"]),
            source_url=meta["source"]["url"],
            source_title=text(meta["source"]["title"]),
            source_saved=meta["source"]["saved"],
            edition_note=text(meta["source"]["edition_note"]),
            last_checked=meta["last_checked"],
            not_listed=text(meta["not_listed"]),
            site_url=meta["site_url"],
        ),
        labels={k: text(v) for k, v in d["labels"].items()},
        statuses=_statuses(d["statuses"]),
        hipaa_statuses=_statuses(d["hipaa_statuses"]),
        overview=tuple(_section(s) for s in d["overview"]),
        hipaa=tuple(_section(s) for s in d["hipaa"]),
        eligibility=_eligibility(d["eligibility"]),
        features=tuple(_feature(f) for f in d["features"]),
        limits=tuple(_section(s) for s in d["limits"]),
        faq=tuple(
            FaqEntry(
                id=q["id"],
                question=text(q["question"]),
                answer=_texts(q["answer"]),
                points=_points(q.get("points")),
                links=tuple(q["links"]),
                status=q.get("status"),
                search_terms=_optional(q.get("search_terms")),
                code=_code(q.get("code")),
                more=_texts(q.get("more")),
            )
            for q in d["faq"]
        ),
        retention=RetentionTable(
            id=d["retention"]["id"],
            title=text(d["retention"]["title"]),
            intro=text(d["retention"]["intro"]),
            items=tuple(
                RetentionItem(id=r["id"], what=text(r["what"]), period=text(r["period"]), source=r["from"])
                for r in d["retention"]["items"]
            ),
        ),
        aliases=tuple(Alias(id=a["id"], to=a["to"]) for a in d["aliases"]),
        glossary=Glossary(
            id=d["glossary"]["id"],
            title=text(d["glossary"]["title"]),
            intro=text(d["glossary"]["intro"]),
            terms=tuple(
                Term(id=t["id"], term=text(t["term"]), meaning=text(t["meaning"]), abbr=t.get("abbr"))
                for t in d["glossary"]["terms"]
            ),
        ),
        related=ResourceList(
            id=related["id"],
            title=text(related["title"]),
            intro=text(related["intro"]),
            items=_points(related["items"]),
        ),
        decision=_decision(d["decision"]),
        changelog=tuple(
            Change(
                date=c["date"],
                changes=text(c["changes"]),
                ids=tuple(c["ids"]),
                moves=tuple(Move(ids=tuple(m["ids"]), text=text(m["text"])) for m in c.get("moves", ())),
            )
            for c in d["changelog"]
        ),
        scan=ScanInfo(
            id=d["scan"]["id"],
            title=text(d["scan"]["title"]),
            intro=text(d["scan"]["intro"]),
            checked=d["scan"]["checked"],
            sdks=tuple(
                Sdk(registry=x["registry"], package=x["package"], version=x["version"]) for x in d["scan"]["sdks"]
            ),
        ),
    )
