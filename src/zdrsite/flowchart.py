"""The decision graph as Mermaid flowchart source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .languages import punctuation
from .model import SEVERITY, End, Lang, Node, Question
from .outline import Site

# Mermaid reads `#code;` as a character entity. Encoding every character outside a
# small safe set keeps quotes, brackets, backticks and HTML in labels literal.
_SAFE = set(" .,:?!()/'-_")
# Everything else, the colon too: Mermaid turns `fa:fa-car` (and fab:, fas:, ...)
# in a label into an icon element, even inside quotes; `#58;` shows a colon as text.
_UNSAFE = re.compile("[^" + "".join(re.escape(c) for c in sorted(_SAFE - {":"})) + r"\w]")


def mermaid_label(text: str) -> str:
    return '"' + _UNSAFE.sub(lambda m: f"#{ord(m.group())};", text) + '"'


def node_ref(node_id: str) -> str:
    # Prefixed so no id collides with a Mermaid keyword such as `end`.
    return "n_" + node_id.replace("-", "_")


# Natural size: labels stay at Mermaid's 16 px; a chart wider than the text scrolls
# sideways in its own box (docs/assets/zdr.css) instead of shrinking to fit.
_CONFIG = "---\nconfig:\n  flowchart:\n    useMaxWidth: false\n    wrappingWidth: 150\n    nodeSpacing: 20\n---"
# A chart of items by verdict: two columns, narrow enough for a phone (390 px), or
# wide enough for a desktop's column (its boxes some 700 px tall at 150 px).
_ITEMS_CONFIG = "---\nconfig:\n  flowchart:\n    useMaxWidth: false\n    wrappingWidth: {}\n    rankSpacing: 30\n---"
_ITEMS_WRAP = {"wide": 300, "narrow": 150}
# Only the border carries the verdict's colour (the icon in the label carries
# its meaning): Material picks node fill and text colours for light and dark.
_BORDERS = {
    "eligible": "#2e9d4f",
    "not-eligible": "#d9453a",
    "qualified": "#2e9d4f",
    "not-listed": "#78909c",
    "ask": "#6a4fc4",
    "limitation": "#1f6fb8",
}


def _node_line(site: Site, node: Node, lang: Lang) -> str:
    if isinstance(node, Question):
        return f"  {node_ref(node.id)}{{{{{mermaid_label(node.question(lang))}}}}}"
    label = f"{site.policy.status_info(node.verdict, node.arrangement).icon} {node.text(lang)}"
    # Rounded boxes: Mermaid draws a stadium as a path of some 40 KB of points,
    # which a drawn page would carry (diagrams.py); a rounded box is one <rect>.
    return f"  {node_ref(node.id)}({mermaid_label(label)})"


# A question with more answers than this is, on a phone, a list of its answers in
# place of its chart (render.py): four answers side by side are some 900 px wide,
# twice a phone's column at the smallest label size; two fit.
MOST_ANSWERS_ON_A_PHONE = 2


Screen = Literal["any", "wide", "narrow"]


@dataclass(frozen=True)
class FlowChart:
    """A chart's Mermaid source and the screens it is for (the page shows a chart
    for wide screens or its narrow one, docs/assets/zdr.css). `phone_list`: the
    question a narrow screen shows as a list of answers in place of this chart."""

    source: str
    screen: Screen = "any"
    phone_list: Question | None = None


def _chart(site: Site, lang: Lang, direction: str, nodes: list[Node], questions: list[Question]) -> str:
    """One chart: its nodes, the answers of its questions as edges, links and colours."""
    index = site.outline
    lines = [_CONFIG, f"flowchart {direction}"]
    lines += [_node_line(site, node, lang) for node in nodes]
    for question in questions:
        for answer in question.answers:
            lines.append(f"  {node_ref(question.id)} -->|{mermaid_label(answer.label(lang))}| {node_ref(answer.next)}")
    ends = [node for node in nodes if isinstance(node, End)]
    for end in ends:
        if end.then is not None:  # going on as if an arrangement were in place: dotted
            lines.append(f"  {node_ref(end.id)} -.->|{mermaid_label(end.then.label(lang))}| {node_ref(end.then.next)}")
    for end in ends:
        # Relative to the flowchart page, so it works under any sub-path and language.
        lines.append(f'  click {node_ref(end.id)} href "{index[end.evidence[0]].href()}"')
        lines.append(f"  class {node_ref(end.id)} zdr_{end.verdict.replace('-', '_')}")
    lines += [f"  classDef zdr_{s.replace('-', '_')} stroke:{c},stroke-width:3px" for s, c in _BORDERS.items()]
    return "\n".join(lines)


def _items_chart(site: Site, lang: Lang, question: Question, screen: Screen) -> str:
    """A question where the reader ticks items: the question, and one box per
    verdict naming its items, left to right. A box per item made a chart some
    3,000 px tall whose question stood screens away from its arrows; each item's
    own words are in the list below the charts (its link goes there)."""
    d, marks = site.policy.decision, punctuation(lang)
    by_verdict: dict[str, list[str]] = {}
    for answer in question.answers:
        by_verdict.setdefault(d.end(answer.next).verdict, []).append(answer.label(lang))
    asked = f"  {node_ref(question.id)}{{{{{mermaid_label(question.question(lang))}}}}}"
    lines = [_ITEMS_CONFIG.format(_ITEMS_WRAP[screen]), "flowchart LR", asked]
    for verdict in SEVERITY:
        if verdict not in by_verdict:
            continue
        info = site.policy.status_info(verdict, question.arrangement)
        ref = node_ref(f"{question.id}-{verdict}")
        # The items in the language's parentheses: a verdict such as "HIPAA：記載なし"
        # has a colon of its own.
        label = f"{info.icon} {info.label(lang)}{marks.aside(marks.comma.join(by_verdict[verdict]))}"
        lines += [
            f"  {ref}({mermaid_label(label)})",
            f"  {node_ref(question.id)} --> {ref}",
            f'  click {ref} href "#{question.id}"',
            f"  class {ref} zdr_{verdict.replace('-', '_')}",
        ]
    lines += [f"  classDef zdr_{s.replace('-', '_')} stroke:{c},stroke-width:3px" for s, c in _BORDERS.items()]
    return "\n".join(lines)


def mermaid_charts(site: Site, lang: Lang) -> list[FlowChart]:
    """The decision graph as small charts: the questions with one answer each, top
    down; then, for each question where the reader ticks items, that question and
    its items by verdict, left to right."""
    d = site.policy.decision
    multiple = [n for n in d.nodes if isinstance(n, Question) and n.multiple]
    items = {a.next for q in multiple for a in q.answers}
    single = [n for n in d.nodes if isinstance(n, Question) and not n.multiple and n.id not in items]
    charts = []
    for q in single:
        # One chart per question, its answers side by side: each fits a desktop
        # column whole, and its question stands over its arrows.
        targets = [d.node(a.next) for a in q.answers]
        onward = [d.node(t.then.next) for t in targets if isinstance(t, End) and t.then]
        shown = list({n.id: n for n in [q, *targets, *onward]}.values())
        source = _chart(site, lang, "TD", shown, [q])
        many = len(q.answers) > MOST_ANSWERS_ON_A_PHONE
        charts.append(FlowChart(source, "wide", phone_list=q) if many else FlowChart(source))
    for q in multiple:
        charts += [FlowChart(_items_chart(site, lang, q, screen), screen) for screen in ("wide", "narrow")]
    return charts
