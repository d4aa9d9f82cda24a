"""The interactive ZDR checker, as HTML generated from the decision graph.

All text and logic come from the data: every node is a hidden <section>; a
question's answers are buttons naming the next node; a question with several
answers is a list of checkboxes whose verdicts (one line per ticked item) are
pre-rendered in a result section, with a summary per status, the requirements
and the caveats that apply. assets/zdr-checker.js only shows and hides them and
keeps the answers in the URL; it holds no policy text. Without JavaScript the
reader gets every path as a list, and a table of every item's verdict.
"""

from __future__ import annotations

from . import languages
from .languages import punctuation
from .model import SEVERITY, End, Lang, Node, Question, Status, Trail
from .outline import Site, checker_id, checker_paths_id, flowchart_text_id
from .render import badge, heading, html_text, md_link, md_text


def _evidence_links(site: Site, ids: tuple[str, ...], lang: Lang) -> str:
    index = site.outline
    return "".join(f'<li><a href="{index[i].href()}">{html_text(index[i].title(lang))}</a></li>' for i in ids)


def _requires(site: Site, end: End, lang: Lang) -> str:
    todo = site.policy.what_to_do(end)
    if todo is None:
        return ""
    label = html_text(site.policy.labels["checker_requires"](lang) + punctuation(lang).colon)
    return f'<p class="zdr-checker__requires"><strong>{label}</strong>{html_text(todo(lang))}</p>'


def _caveats(site: Site, trail: Trail, lang: Lang) -> str:
    """What also applies after the questions of `trail`; a caveat for some items
    only (`ticked`) names them, and the script shows it when one is ticked."""
    caveats = site.policy.decision.caveats_after(trail)
    if not caveats:
        return ""
    index = site.outline
    items = "".join(
        ("<li>" if not c.ticked else f'<li data-ticked="{" ".join(c.ticked)}">')
        + f'{html_text(c.text(lang))} <a href="{index[c.link].href()}">{html_text(index[c.link].title(lang))}</a></li>'
        for c in caveats
    )
    title = html_text(site.policy.labels["checker_caveats"](lang))
    return f'<h3 class="zdr-checker__caveats-title">{title}</h3><ul class="zdr-checker__caveats">{items}</ul>'


def _verdict(site: Site, end: End, lang: Lang) -> str:
    """An end node's verdict, its required action and its evidence."""
    evidence = html_text(site.policy.labels["evidence"](lang))
    return (
        f"{_requires(site, end, lang)}"
        f'<p class="zdr-checker__evidence-label">{evidence}</p>'
        f'<ul class="zdr-checker__evidence">{_evidence_links(site, end.evidence, lang)}</ul>'
    )


def _trail_to(site: Site, node_id: str) -> Trail:
    """The questions answered on the way to a node (the graph leads there one way)."""
    for trail, last in site.policy.decision.paths():
        if last.id == node_id:
            return trail
        for i, (_, answer) in enumerate(trail):
            if answer.next == node_id:
                return trail[:i]
    return ()


def _question(site: Site, node: Question, lang: Lang) -> str:
    title = html_text(node.question(lang))
    if not node.multiple:
        buttons = "".join(
            f'<li><button type="button" class="md-button zdr-checker__answer" data-next="{a.next}">'
            f"{html_text(a.label(lang))}</button></li>"
            for a in node.answers
        )
        return (
            f'<section class="zdr-checker__step" data-node="{node.id}" hidden>'
            f'<h2 class="zdr-checker__question" tabindex="-1">{title}</h2>'
            f'<ul class="zdr-checker__answers">{buttons}</ul></section>'
        )
    labels = site.policy.labels
    return (
        f'<section class="zdr-checker__step zdr-checker__multiple" data-node="{node.id}" data-multiple hidden>'
        f'<fieldset><legend><h2 class="zdr-checker__question" tabindex="-1">{title}</h2></legend>'
        f'<ul class="zdr-checker__choices">{_choices(site, node, lang)}</ul></fieldset>'
        f'<p class="zdr-checker__hint" hidden>{html_text(labels["checker_none_ticked"](lang))}</p>'
        f'<button type="button" class="md-button zdr-checker__show" data-action="verdicts">'
        f"{html_text(labels['checker_show'](lang))}</button></section>" + _result(site, node, lang)
    )


