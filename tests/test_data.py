"""The data file: the real one is valid, broken ones are refused with a clear message."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS, LANGS, SCHEMA_FILE, load_case

from zdrsite import loader
from zdrsite.model import End, Question, Text


def test_real_file_is_valid(policy):
    assert policy.features
    assert policy.faq
    assert policy.decision.nodes


def test_every_text_has_both_languages(policy):
    """Walk the typed records: no text is empty in either language."""
    seen = 0

    def walk(value):
        nonlocal seen
        if isinstance(value, Text):
            assert all(value(lang).strip() for lang in LANGS), value
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
    paths = list(decision.paths())
    reached = {decision.start}
    for trail, end in paths:
        assert isinstance(end, End)
        reached |= {question.id for question, _ in trail} | {end.id}
        assert all(isinstance(q, Question) for q, _ in trail)
    assert reached == {n.id for n in decision.nodes}


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 20, [c.name for c in CORPUS]


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.stem)
def test_broken_file_is_refused_with_a_clear_message(case, tmp_path):
    content, expect, line = load_case(case)
    target = tmp_path / "zdr.yaml"
    target.write_bytes(content)
    with pytest.raises(loader.DataError) as caught:
        loader.validate(target, SCHEMA_FILE)
    report = str(caught.value)
    assert len(caught.value.problems) == 1, report
    # file:line: path: message
    assert re.fullmatch(r"\S+zdr\.yaml:\d+: \S+: .+", report), report
    assert re.search(expect, report), f"{report!r} does not match {expect!r}"
    assert "Traceback" not in report
    if line is not None:
        assert f"zdr.yaml:{line}: " in report, f"{report!r} should name line {line}"
