"""Files for machines and for people who paste the policy into a tool.

- zdr.json: the validated data, as it is in data/zdr.yaml (both languages, ids,
  statuses, endpoints, retention, the decision graph, the changelog);
- zdr.schema.json: the schema it validates against;
- llms.txt: an index in the llms.txt format, pointing at zdr.en.md and zdr.ja.md,
  plain Markdown pages that hold every fact of one language.
"""

from __future__ import annotations

import json
from typing import Any

from .model import End, Lang, Point, Policy, Question, Section
from .pages import targets

LANG_NAMES = {"en": "English", "ja": "日本語"}


def facts_file(lang: str) -> str:
    return f"zdr.{lang}.md"


def zdr_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _points(points: tuple[Point, ...], lang: Lang) -> list[str]:
    return [f"- {p.label(lang)}: {p.text(lang)}" if p.label else f"- {p.text(lang)}" for p in points]


def _section(s: Section, policy: Policy, lang: Lang) -> list[str]:
    status = [f"{policy.statuses[s.status].label(lang)}", ""] if s.status else []
    return [f"## {s.title(lang)}", "", *status, *[t(lang) + "\n" for t in s.text], *_points(s.points, lang), ""]


def facts_markdown(policy: Policy, lang: Lang) -> str:
    """Every fact of the data in one language, as plain Markdown."""
    m, labels, e = policy.meta, policy.labels, policy.eligibility
    status = {k: v.label(lang) for k, v in policy.statuses.items()}
    out = [f"# {m.site_name(lang)}", "", m.about(lang), "",
           f"{labels['source'](lang)}: {m.source_title(lang)} <{m.source_url}>",
           f"{labels['last_checked'](lang)}: {m.last_checked}", "",
           f"{status['not-listed']}: {m.not_listed(lang)}", ""]
    for s in policy.overview:
        out += _section(s, policy, lang)

    def endpoint(f) -> str:
        return f"`{f.endpoint}`" + (f" ({f.endpoint_note(lang)})" if f.endpoint_note else "")

    tables = ((e.eligible_table, "eligible", ("description",)), (e.not_eligible_table, "not-eligible", ("retention", "reason")))
    for head, kind, columns in tables:
        header = [labels["feature"](lang), labels["endpoint"](lang), *(labels[c](lang) for c in columns), labels["status"](lang)]
        out += [f"## {head.title(lang)}", "", head.intro(lang), "", "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header)]
        for f in policy.features_with(kind):
            cells = [f.name(lang), endpoint(f), *(getattr(f, c)(lang) for c in columns), status[f.status]]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out += ["", head.note(lang), ""] if head.note else [""]
    out += [f"## {e.special_cases.title(lang)}", "", e.special_cases.intro(lang), ""]
    for f in policy.features_with("special-case"):
        out += [f"### {f.name(lang)} ({status[f.status]})", "", *[d(lang) + "\n" for d in f.details]]
    for s in policy.limits:
        out += _section(s, policy, lang)
    out += [f"## {labels['faq'](lang)}", ""]
    for q in policy.faq:
        out += [f"### {q.question(lang)}", "", *[a(lang) + "\n" for a in q.answer], *_points(q.points, lang), ""]

    d, index = policy.decision, targets(policy)
    out += [f"## {d.title(lang)}", "", d.intro(lang), ""]
    for node in d.nodes:
        if isinstance(node, Question):
            out += [f"### {node.question(lang)}", ""]
            out += [f"- {a.label(lang)} → {index[a.next].title(lang)}" for a in node.answers] + [""]
    for node in d.nodes:
        if isinstance(node, End):
            evidence = "; ".join(index[i].title(lang) for i in node.evidence)
            out.append(f"- {status[node.verdict]}: {node.text(lang)} ({labels['evidence'](lang)}: {evidence})")
    out += ["", f"### {labels['checker_caveats'](lang)}", "", *[f"- {c.text(lang)}" for c in d.caveats], ""]
    r = policy.related
    out += [f"## {r.title(lang)}", "", r.intro(lang), "", *_points(r.items, lang), ""]
    out += [f"## {labels['changelog'](lang)}", ""]
    out += [f"- {c.date}: {c.changes(lang)}" for c in policy.changelog] + [""]
    return "\n".join(out)


def llms_txt(policy: Policy, site_url: str) -> str:
    """The llms.txt index (https://llmstxt.org): title, summary, links."""
    base = site_url.rstrip("/") + "/"
    lines = [f"# {policy.meta.site_name.en}", "", f"> {policy.meta.about.en}", "",
             f"Source: {policy.meta.source_url} (last checked {policy.meta.last_checked}).", "", "## Facts", ""]
    lines += [f"- [{policy.meta.site_name(lang)} ({LANG_NAMES[lang]})]({base}{facts_file(lang)}): every fact, plain Markdown"
              for lang in ("en", "ja")]
    lines += ["", "## Data", "", f"- [zdr.json]({base}zdr.json): the data, both languages",
              f"- [zdr.schema.json]({base}zdr.schema.json): its JSON Schema", ""]
    return "\n".join(lines)


def exports(policy: Policy, data: dict[str, Any], schema_text: str, site_url: str) -> dict[str, str]:
    """File name (at the site root) -> content."""
    files = {"zdr.json": zdr_json(data), "zdr.schema.json": schema_text, "llms.txt": llms_txt(policy, site_url)}
    files.update({facts_file(lang): facts_markdown(policy, lang) for lang in ("en", "ja")})
    return files
