"""The interactive ZDR checker, as HTML generated from the decision graph.

All text and logic come from the data: every node is a hidden <section> with its
answers as buttons that name the next node. assets/zdr-checker.js only shows one
section at a time and keeps the visited nodes in the URL; it holds no policy text.
Without JavaScript the reader gets every path through the graph as a plain list.
"""

from __future__ import annotations

from .model import Lang, Node, Policy, Question
from .outline import checker_id, checker_paths_id
from .render import badge, heading, html_text, md_text


def _evidence_links(policy: Policy, ids: tuple[str, ...], lang: Lang) -> str:
    index = policy.outline
    return "".join(f'<li><a href="{index[i].href()}">{html_text(index[i].title(lang))}</a></li>' for i in ids)


def _node_section(policy: Policy, node: Node, lang: Lang) -> str:
    labels = policy.labels
    if isinstance(node, Question):
        buttons = "".join(
            f'<li><button type="button" class="md-button zdr-checker__answer" data-next="{a.next}">'
            f"{html_text(a.label(lang))}</button></li>"
            for a in node.answers
        )
        return (
            f'<section class="zdr-checker__step" data-node="{node.id}" hidden>'
            f'<h2 class="zdr-checker__question" tabindex="-1">{html_text(node.question(lang))}</h2>'
            f'<ul class="zdr-checker__answers">{buttons}</ul></section>'
        )
    index = policy.outline
    caveats = "".join(
        f'<li>{html_text(c.text(lang))} <a href="{index[c.link].href()}">'
        f"{html_text(index[c.link].title(lang))}</a></li>"
        for c in policy.decision.caveats
    )
    return (
        f'<section class="zdr-checker__step zdr-checker__verdict" data-node="{node.id}" '
        f'data-verdict="{node.verdict}" hidden>'
        f'<h2 class="zdr-checker__question" tabindex="-1">{badge(policy, node.verdict, lang)} '
        f'<span class="zdr-checker__verdict-text">{html_text(node.text(lang))}</span></h2>'
        f'<h3>{html_text(labels["evidence"](lang))}</h3><ul class="zdr-checker__evidence">'
        f"{_evidence_links(policy, node.evidence, lang)}</ul>"
        f'<h3>{html_text(labels["checker_caveats"](lang))}</h3><ul class="zdr-checker__caveats">{caveats}</ul>'
        f"</section>"
    )


def _all_paths(policy: Policy, lang: Lang) -> str:
    """Every path from the first question to a verdict, for readers without JavaScript."""
    items = []
    for trail, end in policy.decision.paths():
        steps = "".join(
            f"<li>{html_text(q.question(lang))} → <strong>{html_text(a.label(lang))}</strong></li>" for q, a in trail
        )
        state = "/".join(a.next for _, a in trail)
        items.append(
            f'<li class="zdr-path" data-end="{end.id}" data-state="{state}"><ol class="zdr-path__steps">{steps}</ol>'
            f"<p>{badge(policy, end.verdict, lang)} {html_text(end.text(lang))}</p>"
            f"<ul>{_evidence_links(policy, end.evidence, lang)}</ul></li>"
        )
    return '<ol class="zdr-paths">\n' + "\n".join(items) + "\n</ol>"


def _control(action: str, label: str, hidden: bool = False) -> str:
    return (
        f'<button type="button" class="md-button" data-action="{action}"{" hidden" if hidden else ""}>'
        f"{html_text(label)}</button>"
    )


def checker(policy: Policy, lang: Lang) -> str:
    labels, d = policy.labels, policy.decision
    copied = html_text(labels["checker_copied"](lang))
    your_answers = html_text(labels["checker_your_answers"](lang))
    app = (
        f'<div class="zdr-checker" data-start="{d.start}" data-copied="{copied}" hidden>'
        f'<div class="zdr-checker__live" aria-live="polite" role="status"></div>'
        f'<div class="zdr-checker__trail" hidden><h3>{your_answers}</h3><ol></ol></div>'
        + "".join(_node_section(policy, n, lang) for n in d.nodes)
        + '<p class="zdr-checker__controls">'
        + " ".join(
            [
                _control("back", labels["checker_back"](lang)),
                _control("restart", labels["checker_restart"](lang)),
                _control("copy", labels["checker_copy"](lang), hidden=True),
            ]
        )
        + "</p></div>"
    )
    noscript = f'<p class="zdr-checker__noscript">{html_text(labels["checker_noscript"](lang))}</p>'
    return (
        "\n\n".join(
            [
                heading(2, labels["checker_title"](lang), checker_id(policy)),
                md_text(labels["checker_intro"](lang)),
                app,
                noscript,
                heading(2, labels["checker_all_paths"](lang), checker_paths_id(policy)),
                _all_paths(policy, lang),
            ]
        )
        + "\n"
    )
