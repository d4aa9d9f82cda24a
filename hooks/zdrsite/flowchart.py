"""The decision graph as Mermaid flowchart source."""

from __future__ import annotations

from .model import End, Lang, Policy, Question
from .pages import targets

# Mermaid reads `#code;` as a character entity. Encoding every character outside a
# small safe set keeps quotes, brackets, backticks and HTML in labels literal.
_SAFE = set(" .,:?!()/'-_")


def mermaid_label(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in _SAFE else f"#{ord(c)};" for c in text) + '"'


def node_ref(node_id: str) -> str:
    # Prefixed so no id collides with a Mermaid keyword such as `end`.
    return "n_" + node_id.replace("-", "_")


def mermaid_source(policy: Policy, lang: Lang) -> str:
    """Flowchart source; end nodes link to the evidence of their verdict."""
    index = targets(policy)
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
    lines += [
        "  classDef zdr_eligible fill:#e6f4ea,stroke:#1e7e34,color:#0b3d17",
        "  classDef zdr_not_eligible fill:#fdecea,stroke:#b3261e,color:#5c0f0a",
        "  classDef zdr_special_case fill:#fff4e0,stroke:#a05a00,color:#4a2a00",
        "  classDef zdr_not_listed fill:#eceff1,stroke:#455a64,color:#1c262b",
    ]
    return "\n".join(lines)
