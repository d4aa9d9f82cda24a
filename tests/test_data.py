"""The data file: the real one is valid, broken ones are refused with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from zdrsite import loader
from zdrsite.model import End, Question

REAL = ROOT / "data" / "zdr.yaml"
CORPUS = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def test_real_file_is_valid(policy):
    assert policy.features and policy.faq and policy.decision.nodes


def test_every_text_has_both_languages(policy):
    """Walk the typed records: no text is empty in either language."""
    seen = 0

    def walk(value):
        nonlocal seen
        if hasattr(value, "en") and hasattr(value, "ja"):
            assert value.en.strip() and value.ja.strip(), value
            seen += 1
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(policy)
    assert seen > 0


def test_decision_graph_every_path_ends_in_a_verdict(policy):
    decision = policy.decision
    paths = decision.paths()
    reached = {decision.start}
    for trail, end in paths:
        assert isinstance(end, End)
        reached |= {question.id for question, _ in trail} | {end.id}
        assert all(isinstance(q, Question) for q, _ in trail)
    assert reached == {n.id for n in decision.nodes}


def load_case(case: Path) -> tuple[bytes, str, str | None]:
    """A corpus case is a mutation of the real file, so it stays current as the data grows.

    Keys: `expect` (regex the whole error report must match), and one of
    `edits` (find/replace pairs on the real file, each must match exactly once),
    `content` (the whole file), `bytes_prefix` (hex bytes put before the real file),
    `repeat_to_bytes` (the real file padded with comments to this size);
    optional `line_of`: text of the mutated file whose line the report must name.
    """
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    real = REAL.read_text(encoding="utf-8")
    if "content" in spec:
        content = spec["content"].encode("utf-8")
    elif "bytes_prefix" in spec:
        content = bytes.fromhex(spec["bytes_prefix"]) + real.encode("utf-8")
    elif "repeat_to_bytes" in spec:
        content = (real + "# padding\n" * (spec["repeat_to_bytes"] // 10 + 1)).encode("utf-8")
    else:
        text = real
        for edit in spec["edits"]:
            assert text.count(edit["find"]) == 1, f"{case.name}: {edit['find']!r} must occur once in the data"
            text = text.replace(edit["find"], edit["replace"])
        content = text.encode("utf-8")
    line = None
    if "line_of" in spec:
        text = content.decode("utf-8")
        assert text.count(spec["line_of"]) == 1, f"{case.name}: line_of must occur once"
        line = text[: text.index(spec["line_of"])].count("\n") + 1
    return content, spec["expect"], line


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 20, [c.name for c in CORPUS]


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.stem)
def test_broken_file_is_refused_with_a_clear_message(case, tmp_path):
    content, expect, line = load_case(case)
    target = tmp_path / "zdr.yaml"
    target.write_bytes(content)
    with pytest.raises(loader.DataError) as caught:
        loader.validate(target)
    report = str(caught.value)
    assert len(caught.value.problems) == 1, report
    # file:line: path: message
    assert re.fullmatch(r"\S+zdr\.yaml:\d+: \S+: .+", report), report
    assert re.search(expect, report), f"{report!r} does not match {expect!r}"
    assert "Traceback" not in report
    if line is not None:
        assert f"zdr.yaml:{line}: " in report, f"{report!r} should name line {line}"
