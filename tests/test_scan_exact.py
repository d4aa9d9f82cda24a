"""`zdr scan` is exact and bounded on any tree (issue #24): encodings and line
ends, each file once, what it does not read counted in every format, any depth,
malformed notebooks, any file name."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from test_scan import SARIF_SCHEMA, run_scan

from zdrsite import scan
from zdrsite.registry import build_site

USE = "client.messages.batches.create(requests=[])"


@pytest.fixture(scope="module")
def scanner(policy):
    return scan.Scanner(scan.rules(build_site(policy), "en", policy.meta.site_url))


def where(scanner, data: bytes, name: str = "a.py", tmp: Path | None = None) -> list[tuple[int, int]]:
    assert tmp is not None
    path = tmp / name
    path.write_bytes(data)
    result = scanner.scan([path])
    assert result.skipped == []
    return [(f.line, f.column) for f in result.findings]


# The use on the third line, after four spaces: the column of its name (`messages`),
# however the file is written.
THIRD_LINE = ["import anthropic", "x = 1", f"    {USE}", ""]
COLUMN = THIRD_LINE[2].index("messages") + 1


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("utf-8", "\n"),
        ("utf-8-sig", "\n"),
        ("utf-8", "\r\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-8", "\r"),
        ("utf-16", "\n"),  # with its BOM, little or big endian as Python writes it
        ("utf-16-be-bom", "\r\n"),
        ("utf-32", "\n"),
    ],
)
def test_lines_and_columns_are_right_for_any_encoding_and_line_end(scanner, tmp_path, encoding, newline):
    text = newline.join(THIRD_LINE)
    big_endian = encoding == "utf-16-be-bom"
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if big_endian else text.encode(encoding)
    assert where(scanner, data, tmp=tmp_path) == [(3, COLUMN)]


def test_a_file_named_twice_or_inside_a_folder_named_is_scanned_once(scanner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(USE + "\n", encoding="utf-8")
    (tmp_path / "src" / "link.py").symlink_to("a.py")  # a link is not followed in a walk
    result = scanner.scan([Path("src/a.py"), Path("src"), Path("./src/a.py"), Path("src/../src")])
    assert [(f.path, f.line) for f in result.findings] == [("src/a.py", 1)]


def test_a_thousand_nested_folders_are_walked(scanner, tmp_path):
    deep = tmp_path
    for _ in range(1000):  # one by one: pathlib's own mkdir(parents=True) recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.py").write_text(USE + "\n", encoding="utf-8")
    try:
        result = scanner.scan([tmp_path])
        assert [f.path.count("/d") for f in result.findings] == [1000]
    finally:  # bottom up: shutil.rmtree (pytest's clean-up) recurses too
        (deep / "a.py").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_a_virtual_environment_is_known_by_its_layout_not_by_an_empty_pyvenv_cfg(scanner, tmp_path):
    (tmp_path / "pyvenv.cfg").write_text("", encoding="utf-8")  # at the root: not a virtual environment
    (tmp_path / "app.py").write_text(USE + "\n", encoding="utf-8")
    env = tmp_path / "env"
    (env / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    (env / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (env / "lib" / "python3.11" / "site-packages" / "x.py").write_text(USE + "\n", encoding="utf-8")
    lookalike = tmp_path / "tools"
    lookalike.mkdir()
    (lookalike / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (lookalike / "t.py").write_text(USE + "\n", encoding="utf-8")
    result = scanner.scan([tmp_path])
    assert sorted(Path(f.path).name for f in result.findings) == ["app.py", "t.py"]
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [("env", "virtual-environment")]


MALFORMED = {
    "cells-null.ipynb": ('{"cells": null}', "its cells are not a list"),
    "source-numbers.ipynb": (
        '{"cells": [{"cell_type": "code", "source": [1, 2]}]}',
        "the source of cell 0 is not text",
    ),
    "deep.ipynb": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "not-json.ipynb": ('{"cells": [', "not JSON (line 1, column 12: Expecting value)"),
    "cell-string.ipynb": ('{"cells": ["x"]}', "cell 0 is not an object"),
}


def test_a_malformed_notebook_is_one_line_and_the_scan_goes_on(scanner, tmp_path):
    for name, (content, _) in MALFORMED.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "z.py").write_text(USE + "\n", encoding="utf-8")
    result = scanner.scan([tmp_path])
    assert [Path(f.path).name for f in result.findings] == ["z.py"]
    assert sorted((Path(s.path).name, s.reason, s.detail) for s in result.skipped) == sorted(
        (name, "malformed-notebook", detail) for name, (_, detail) in MALFORMED.items()
    )


def test_a_notebooks_findings_name_their_line_of_the_file(scanner, tmp_path):
    cells = [
        {"cell_type": "markdown", "source": [f"{USE}\n"]},
        {"cell_type": "code", "source": ["import anthropic\n", f"  {USE}\n", "x = 1"]},
        {"cell_type": "code", "source": f"y = 2\n{USE}"},
    ]
    text = json.dumps({"cells": cells, "nbformat": 4}, indent=1)
    lines = text.split("\n")
    second = next(i for i, line in enumerate(lines, 1) if f'"  {USE}' in line.replace('\\"', '"'))
    single = next(i for i, line in enumerate(lines, 1) if '"y = 2' in line)
    name_at = USE.index("messages") + 1  # a column within the code line
    assert where(scanner, text.encode(), "n.ipynb", tmp_path) == [(second, name_at + 2), (single, name_at)]


def test_files_not_read_are_counted_in_every_format_and_fail_a_strict_scan(tmp_path):
    (tmp_path / "big.js").write_text("x" * (scan.MAX_FILE_BYTES + 1), encoding="utf-8")
    (tmp_path / "blob.py").write_bytes(b"\0\1\2")
    (tmp_path / "fine.py").write_text("print(1)\n", encoding="utf-8")
    text = run_scan(".", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[-3:] == [
        "Not read (2)",
        f"  big.js: too large (over {scan.MAX_FILE_BYTES:,} bytes)",
        "  blob.py: a binary file",
    ]
    done = run_scan(".", "--format", "json", cwd=tmp_path)
    assert json.loads(done.stdout)["skipped"] == [
        {"path": "big.js", "reason": "too-large", "detail": f"over {scan.MAX_FILE_BYTES:,} bytes"},
        {"path": "blob.py", "reason": "binary", "detail": ""},
    ]
    sarif = json.loads(run_scan(".", "--format", "sarif", cwd=tmp_path).stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], n["level"]) for n in notes] == [
        ("big.js", "warning"),
        ("blob.py", "warning"),
    ]
    assert run_scan(".", "--strict", cwd=tmp_path).returncode == 2


def test_file_names_are_printed_safely_in_every_format(tmp_path):
    import jsonschema

    names = [b"title\x1b]0;owned\x07.py", b"clear\x1b[2J.py", b"two\nlines.py", b"caf\xe9.py"]
    for name in names:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as out:
            out.write(USE.encode() + b"\n")
    text = run_scan(".", cwd=tmp_path)
    assert text.returncode == 1
    assert "\x1b" not in text.stdout  # no colours either: not a terminal
    assert "\x07" not in text.stdout
    headings = [line for line in text.stdout.splitlines() if line and not line.startswith(" ")][:-1]
    assert headings == ["caf\\xe9.py", "clear\\x1b[2J.py", "title\\x1b]0;owned\\x07.py", "two\\x0alines.py"]
    done = run_scan(".", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(done.stdout)["findings"]] == [
        "caf\\xe9.py",
        "clear\x1b[2J.py",
        "title\x1b]0;owned\x07.py",
        "two\nlines.py",
    ]
    sarif = run_scan(".", "--format", "sarif", cwd=tmp_path)
    log = json.loads(sarif.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert uris == ["caf%E9.py", "clear%1B%5B2J.py", "title%1B%5D0%3Bowned%07.py", "two%0Alines.py"]


def test_every_reason_for_not_reading_a_file_has_its_words_in_each_language(policy):
    from helpers import LANGS

    from zdrsite import scan_report

    for lang in LANGS:
        said = [scan_report.skip_reason(policy, scan.Skipped("x", reason), lang) for reason in scan.SKIP_REASONS]
        assert len(set(said)) == len(scan.SKIP_REASONS) == 5, said
        assert all(said), said


def test_a_heredoc_ends_only_at_its_delimiter_alone_on_a_line(scanner, tmp_path):
    """`EOF ` (a trailing space) does not end a heredoc for the shell: what follows
    is still its body, not a comment of the script."""
    script = "cat <<EOF > job.py\nEOF \n# " + USE + "\nEOF\n"
    assert where(scanner, script.encode(), "job.sh", tmp_path) == [(3, script.splitlines()[2].index("messages") + 1)]
