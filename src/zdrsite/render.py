"""Pure renderers: (site, lang) -> Markdown for one marker; the site is the
policy with the outline of where each of its entries lives (outline.Site).

Every text of the data reaches the page as text: Markdown parts go through
`md_text`, raw HTML parts through `html_text`, so `<script>`, `|`, backticks or
`{#id}` in the data show literally and run nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from .flowchart import mermaid_charts
from .languages import punctuation, url_language
from .model import Arrangement, CodePattern, End, Feature, FeatureTable, Lang, Point, Question, Section, Status, Text
from .outline import PRODUCTS_ID, Entry, Site, change_id, feature_notes, flowchart_text_id, page_url, products

# Python-Markdown's backslash escapes (plus `|`, which the tables extension adds).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Typography that differs between the languages.


def md_text(text: str) -> str:
    """Text for a Markdown context (heading, paragraph, link label)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def html_text(text: str) -> str:
    """Text for a raw HTML context."""
    return html.escape(text, quote=True)


def _blocks(*blocks: str) -> str:
    """Join Markdown blocks with blank lines, so raw HTML blocks stay blocks."""
    return "\n\n".join(b for b in blocks if b) + "\n"


def heading(level: int, title: str, anchor: str) -> str:
    return f"{'#' * level} {md_text(title)} {{#{anchor}}}"


def badge(site: Site, status: str, lang: Lang, arrangement: Arrangement = "zdr") -> str:
    """A verdict's badge. A HIPAA verdict carries `data-hipaa`, never `data-status`,
    and its own words (HIPAA-eligible): the two are never read as each other.

    The stylesheet colours a badge by its attribute and shows its icon (`data-icon`)
    as decoration that screen readers skip; the label carries the meaning, so it is
    not colour-only. A page of tables carries dozens of badges: each is one element."""
    info = site.policy.status_info(status, arrangement)
    attribute = "data-hipaa" if arrangement == "hipaa" else "data-status"
    return (
        f'<span class="zdr-badge" {attribute}="{status}" data-icon="{html_text(info.icon)}">'
        f"{html_text(info.label(lang))}</span>"
    )


def row_link(ident: str, name: str) -> str:
    """A table row's name, as the link to the row (a reader copies a row's address
    from its name; a page of 33 rows has no room for a permalink sign and a
    tooltip per row)."""
    return f'<a class="zdr-row__link" href="#{ident}">{html_text(name)}</a>'


def changed_note(site: Site, ident: str, lang: Lang) -> str:
    """'Changed 2026-12-01' for things a changelog entry touched."""
    date = site.policy.last_changed(ident)
    if date is None:
        return ""
    return (
        f'<small class="zdr-changed">{html_text(site.policy.labels["changed"](lang))}{punctuation(lang).colon}'
        f'<a href="{site.outline[change_id(date)].href()}"><time datetime="{date}">{date}</time></a></small>'
    )


def status_line(site: Site, status: str | None, lang: Lang, arrangement: Arrangement = "zdr") -> str:
    return f'<p class="zdr-status">{badge(site, status, lang, arrangement)}</p>' if status else ""


def paragraphs(texts: Iterable[Text], lang: Lang) -> str:
    return "\n\n".join(md_text(t(lang)) for t in texts)


def point_list(site: Site, points: Iterable[Point], lang: Lang, ordered: bool = False) -> str:
    items = []
    for p in points:
        label = f"<strong>{html_text(p.label(lang))}</strong>{punctuation(lang).colon}" if p.label else ""
        status = f"{badge(site, p.status, lang)} " if p.status else ""
        text = external_link(site, p.url, p.text(lang), lang) if p.url else html_text(p.text(lang))
        items.append(f'<li id="{p.id}">{status}{label}{text}</li>')
    tag = "ol" if ordered else "ul"
    return f'<{tag} class="zdr-points">\n' + "\n".join(items) + f"\n</{tag}>" if items else ""