def _choices(site: Site, node: Question, lang: Lang) -> str:
    """A checkbox per answer; a group's answers, where they begin, as one set of
    radio buttons under the group's question, its first choice none of them. Each
    carries its verdict: the bottom line and the counts need no more to be shown."""
    verdicts = {a.next: site.policy.decision.end(a.next).verdict for a in node.answers}
    choices: list[str] = []
    for group, answers in node.runs():
        if group is None:
            choices += (
                f'<li><label><input type="checkbox" name="{node.id}" value="{a.next}" '
                f'data-verdict="{verdicts[a.next]}"> '
                f"{html_text(a.label(lang))}</label></li>"
                for a in answers
            )
        else:
            name = f"{node.id}.{group.name}"
            radios = "".join(
                f'<li><label><input type="radio" name="{name}" value="{b.next}" data-verdict="{verdicts[b.next]}"> '
                f"{html_text(b.label(lang))}</label></li>"
                for b in answers
            )
            choices.append(
                f'<li class="zdr-checker__group"><fieldset><legend>{html_text(group.question(lang))}</legend>'
                f'<ul><li><label><input type="radio" name="{name}" data-none checked> {html_text(group.none(lang))}'
                f"</label></li>{radios}</ul></fieldset></li>"
            )
    return "".join(choices)


COVERED: tuple[Status, ...] = ("eligible", "qualified")
"""Verdicts of items that keep a system within its arrangement."""


def _bottom_line(site: Site, node: Question, lang: Lang) -> str:
    """One sentence first: every ticked item is eligible, or which items keep the
    system from it (the script fills them in, in the items' order)."""
    labels = site.policy.labels
    verdict = site.policy.status_info("eligible", node.arrangement).label(lang)
    before, _, after = labels["checker_bottom_not"](lang).replace("{verdict}", verdict).partition("{items}")
    covered = labels["checker_bottom_all"](lang).replace("{verdict}", verdict)
    return (
        f'<p class="zdr-checker__bottom" data-covered="{" ".join(COVERED)}">'
        f'<strong data-bottom="all">{html_text(covered)}</strong>'
        f'<strong data-bottom="not">{html_text(before)}<span class="zdr-checker__because"></span>'
        f"{html_text(after)}</strong></p>"
    )


def _result(site: Site, node: Question, lang: Lang) -> str:
    """The verdicts of a question with several answers: the bottom line, a count
    per status, the ticked items (what keeps the system from its arrangement first),
    the caveats. Each item is written once, in the table of every path below; the
    script copies the ticked ones in (data-order: the verdicts' order)."""
    labels, decision = site.policy.labels, site.policy.decision
    verdicts = {decision.end(a.next).verdict for a in node.answers}
    used = [s for s in SEVERITY if s in verdicts]
    summary = "".join(
        f'<li data-status="{s}" hidden>{badge(site, s, lang, node.arrangement)} '
        '<span class="zdr-checker__count"></span></li>'
        for s in used
    )
    trail = (*_trail_to(site, node.id), (node, node.answers[0]))
    return (
        f'<section class="zdr-checker__step zdr-checker__system" data-result-of="{node.id}" hidden>'
        f'<h2 class="zdr-checker__question" tabindex="-1">{html_text(labels["checker_summary"](lang))}</h2>'
        f"{_bottom_line(site, node, lang)}"
        f'<ul class="zdr-checker__summary">{summary}</ul>'
        f'<ol class="zdr-checker__items" data-order="{" ".join(SEVERITY)}"></ol>'
        f"{_caveats(site, trail, lang)}</section>"
    )


def _then(node: End, lang: Lang) -> str:
    """The way on from a verdict, as if an arrangement were in place."""
    if node.then is None:
        return ""
    return (
        f'<p><button type="button" class="md-button zdr-checker__answer" data-next="{node.then.next}" '
        f"data-hypothetical>{html_text(node.then.label(lang))}</button></p>"
    )


def _end(site: Site, node: End, lang: Lang) -> str:
    return (
        f'<section class="zdr-checker__step zdr-checker__verdict" data-node="{node.id}" '
        f'data-verdict="{node.verdict}" hidden>'
        f'<h2 class="zdr-checker__question" tabindex="-1">{badge(site, node.verdict, lang, node.arrangement)} '
        f'<span class="zdr-checker__verdict-text">{html_text(node.text(lang))}</span></h2>'
        f"{_verdict(site, node, lang)}{_then(node, lang)}{_caveats(site, _trail_to(site, node.id), lang)}</section>"
    )


