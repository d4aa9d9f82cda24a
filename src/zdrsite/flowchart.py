"""The decision graph as Mermaid flowchart source."""

from __future__ import annotations

from .model import End, Lang, Policy, Question

# Mermaid reads `#code;` as a character entity. Encoding every character outside a
# small safe set keeps quotes, brackets, backticks and HTML in labels literal.
_SAFE = set(" .,:?!()/'-_")


def mermaid_label(text: str) -> str:
    # The colon too: Mermaid turns `fa:fa-car` (and fab:, fas:, ...) in a label
    # into an icon element, even inside quotes; `#58;` shows a colon as text.
    return '"' + "".join(c if c.isalnum() or (c in _SAFE and c != ":") else f"#{ord(c)};" for c in text) + '"'


def node_ref(node_id: str) -> str:
    # Prefixed so no id collides with a Mermaid keyword such as `end`.
    return "n_" + node_id.replace("-", "_")


def mermaid_source(policy: Policy, lang: Lang) -> str:
    """Flowchart source; end nodes link to the evidence of their verdict."""
    index = policy.outline
    lines = ["flowchart LR"]
    for node in policy.decision.nodes:
        if isinstance(node, Question):
            lines.append(f"  {node_ref(node.id)}{{{{{mermaid_label(node.question(lang))}}}}}")
        else:
            status = policy.statuses[node.verdict]
            label = f"{status.icon} {node.text(lang)}"
            lines.append(f"  {node_ref(node.id)}([{mermaid_label(label)}])")
    for node in policy.decision.nodes:
        if isinstance(node, Question):
            for answer in node.answers:
                lines.append(f"  {node_ref(node.id)} -->|{mermaid_label(answer.label(lang))}| {node_ref(answer.next)}")
    for node in policy.decision.nodes:
        if isinstance(node, End):
            # Relative to the flowchart page, so it works under any sub-path and language.
            lines.append(f'  click {node_ref(node.id)} href "{index[node.evidence[0]].href()}"')
            lines.append(f"  class {node_ref(node.id)} zdr_{node.verdict.replace('-', '_')}")
    # Only the border carries the verdict's colour (the icon in the label carries
    # its meaning): Material picks node fill and text colours for light and dark.
    lines += [
        "  classDef zdr_eligible stroke:#2e9d4f,stroke-width:3px",
        "  classDef zdr_not_eligible stroke:#d9453a,stroke-width:3px",
        "  classDef zdr_special_case stroke:#d98a00,stroke-width:3px",
        "  classDef zdr_not_listed stroke:#78909c,stroke-width:3px",
        "  classDef zdr_ask stroke:#6a4fc4,stroke-width:3px",
        "  classDef zdr_limitation stroke:#1f6fb8,stroke-width:3px",
    ]
    return "\n".join(lines)