def external_link(site: Site, url: str, text: str, lang: Lang, *, say_language: bool = True) -> str:
    """A link to another site, marked as one: its sign, words for screen readers
    (labels.external), and no referrer or opener passed on. It opens where the
    reader chooses; nothing on the page loads it first. A page in another language
    than the one the address names says which (`say_language`: unless the text says it)."""
    said = html_text(punctuation(lang).aside(site.policy.labels["external"](lang)))
    target = url_language(url)
    hreflang = f' hreflang="{target}"' if target else ""
    note = ""
    if target and target != lang and say_language:
        words = punctuation(lang).aside(site.policy.labels[f"link_language_{target}"](lang))
        note = f'<span class="zdr-link-language">{html_text(words)}</span>'
    return (
        f'<a class="zdr-external" href="{html_text(url)}"{hreflang} rel="external noopener noreferrer">'
        f'{html_text(text)}{note}<span class="zdr-sr">{said}</span></a>'
    )


def md_link(site: Site, ident: str, lang: Lang) -> str:
    """A Markdown link to an entry, named by its title (MkDocs resolves and checks it)."""
    entry = site.outline[ident]
    return f"[{md_text(entry.title(lang))}]({entry.page}#{ident})"


def links(site: Site, ids: Iterable[str], label: Text, lang: Lang) -> str:
    """A 'See also' line of Markdown links, which MkDocs resolves and validates."""
    refs = [md_link(site, i, lang) for i in ids]
    if not refs:
        return ""
    return f"**{md_text(label(lang))}**{md_text(punctuation(lang).colon)}" + punctuation(lang).comma.join(refs)


def section(site: Site, s: Section, lang: Lang, level: int = 2) -> str:
    return _blocks(
        heading(level, s.title(lang), s.id),
        status_line(site, s.status, lang),
        status_line(site, s.hipaa, lang, "hipaa"),
        paragraphs(s.text, lang),
        point_list(site, s.points, lang, s.ordered),
        paragraphs(s.more, lang),
    )


def about(site: Site, lang: Lang) -> str:
    """What the site is, which edition of the source it follows, and what a 'not
    listed' answer means."""
    m = site.policy.meta
    return _blocks(
        md_text(m.about(lang)),
        f'<p class="zdr-edition">{html_text(m.edition_note(lang))}</p>',
        f'<p class="zdr-not-listed">{badge(site, "not-listed", lang)} {html_text(m.not_listed(lang))}</p>',
    )


def overview(site: Site, lang: Lang) -> str:
    return "\n".join(section(site, s, lang) for s in site.policy.overview)


def hipaa(site: Site, lang: Lang) -> str:
    return "\n".join(section(site, s, lang) for s in site.policy.hipaa)


def related_resources(site: Site, lang: Lang) -> str:
    r = site.policy.related
    return _blocks(heading(2, r.title(lang), r.id), paragraphs([r.intro], lang), point_list(site, r.items, lang))


def limits(site: Site, lang: Lang) -> str:
    return "\n".join(section(site, s, lang) for s in site.policy.limits)


def _endpoint_cell(site: Site, f: Feature, lang: Lang) -> str:
    # A long endpoint may break after a slash, never inside a name.
    return "<br>".join(
        f"<code>{html_text(e.path).replace('/', '/<wbr>')}</code>"
        + (f"<br><small>{html_text(e.note(lang))}</small>" if e.note else "")
        for e in f.endpoints
    )


def _notes(site: Site, f: Feature, lang: Lang) -> str:
    """A row's footnotes, each in a line of its own."""
    label = html_text(site.policy.labels["note"](lang)) + punctuation(lang).colon
    return "".join(
        f'<small class="zdr-footnote">{label}{html_text(text(lang))}</small>' for text in feature_notes(site.policy, f)
    )


