"""The flowchart renders with the network cut, drawn at build time or by the
reader's browser (every page opened with the network cut: test_browser_pages.py).

The `page` fixture also fails any test whose page asks a host other than
127.0.0.1 for anything, or logs a console error.
"""

from __future__ import annotations

import pytest
from helpers import LANGS, lang_url, load_policy, rendered_diagram_text, serve

from zdrsite.model import Question

pytestmark = pytest.mark.browser
POLICY = load_policy()


def cut_network(page) -> None:
    """Abort every request that is not for the site itself."""
    page.context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
    )


@pytest.fixture(scope="module")
def undrawn_server(undrawn_site):
    with serve(undrawn_site) as url:
        yield url


@pytest.mark.parametrize("drawn", [True, False], ids=["drawn-at-build", "drawn-by-the-reader"])
@pytest.mark.parametrize("lang", LANGS)
def test_flowchart_renders_offline_with_every_node_label(page, server, undrawn_server, lang, drawn):
    """Drawn at build time (diagrams.py), or, without a browser at build time, by
    Mermaid from the site's own copy."""
    cut_network(page)
    page.goto(lang_url(server if drawn else undrawn_server, lang, "flowchart.md"), wait_until="networkidle")
    if not drawn:  # the theme's script asks for Mermaid once it runs, on a busy machine late
        page.wait_for_function("() => window.mermaid !== undefined")
    mermaid = [u for u in page.zdr_log.requests if "/mermaid/" in u]
    assert bool(mermaid) != drawn, mermaid
    joined = rendered_diagram_text(page)
    assert joined, "no <svg> rendered"
    missing = []
    # A question's items are named in their verdict's box (the answer's label, below).
    items = {a.next for n in POLICY.decision.nodes if isinstance(n, Question) and n.multiple for a in n.answers}
    for node in POLICY.decision.nodes:
        label = node.question(lang) if isinstance(node, Question) else node.text(lang)
        if node.id not in items and " ".join(label.split()) not in joined:
            missing.append(node.id)
        if isinstance(node, Question):
            missing += [f"{node.id}->{a.next}" for a in node.answers if " ".join(a.label(lang).split()) not in joined]
    assert not missing, f"labels missing from the diagram: {missing}"
