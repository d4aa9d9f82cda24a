"""The link contract: every public URL of link-contract.txt exists, derived from the data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers import LANGS, ROOT, lang_url
from playwright.sync_api import expect

from zdrsite import contract
from zdrsite.registry import build_site


def test_contract_matches_the_data(policy):
    committed = contract.read_contract(ROOT / contract.CONTRACT_FILE)
    derived = contract.public_urls(build_site(policy))
    removed = [u for u in committed if u not in derived]
    added = [u for u in derived if u not in committed]
    assert not removed, (
        f"public URLs disappeared from the data: {removed}. If deliberate, run "
        "`scripts/zdr urls --write` and tell guide writers."
    )
    assert not added, f"new public URLs: {added}. Run `scripts/zdr urls --write` to publish them."


def test_every_contract_url_exists_in_the_build(site):
    missing = []
    pages: dict[str, BeautifulSoup] = {}
    for url in contract.read_contract(ROOT / contract.CONTRACT_FILE):
        path, _, fragment = url.partition("#")
        file = site / path.lstrip("/") / "index.html"
        if not file.is_file():
            missing.append(f"{url}: no page")
            continue
        if path not in pages:  # each page parsed once (setdefault would parse it for every URL)
            pages[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        soup = pages[path]
        if fragment and soup.find(id=fragment) is None:
            missing.append(f"{url}: no anchor")
    assert not missing, "\n".join(missing)


def test_a_page_keeps_the_anchors_that_moved_away_and_links_each_to_its_new_page(site, policy):
    """The retention table moved from the eligibility page to its own: the old page
    still has each anchor, in one line that links to the new page."""
    moved = [policy.retention.id, *(item.id for item in policy.retention.items)]
    for root in (site, site / "ja"):
        old = BeautifulSoup((root / "eligibility" / "index.html").read_text(encoding="utf-8"), "html.parser")
        new = BeautifulSoup((root / "retention" / "index.html").read_text(encoding="utf-8"), "html.parser")
        line = old.find(id=moved[0])
        assert line is not None, root
        assert line.name == "p"
        assert line.a["href"] == f"../retention/#{moved[0]}"
        assert [tag["id"] for tag in line.find_all(id=True)] == moved[1:]
        assert all(new.find(id=ident) is not None for ident in moved), root


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_an_old_link_to_a_moved_row_opens_the_row_on_its_new_page(page, server, lang, policy):
    item = policy.retention.items[-1]
    page.goto(lang_url(server, lang, "eligibility.md") + f"#{item.id}")
    page.wait_for_url(lang_url(server, lang, "retention.md") + f"#{item.id}")
    row = page.locator(f"tr#{item.id}")
    expect(row).to_be_in_viewport()
    expect(row.locator("th")).to_contain_text(item.what(lang))
    # Going back does not land on the old page again (the move replaced it).
    page.go_back()
    assert not page.url.startswith(lang_url(server, lang, "eligibility.md"))
