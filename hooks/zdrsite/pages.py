"""The site's pages, the markers each must carry, and where every id lives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .model import Policy, Question, Text

# Page (relative to docs/<lang>/) -> the markers it must carry, in order. A marker
# renders facts whose anchors other pages link to, so it may only appear on its page.
PAGES: dict[str, tuple[str, ...]] = {
    "index.md": ("about", "overview", "related-resources"),
    "eligibility.md": ("eligible-table", "not-eligible-table", "special-cases"),
    "limits.md": ("limits",),
    "faq.md": ("faq",),
    "flowchart.md": ("flowchart",),
    "checker.md": ("checker",),
    "changes.md": ("changelog",),
    "maintainers.md": (),
}


@dataclass(frozen=True)
class Target:
    """One linkable thing: the page it is on, its anchor, what it is, its title."""

    page: str
    id: str
    kind: str
    title: Text

    def url(self) -> str:
        """URL relative to the site root of a language, with directory URLs."""
        return f"{page_url(self.page)}#{self.id}"

    def href(self) -> str:
        """The link from any page of the same language, for raw HTML and Mermaid,
        which MkDocs does not rewrite. Every page is one directory below the root."""
        return f"../{self.url()}"


def page_url(page: str) -> str:
    return "" if page == "index.md" else page.removesuffix(".md") + "/"


def flowchart_text_id(policy: Policy) -> str:
    # Derived from the data's id so it is the same in both languages.
    return f"{policy.decision.id}-text"


def _point_title(label: Text | None, text: Text) -> Text:
    return label if label is not None else text


@lru_cache(maxsize=8)
def targets(policy: Policy) -> dict[str, Target]:
    """Every id of the data with its page, in page order and data order.

    Cached per Policy (compared by identity): renderers look ids up all the time,
    and rebuilding the index on each call would make rendering quadratic."""
    found: list[Target] = []
    for section in policy.overview:
        found.append(Target("index.md", section.id, "section", section.title))
        found += [Target("index.md", p.id, "point", _point_title(p.label, p.text)) for p in section.points]
    found.append(Target("index.md", policy.related.id, "section", policy.related.title))
    found += [Target("index.md", p.id, "point", p.text) for p in policy.related.items]

    tables = ((policy.eligibility.eligible_table, "eligible"), (policy.eligibility.not_eligible_table, "not-eligible"),
              (policy.eligibility.special_cases, "special-case"))
    for heading, status in tables:
        found.append(Target("eligibility.md", heading.id, "section", heading.title))
        found += [Target("eligibility.md", f.id, "feature", f.name) for f in policy.features_with(status)]

    for section in policy.limits:
        found.append(Target("limits.md", section.id, "section", section.title))
        found += [Target("limits.md", p.id, "point", _point_title(p.label, p.text)) for p in section.points]

    for entry in policy.faq:
        found.append(Target("faq.md", entry.id, "faq", entry.question))
        found += [Target("faq.md", p.id, "point", _point_title(p.label, p.text)) for p in entry.points]

    found.append(Target("flowchart.md", policy.decision.id, "section", policy.decision.title))
    found.append(Target("flowchart.md", flowchart_text_id(policy), "section", policy.labels["flowchart_text"]))
    found.append(Target("checker.md", f"{policy.decision.id}-checker", "section", policy.labels["checker_title"]))
    found.append(Target("checker.md", f"{policy.decision.id}-paths", "section", policy.labels["checker_all_paths"]))
    found += [Target("changes.md", f"change-{c.date}", "change", Text(c.date, c.date)) for c in policy.changelog]
    for node in policy.decision.nodes:
        title = node.question if isinstance(node, Question) else node.text
        found.append(Target("flowchart.md", node.id, "question" if isinstance(node, Question) else "end", title))
    return {t.id: t for t in found}