_CELLS: dict[str, Callable[[Site, Feature, Lang], str]] = {
    "endpoint": _endpoint_cell,
    "zdr_verdict": lambda site, f, lang: badge(site, f.status, lang),
    "hipaa_verdict": lambda site, f, lang: badge(site, f.hipaa, lang, "hipaa"),
    # The footnotes under the details: each says which verdict it qualifies.
    "details": lambda site, f, lang: html_text(f.details(lang)) + _notes(site, f, lang),
}
"""Columns of a feature table: label key in the data -> cell renderer."""
COLUMNS = ("endpoint", "zdr_verdict", "hipaa_verdict", "details")
# Cells that say what they are on a phone's card, with no column name above them:
# an endpoint is a path in code type, and a verdict's badge names its arrangement
# (ZDR-eligible, HIPAA-eligible).
SELF_LABELLED = ("endpoint", "zdr_verdict", "hipaa_verdict")


def feature_table(site: Site, table: FeatureTable, lang: Lang) -> str:
    """One table of the features of a ZDR verdict; each row carries its feature id
    as anchor, and its ZDR and HIPAA verdicts side by side.

    On a phone each row becomes a card: the details say which column they are
    (data-label); the endpoint and the badges say it themselves."""
    labels = site.policy.labels
    header = "".join(f'<th scope="col">{html_text(labels[c](lang))}</th>' for c in ("feature", *COLUMNS))
    rows = []
    for f in site.policy.features_with(table.status):
        cells = "".join(
            (f'<td data-label="{html_text(labels[c](lang))}">' if c not in SELF_LABELLED else "<td>")
            + f"{_CELLS[c](site, f, lang)}</td>"
            for c in COLUMNS
        )
        rows.append(
            f'<tr id="{f.id}" class="zdr-row"><th scope="row">{row_link(f.id, f.name(lang))}'
            f"{'<br>' + note if (note := changed_note(site, f.id, lang)) else ''}</th>"
            f"{cells}</tr>"
        )
    # The class goes on a wrapper: Material styles and scroll-wraps only tables
    # without a class of their own.
    body = (
        f'<div class="zdr-table zdr-table--features zdr-table--{table.status}">\n<table>\n'
        f"<caption>{html_text(table.title(lang))}</caption>\n"
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )
    note = f'<p class="zdr-note"><strong>{html_text(table.note(lang))}</strong></p>' if table.note else ""
    return _blocks(
        heading(2, table.title(lang), table.id),
        status_line(site, table.status, lang),
        paragraphs([table.intro], lang),
        body,
        note,
    )


def feature_tables(site: Site, lang: Lang) -> str:
    return "\n".join(feature_table(site, t, lang) for t in site.policy.eligibility.tables)


def products_table(site: Site, lang: Lang) -> str:
    """Products, plans and other uses beside the endpoints and features (Claude Code
    each way it is used, the apps, the Console...), each with the checker's verdict.
    A row's name links to its answer in the flowchart's list, which says why, what
    to do and where the source says so (written there once: this page keeps its
    weight)."""
    labels, index = site.policy.labels, site.outline
    head = "".join(f'<th scope="col">{html_text(labels[k](lang))}</th>' for k in ("checker_item", "checker_verdict"))
    rows = [
        f'<tr class="zdr-row" data-status="{end.verdict}"><th scope="row">'
        f'<a class="zdr-row__link" href="{index[end.id].href("eligibility.md")}">{html_text(answer.label(lang))}</a>'
        f"</th><td>{badge(site, end.verdict, lang)}</td></tr>"
        for answer, end in products(site.policy)
    ]
    return _blocks(
        heading(2, labels["products_title"](lang), PRODUCTS_ID),
        md_text(labels["products_intro"](lang)),
        '<div class="zdr-table zdr-table--products">\n<table>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>",
    )


def faq(site: Site, lang: Lang) -> str:
    return "\n".join(
        _blocks(
            heading(2, q.question(lang), q.id),
            status_line(site, q.status, lang),
            f"<p>{note}</p>" if (note := changed_note(site, q.id, lang)) else "",
            paragraphs(q.answer, lang),
            point_list(site, q.points, lang),
            paragraphs(q.more, lang),
            links(site, q.links, site.policy.labels["see_also"], lang),
        )
        for q in site.policy.faq
    )


