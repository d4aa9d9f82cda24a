"""The link contract: every public URL of link-contract.txt exists, derived from the data."""

from __future__ import annotations

from bs4 import BeautifulSoup
from helpers import ROOT

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