def _items(site: Site) -> set[str]:
    """The end nodes reached through a question with several answers: items of its
    result section, not steps of their own."""
    return {a.next for q in site.policy.decision.nodes if isinstance(q, Question) and q.multiple for a in q.answers}


def _stand_in(node: Question, lang: Lang) -> str:
    """A question with several answers as the page holds it: its question only. Its
    choices and its verdicts are in the items' page (ITEMS), which the script puts
    in its place when a reader gets there: most readers never do, and the page
    keeps its weight."""
    return (
        f'<section class="zdr-checker__step zdr-checker__multiple" data-node="{node.id}" '
        "data-multiple data-lazy hidden>"
        f'<h2 class="zdr-checker__question" tabindex="-1">{html_text(node.question(lang))}</h2></section>'
    )


def _verdict_stand_in(node: End) -> str:
    """A verdict as the page holds it: its place only; it comes with the items' page."""
    return (
        f'<section class="zdr-checker__step zdr-checker__verdict" data-node="{node.id}" '
        f'data-verdict="{node.verdict}" data-lazy hidden>'
        '<h2 class="zdr-checker__question" tabindex="-1"></h2></section>'
    )


def _step(site: Site, node: Node, items: set[str], lang: Lang) -> str:
    """A node as the page holds it: a question with one answer whole (the way in),
    anything else a stand-in that the script replaces from the items' page."""
    if isinstance(node, Question):
        return _stand_in(node, lang) if node.multiple else _question(site, node, lang)
    return "" if node.id in items else _verdict_stand_in(node)


def checker_items(site: Site, lang: Lang) -> str:
    """The file ITEMS: the steps the page holds as stand-ins (the questions with
    several answers, their choices and verdicts; every other verdict), and every
    path, each item's verdict in a table."""
    title = html_text(site.policy.labels["checker_all_paths"](lang))
    items = _items(site)
    stand_ins = "".join(
        _question(site, n, lang) if isinstance(n, Question) else _end(site, n, lang)
        for n in site.policy.decision.nodes
        if (isinstance(n, Question) and n.multiple) or (isinstance(n, End) and n.id not in items)
    )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="robots" content="noindex"></head>\n'
        f'<body>\n<h1>{title}</h1>\n<div class="zdr-checker__lazy" hidden>{stand_ins}</div>\n'
        f"{_all_paths(site, lang)}\n</body></html>\n"
    )


def _all_paths(site: Site, lang: Lang) -> str:
    """Every path from the first question, for readers without JavaScript: to a
    verdict, or to a question with several answers and a table of its items. A
    verdict the reader may go on from links to the first path through the question
    it leads to (that path's anchor)."""
    labels, decision = site.policy.labels, site.policy.decision
    targets = {n.then.next for n in decision.nodes if isinstance(n, End) and n.then}
    items = []
    for trail, last in decision.paths():
        steps = "".join(
            f"<li>{html_text(q.question(lang))} → <strong>{html_text(a.label(lang))}</strong></li>" for q, a in trail
        )
        state = "/".join(a.next for _, a in trail)
        if isinstance(last, End):
            body = (
                f"<p>{badge(site, last.verdict, lang, last.arrangement)} {html_text(last.text(lang))}</p>"
                f"{_verdict(site, last, lang)}"
            )
            if last.then is not None:
                body += f'<p><a href="#{path_id(last.then.next)}">{html_text(last.then.label(lang))}</a></p>'
        else:
            head = "".join(
                f'<th scope="col">{html_text(labels[k](lang))}</th>'
                for k in ("checker_item", "checker_verdict", "evidence")
            )
            rows = "".join(
                f'<tr data-end="{a.next}" data-verdict="{(e := decision.end(a.next)).verdict}">'
                f'<th scope="row">{html_text(a.label(lang))}</th>'
                f"<td>{badge(site, e.verdict, lang, e.arrangement)} "
                f'<span class="zdr-checker__verdict-text">{html_text(e.text(lang))}</span>'
                f"{_requires(site, e, lang)}</td>"
                f"<td><ul>{_evidence_links(site, e.evidence, lang)}</ul></td></tr>"
                for a in last.answers
            )
            body = (
                f"<p>{html_text(last.question(lang))}</p>"
                f'<div class="zdr-table zdr-table--items"><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table></div>"
                f"{_caveats(site, (*trail, (last, last.answers[0])), lang)}"
            )
        asked = [q.id for q, _ in trail] + ([last.id] if isinstance(last, Question) else [])
        anchors = "".join(f'<span id="{path_id(q)}"></span>' for q in asked if q in targets)
        targets -= set(asked)
        items.append(
            f'<li class="zdr-path" data-end="{last.id}" data-state="{state}">{anchors}'
            f'<ol class="zdr-path__steps">{steps}</ol>{body}</li>'
        )
    return '<ol class="zdr-paths">\n' + "\n".join(items) + "\n</ol>"