def _answers_list(site: Site, question: Question, lang: Lang) -> str:
    """A question's answers one under another, each with where it leads: a phone's
    column in place of the question's chart, whose answers stand side by side."""
    d = site.policy.decision
    items = []
    for answer in question.answers:
        target = d.node(answer.next)
        if isinstance(target, End):
            verdict = badge(site, target.verdict, lang, target.arrangement)
            to = f'{verdict} <a href="#{target.id}">{html_text(target.text(lang))}</a>'
            if target.then is not None:
                to += f'<br><a href="#{target.then.next}">{html_text(target.then.label(lang))}</a>'
        else:
            to = f'<a href="#{target.id}">{html_text(target.question(lang))}</a>'
        items.append(f'<li><span class="zdr-flow-list__answer">{html_text(answer.label(lang))}</span> → {to}</li>')
    asked = f'<p class="zdr-flow-list__question">{html_text(question.question(lang))}</p>'
    return f'<div class="zdr-flow-list" markdown="0">{asked}<ul>{"".join(items)}</ul></div>'


def flowchart(site: Site, lang: Lang) -> str:
    """The Mermaid charts and, below them, the same decisions as a list: each
    question a heading (the table of contents lists the questions), each verdict a
    block with its badge, what to do and its evidence."""
    d = site.policy.decision
    text_id = flowchart_text_id(site.policy)
    # Each chart with a hint, shown by the script where the chart is wider than its box.
    hint = f'<p class="zdr-scroll-hint" hidden>{html_text(site.policy.labels["flowchart_scroll_hint"](lang))}</p>'
    charts = []
    for chart in mermaid_charts(site, lang):
        drawing = f"```mermaid\n{chart.source}\n```\n\n{hint}"
        if chart.screen != "any":
            # A chart for one kind of screen follows an empty marker the stylesheet
            # reads (`.zdr-for-wide + *`), alike for a drawn chart and one the
            # reader's browser draws.
            drawing = f'<div class="zdr-for-{chart.screen}" hidden></div>\n\n{drawing}'
        if chart.phone_list is not None:
            drawing += f"\n\n{_answers_list(site, chart.phone_list, lang)}"
        charts.append(drawing)
    parts = [
        _blocks(
            heading(2, d.title(lang), d.id),
            paragraphs([d.intro], lang),
            f"[{md_text(site.policy.labels['flowchart_goto_text'](lang))}](#{text_id})",
            *charts,
            heading(2, site.policy.labels["flowchart_text"](lang), text_id),
        )
    ]
    index = site.outline
    for node in d.nodes:
        if isinstance(node, Question):
            lines = []
            for group, run in node.runs():
                # A group: its question, then its choices as a list of their own,
                # the choice of none first.
                if group is not None:
                    lines += [f"- {md_text(group.question(lang))}", f"    - {md_text(group.none(lang))}"]
                indent = "    " if group is not None else ""
                lines += (
                    f"{indent}- {md_text(a.label(lang))} → [{md_text(index[a.next].title(lang))}](#{a.next})"
                    for a in run
                )
            answers = "\n".join(lines)
            # What applies to every answer of this question (the exceptions of ZDR,
            # say), as the checker shows it with each verdict.
            marks = punctuation(lang)
            caveats = [
                f"{md_text(c.text(lang))}{marks.aside(md_link(site, c.link, lang))}"
                for c in d.caveats
                if c.after == node.id
            ]
            label = f"**{md_text(site.policy.labels['checker_caveats'](lang))}**{md_text(marks.colon)}"
            also = label + " ".join(caveats) if caveats else ""
            parts.append(_blocks(heading(3, node.question(lang), node.id), answers, also))
        else:
            todo = site.policy.what_to_do(node)
            requires = (
                f"<p><strong>{html_text(site.policy.labels['checker_requires'](lang))}</strong>"
                f"{html_text(punctuation(lang).colon)}{html_text(todo(lang))}</p>"
                if todo
                else ""
            )
            # Where the reader may go on from it, as if an arrangement were in place.
            onward = (
                f'<p><a href="#{node.then.next}">{html_text(node.then.label(lang))}</a> → '
                f"{html_text(index[node.then.next].title(lang))}</p>"
                if node.then
                else ""
            )
            evidence = punctuation(lang).comma.join(
                f'<a href="{index[i].href()}">{html_text(index[i].title(lang))}</a>' for i in node.evidence
            )
            parts.append(
                f'<div class="zdr-flow-end" id="{node.id}" markdown="0">'
                f'<p class="zdr-flow-end__text"><strong>{html_text(node.text(lang))}</strong>'
                f'<a class="headerlink" href="#{node.id}" title="{html_text(node.text(lang))}">¶</a></p>'
                f"{status_line(site, node.verdict, lang, node.arrangement)}{requires}"
                f"<p><strong>{html_text(site.policy.labels['evidence'](lang))}</strong>"
                f"{html_text(punctuation(lang).colon)}{evidence}</p>{onward}</div>\n"
            )
    return "\n".join(parts)


