"""The link contract: every public URL with anchor, derived from the data.

Onboarding guides link to these URLs. `link-contract.txt` is the committed list;
the tests fail when the data or the build no longer provides one of them, so a
URL only disappears through a deliberate edit of the list.
"""

from __future__ import annotations

from pathlib import Path

from .model import Policy
from .pages import PAGES, page_url, targets

CONTRACT_FILE = Path(__file__).resolve().parents[2] / "link-contract.txt"
HEADER = """\
# Public URLs of the ZDR site below site_url (/ is site_url). Guides may link to any.
# Generated from data/zdr.yaml by: scripts/zdr urls --write
# The tests fail when one disappears: if that is deliberate, regenerate this file
# and tell the guide writers (or keep the old anchor as a redirect).
"""


def public_urls(policy: Policy, lang_roots: tuple[str, ...] = ("/", "/ja/")) -> list[str]:
    """URLs below site_url, written with a leading slash: /ja/eligibility/#batch-api."""
    urls = []
    index = targets(policy)
    for root in lang_roots:
        for page in PAGES:
            urls.append(root + page_url(page))
            urls += [root + t.url() for t in index.values() if t.page == page]
    return urls


def contract_text(policy: Policy) -> str:
    return HEADER + "\n".join(public_urls(policy)) + "\n"


def read_contract(path: Path = CONTRACT_FILE) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