def path_id(question: str) -> str:
    """The anchor of the first path in the list that asks `question`."""
    return f"path-{question}"


ITEMS = "items.html"
"""Every path and the verdict of every item, beside the checker page (its links
are relative to it): the script loads it when it first shows a system's verdicts,
so the page itself carries each item only as a checkbox (checker_items)."""

SCRIPT = "assets/zdr-checker.js"
"""The checker's script, below the site root (the checker page is one level below
its language's root, which is the site root or a folder of it)."""


def _control(action: str, label: str, hidden: bool = False) -> str:
    return (
        f'<button type="button" class="md-button" data-action="{action}"{" hidden" if hidden else ""}>'
        f"{html_text(label)}</button>"
    )


def checker(site: Site, lang: Lang) -> str:
    labels, d = site.policy.labels, site.policy.decision
    copied = html_text(labels["checker_copied"](lang))
    refused = html_text(labels["checker_copy_fallback"](lang))
    separator = html_text(punctuation(lang).comma)
    colon = html_text(punctuation(lang).colon)
    # How the copied text marks a verdict ([Not ZDR-eligible] / ［ZDR対象外］) and
    # the bottom line names an item's verdict (" (Limitation)" / "（制限事項）").
    brackets = html_text("|".join(punctuation(lang).brackets))
    aside = html_text("|".join(punctuation(lang).parentheses))
    your_answers = html_text(labels["checker_your_answers"](lang))
    evidence = html_text(labels["evidence"](lang))
    hypothetical = html_text(labels["checker_hypothetical"](lang))
    items = _items(site)
    app = (
        f'<div class="zdr-checker" data-start="{d.start}" data-copied="{copied}" '
        f'data-copy-fallback="{refused}" data-separator="{separator}" data-colon="{colon}" '
        f'data-brackets="{brackets}" data-aside="{aside}" data-evidence="{evidence}" data-items="{ITEMS}" hidden>'
        f'<div class="zdr-checker__live" aria-live="polite" role="status"></div>'
        f'<p class="zdr-checker__hypothetical" hidden><strong>{hypothetical}</strong></p>'
        f'<div class="zdr-checker__trail" hidden><h3>{your_answers}</h3><ol></ol></div>'
        + "".join(_step(site, n, items, lang) for n in d.nodes)
        + '<p class="zdr-checker__controls">'
        + " ".join(
            [
                _control("back", labels["checker_back"](lang)),
                _control("restart", labels["checker_restart"](lang)),
                _control("copy", labels["checker_copy"](lang), hidden=True),
            ]
        )
        + "</p></div>"
        # The script right after the checker, not at the end of the page: it runs
        # before the browser lays out what follows, so a shared link opens on its
        # answer and nothing below it moves (layout shift).
        + f'\n<script src="{"../" * (1 + languages.root(lang).count("/"))}{SCRIPT}"></script>'
    )
    noscript = f'<p class="zdr-checker__noscript">{html_text(labels["checker_noscript"](lang))}</p>'
    return (
        "\n\n".join(
            [
                heading(2, labels["checker_title"](lang), checker_id(site.policy)),
                md_text(labels["checker_intro"](lang)),
                app,
                noscript,
                heading(2, labels["checker_all_paths"](lang), checker_paths_id(site.policy)),
                # Every path is listed on the flowchart page, for readers without
                # JavaScript; the items' verdicts load only when a reader needs them.
                f"{md_text(labels['checker_paths_elsewhere'](lang) + punctuation(lang).colon)}"
                f"{md_link(site, flowchart_text_id(site.policy), lang)}",
            ]
        )
        + "\n"
    )