def retention(site: Site, lang: Lang) -> str:
    """What is kept and for how long: one row per item, with its anchor, linking
    to the feature or limit that says so."""
    r, labels, outline = site.policy.retention, site.policy.labels, site.outline
    header = "".join(
        f'<th scope="col">{html_text(labels[c](lang))}</th>'
        for c in ("retention_what", "retention_period", "retention_from")
    )
    rows = []
    for item in r.items:
        source = outline[item.source]
        rows.append(
            f'<tr id="{item.id}" class="zdr-row"><th scope="row">{row_link(item.id, item.what(lang))}</th>'
            f'<td data-label="{html_text(labels["retention_period"](lang))}">{html_text(item.period(lang))}</td>'
            f'<td data-label="{html_text(labels["retention_from"](lang))}">'
            f'<a href="{source.href()}">{html_text(source.title(lang))}</a></td></tr>'
        )
    table = (
        f'<div class="zdr-table zdr-table--retention">\n<table>\n<caption>{html_text(r.title(lang))}</caption>\n'
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )
    return _blocks(heading(2, r.title(lang), r.id), paragraphs([r.intro], lang), table)


def moved(site: Site, lang: Lang, page: str) -> str:
    """Where entries of `page` went: a line per page they moved to, linking there
    and holding their old anchors (links in guides still land). zdr.js takes a
    reader who arrives at one of those anchors on to its new place."""
    by_page: dict[str, list[Entry]] = {}
    for entry in site.outline.page(page).moved:
        by_page.setdefault(entry.page, []).append(entry)
    label = html_text(site.policy.labels["moved"](lang)) + punctuation(lang).colon
    return _blocks(
        *(
            f'<p class="zdr-moved" id="{first.id}">{label}'
            f'<a href="{first.href(page)}">{html_text(first.title(lang))}</a>'
            + "".join(f'<span id="{e.id}"></span>' for e in rest)
            + "</p>"
            for first, *rest in by_page.values()
        )
    )


def retention_summary(site: Site, lang: Lang) -> str:
    """The retention table in short on the home page: what is kept, how long, each
    row a link to its row on the eligibility page (no anchors of its own)."""
    r, labels = site.policy.retention, site.policy.labels
    head = f"| {md_text(labels['retention_what'](lang))} | {md_text(labels['retention_period'](lang))} |"
    rows = [f"| {md_link(site, item.id, lang)} | {md_text(item.period(lang))} |" for item in r.items]
    return _blocks(f"**{md_text(r.title(lang))}**", "\n".join([head, "|---|---|", *rows]))


def glossary(site: Site, lang: Lang) -> str:
    g = site.policy.glossary
    terms = "".join(
        f'<dt id="{t.id}">{html_text(t.term(lang))}</dt><dd>{html_text(t.meaning(lang))}</dd>' for t in g.terms
    )
    return _blocks(
        heading(2, g.title(lang), g.id), paragraphs([g.intro], lang), f'<dl class="zdr-glossary">{terms}</dl>'
    )


