"""The link contract: every public URL with anchor, derived from the outline.

Onboarding guides link to these URLs. `link-contract.txt` is the committed list;
the tests fail when the data or the build no longer provides one of them, so a
URL only disappears through a deliberate edit of the list.
"""

from __future__ import annotations

from pathlib import Path

from . import languages
from .outline import Site

CONTRACT_FILE = Path("link-contract.txt")
"""Relative to the project folder."""
HEADER = """\
# Public URLs of the ZDR site below site_url (/ is site_url). Guides may link to any.
# Generated from data/zdr.yaml by: scripts/zdr urls --write
# The tests fail when one disappears: if that is deliberate, regenerate this file
# and tell the guide writers (or keep the old anchor as a redirect).
"""


def public_urls(site: Site) -> list[str]:
    """URLs below site_url, written with a leading slash: /ja/eligibility/#batch-api."""
    urls = []
    for lang in languages.LANGUAGES:
        root = "/" + languages.root(lang)
        for page in site.outline.pages:
            urls.append(root + page.url())
            urls += [root + entry.url() for entry in page.entries]
            # Anchors that moved to another page still land here (render.moved).
            urls += [f"{root}{page.url()}#{entry.id}" for entry in page.moved]
    return urls


def contract_text(site: Site) -> str:
    return HEADER + "\n".join(public_urls(site)) + "\n"


def read_contract(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
