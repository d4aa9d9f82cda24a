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

from .languages import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, punctuation
from .model import End, Lang, Policy, Text
from .outline import Entry, Site, verdict_labels

# Markdown heading of each kind of entry; points and flowchart verdicts are list items.
_HEADING = {"section": "##", "feature": "###", "faq": "###", "question": "###", "change": "###"}


def facts_file(lang: Lang) -> str:
    return f"zdr.{lang}.md"


def zdr_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# What a Markdown renderer would turn into markup: HTML, links, code.
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"})


def plain(text: str) -> str:
    """A text of the data for a Markdown file: shown as it is, never as markup."""
    return text.translate(_MARKUP)


def _entry_markdown(site: Site, entry: Entry, lang: Lang) -> list[str]:
    def txt(text: Text) -> str:
        return plain(text(lang))

    labels, marks = site.policy.labels, punctuation(lang)
    sep = marks.colon
    status = marks.separator.join(plain(w) for w in verdict_labels(site.policy, entry, lang)) or None
    badge = marks.aside(status) if status else ""
    texts = [f"{txt(labels[f.label])}{sep}{txt(f.text)}" if f.label else txt(f.text) for f in entry.fields]
    title = txt(entry.title)
    if entry.kind == "alias":
        return []  # an old anchor of an entry listed already
    if entry.kind in ("point", "retention", "term"):
        # A point's own verdict is kept (the Claude Code answer's paths, say), first,
        # as a verdict of the flowchart reads.
        said = f"{status}{sep}" if status else ""
        return [f"- {said}{title}{sep}{' '.join(texts)}" if texts else f"- {said}{title}"]
    if entry.kind == "end":
        node = site.policy.decision.node(entry.id)
        cited = [txt(site.outline[i].title) for i in node.evidence] if isinstance(node, End) else []
        evidence = marks.comma.join(cited)
        requires = f"{marks.space}{marks.space.join(texts)}" if texts else ""
        return [f"- {status}{sep}{title}{requires}{marks.aside(txt(labels['evidence']) + sep + evidence)}"]
    lines = ["", f"{_HEADING[entry.kind]} {title}{badge}", ""]
    if entry.kind == "question":
        return lines + [f"- {t}" for t in texts]
    return lines + [line for t in texts for line in (t, "")]


# The heading above the entries of a page that starts with them (FAQ, changelog).
_PAGE_HEADING = {"faq": "faq", "change": "changelog"}


def facts_markdown(site: Site, lang: Lang) -> str:
    """Every fact of the data in one language, as plain Markdown, in site order."""
    m, labels = site.policy.meta, site.policy.labels
    colon = punctuation(lang).colon
    out = [
        f"# {plain(m.site_name(lang))}",
        "",
        plain(m.definition(lang)),
        "",
        plain(m.about(lang)),
        "",
        f"{plain(labels['source'](lang))}{colon}{plain(m.source_title(lang))} <{m.source_url}>",
        f"{plain(labels['source_saved'](lang))}{colon}{m.source_saved}",
        plain(m.edition_note(lang)),
        f"{plain(labels['last_checked'](lang))}{colon}{m.last_checked}",
        "",
        # The text says what "not listed" means, its label first.
        plain(m.not_listed(lang)),
    ]
    for page in site.outline.pages:
        entries = [e for e in page.entries if e.kind != "alias"]
        # A heading in the export with nothing under it says nothing: left out.
        while entries and entries[-1].kind == "section" and not entries[-1].fields:
            entries.pop()
        if entries and entries[0].kind in _PAGE_HEADING:  # questions and dates need a heading of their own
            out += ["", f"## {plain(labels[_PAGE_HEADING[entries[0].kind]](lang))}"]
        for entry in entries:
            out += _entry_markdown(site, entry, lang)
    return "\n".join(out).replace("\n\n\n", "\n\n").rstrip() + "\n"


def llms_txt(policy: Policy, site_url: str) -> str:
    """The llms.txt index (https://llmstxt.org): title, summary, links."""
    base = site_url.rstrip("/") + "/"
    lang = DEFAULT_LANGUAGE
    lines = [
        f"# {plain(policy.meta.site_name(lang))}",
        "",
        f"> {plain(policy.meta.about(lang))}",
        "",
        f"Source: {policy.meta.source_url} (last checked {policy.meta.last_checked}).",
        "",
        "## Facts",
        "",
    ]
    lines += [
        f"- [{plain(policy.meta.site_name(other))} ({LANGUAGE_NAMES[other]})]({base}{facts_file(other)}): "
        "every fact, plain Markdown"
        for other in LANGUAGES
    ]
    lines += [
        "",
        "## Data",
        "",
        f"- [zdr.json]({base}zdr.json): the data, both languages",
        f"- [zdr.schema.json]({base}zdr.schema.json): its JSON Schema",
        "",
    ]
    return "\n".join(lines)


def exports(site: Site, data: dict[str, Any], schema_text: str, site_url: str) -> dict[str, str]:
    """File name (at the site root) -> content."""
    files = {"zdr.json": zdr_json(data), "zdr.schema.json": schema_text, "llms.txt": llms_txt(site.policy, site_url)}
    files.update({facts_file(lang): facts_markdown(site, lang) for lang in LANGUAGES})
    return files