def _source_line(site: Site, lang: Lang, css_class: str) -> str:
    m, labels = site.policy.meta, site.policy.labels
    marks = punctuation(lang)
    colon = marks.colon
    # The edition the data follows: the day its copy was saved (zdr source check).
    saved = f'{html_text(labels["source_saved"](lang))}{colon}<time datetime="{m.source_saved}">{m.source_saved}</time>'
    # One fact after another (the title may end in parentheses of its own).
    return (
        f'<p class="{css_class}">{html_text(labels["source"](lang))}{colon}'
        f"{external_link(site, m.source_url, m.source_title(lang), lang, say_language=False)}"
        f"{html_text(marks.separator)}{saved}"
        f"{html_text(marks.separator)}{html_text(labels['last_checked'](lang))}{colon}"
        f'<time datetime="{m.last_checked}">{m.last_checked}</time></p>'
    )


# The three ways into the site from its home page: page file -> label key.
WAYS_IN = (
    ("checker.md", "way_checker"),
    ("eligibility.md", "way_eligibility"),
    ("hipaa.md", "way_hipaa"),
    ("faq.md", "way_faq"),
)
GLANCE: tuple[Status, ...] = ("eligible", "qualified", "not-eligible")


def landing(site: Site, lang: Lang) -> str:
    """The top of the home page: where the facts come from and when they were
    checked, what ZDR is in one sentence, the ways in, and every feature's ZDR
    verdict at a glance (what is kept is in the retention table below it)."""
    labels, home = site.policy.labels, "index.md"
    ways = "".join(
        f'<a class="md-button{" md-button--primary" if i == 0 else ""}" href="{page_url(file)}">'
        f"{html_text(labels[key](lang))}</a>"
        for i, (file, key) in enumerate(WAYS_IN)
    )
    glance = html_text(labels["at_a_glance"](lang))
    # Beside the features, each way of using Claude Code (the checker's group),
    # under its verdict: that it is eligible one way is never read as every way.
    grouped = [(a, e) for a, e in products(site.policy) if a.group is not None]
    columns = []
    for status in GLANCE:
        items = "".join(
            f'<li><a href="{site.outline[f.id].href(home)}">{html_text(f.name(lang))}</a></li>'
            for f in site.policy.features_with(status)
        ) + "".join(
            f'<li><a href="{site.outline[e.id].href(home)}">{html_text(a.label(lang))}</a></li>'
            for a, e in grouped
            if e.verdict == status
        )
        columns.append(f'<div class="zdr-glance__column">{badge(site, status, lang)}<ul>{items}</ul></div>')
    return _blocks(
        _source_line(site, lang, "zdr-source zdr-source--top"),
        f'<p class="zdr-definition">{html_text(site.policy.meta.definition(lang))}</p>',
        f'<nav class="zdr-ways">{ways}</nav>',
        f'<section class="zdr-glance" aria-label="{glance}">{"".join(columns)}</section>',
    )


def source_footer(site: Site, lang: Lang) -> str:
    """Shown on every page: where the facts come from and when they were checked."""
    return _source_line(site, lang, "zdr-source") + "\n"


def changelog(site: Site, lang: Lang) -> str:
    """The 'What changed' page, newest first; one anchor per date."""
    parts = []
    for c in site.policy.changelog:
        moves = "\n".join(
            # The links in the language's own parentheses.
            f"- {md_text(m.text(lang))}"
            + punctuation(lang).aside(punctuation(lang).comma.join(md_link(site, i, lang) for i in m.ids))
            for m in c.moves
        )
        touched = links(site, c.ids, site.policy.labels["changelog_touched"], lang)
        parts.append(_blocks(heading(2, c.date, change_id(c.date)), paragraphs([c.changes], lang), moves, touched))
    return "\n".join(parts)


def _pattern_in_code(p: CodePattern) -> str:
    """A pattern as it reads in code, the same in every language of the code."""
    if p.kind == "call":
        called = f"{{{', '.join(p.methods)}}}" if len(p.methods) > 1 else "".join(p.methods)
        return f".{p.name}.{called}(…)" if called else f".{p.name}(…)"
    if p.kind == "param":
        if p.value is not None:
            return f"{p.name}: {p.value}"
        return f"{p.name}: {{ {p.key}: … }}" if p.key else f"{p.name}=… / {p.name}: …"
    return p.name


def _pattern_in_data(p: CodePattern) -> str:
    """A pattern as data/zdr.yaml writes it."""
    parts = [f"{p.kind}: {p.name}"]
    parts += [f"methods: [{', '.join(p.methods)}]"] if p.methods else []
    parts += [f"{k}: {v}" for k, v in (("key", p.key), ("value", p.value)) if v is not None]
    parts += ["sdk_import: true"] if p.sdk_import else []
    return "{" + ", ".join(parts) + "}"


def _patterns_table(site: Site, lang: Lang, in_data: bool) -> str:
    labels, outline = site.policy.labels, site.outline
    header = "".join(f'<th scope="col">{html_text(labels[c](lang))}</th>' for c in ("scan_entry", "scan_looks_for"))
    rows = []
    for ident, patterns in site.policy.code_patterns():
        entry = outline[ident]
        assert entry.status is not None, ident  # the schema requires a status beside `code`
        items = []
        for p in patterns:
            shown = _pattern_in_data(p) if in_data else _pattern_in_code(p)
            kind = "" if in_data else f"{html_text(labels['scan_' + p.kind](lang))}{punctuation(lang).colon}"
            only = (
                f"<small>{html_text(punctuation(lang).aside(labels['scan_sdk_import'](lang)))}</small>"
                if p.sdk_import and not in_data
                else ""
            )
            items.append(f"<li>{kind}<code>{html_text(shown)}</code>{only}</li>")
        # The id (maintainer guide) beside the link, not in it: code in a link is
        # too faint in the dark scheme.
        ident_code = f" <code>{ident}</code>" if in_data else ""
        rows.append(
            f'<tr class="zdr-row" data-status="{entry.status}"><th scope="row">'
            f'<a class="zdr-row__name" href="{entry.href()}">{html_text(entry.title(lang))}</a>{ident_code}'
            f' <span class="zdr-row__badge">{badge(site, entry.status, lang)}</span></th>'
            f'<td data-label="{html_text(labels["scan_looks_for"](lang))}"><ul>{"".join(items)}</ul></td></tr>'
        )
    title = site.policy.scan.title(lang)
    return (
        f'<div class="zdr-table zdr-table--scan">\n<table>\n<caption>{html_text(title)}</caption>\n'
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )


def _sdks_checked(site: Site, lang: Lang) -> str:
    marks, scan = punctuation(lang), site.policy.scan
    sdks = marks.comma.join(
        f"<code>{html_text(s.package)}</code> {s.version}{html_text(marks.aside(s.registry))}" for s in scan.sdks
    )
    labels = site.policy.labels
    label, on = html_text(labels["scan_checked"](lang)), html_text(labels["scan_checked_on"](lang))
    checked = f'<time datetime="{scan.checked}">{scan.checked}</time>'
    return f'<p class="zdr-scan-sdks">{label}{marks.colon}{sdks}{marks.stop}{on}{marks.colon}{checked}</p>'


def code_patterns(site: Site, lang: Lang) -> str:
    """What `zdr scan` looks for, entry by entry, each linked to its row."""
    s = site.policy.scan
    return _blocks(
        heading(2, s.title(lang), s.id),
        paragraphs([s.intro], lang),
        _patterns_table(site, lang, in_data=False),
        _sdks_checked(site, lang),
    )


def code_patterns_data(site: Site, lang: Lang) -> str:
    """The same patterns as the data writes them, for the maintainer guide."""
    return _blocks(_patterns_table(site, lang, in_data=True), _sdks_checked(site, lang))
