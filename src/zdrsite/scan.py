"""`zdr scan`: the uses of what ZDR does not cover, found in a codebase.

The patterns are in the data, beside the feature, limit or FAQ answer they belong
to (`code:`), as names rather than regular expressions: an SDK call chain and its
methods, a request parameter, an HTTP path of the API, a token (a beta header
value, a class or package name). This module turns each kind into one regular
expression that matches code, not words: a call needs its dots and parenthesis,
a parameter its `=` or `:` after `(`, `,` or `{`, a path the API's host or no
host at all, a token its exact spelling. Matches inside comments, and lines that
say `zdr: ignore`, are not reported.

Each finding names the data id, its status, a one-line message from the data in
the chosen language, and the URL of the entry on the site.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .languages import punctuation, root
from .model import CodePattern, Lang, PatternKind, Status
from .outline import Entry, Site

# Statuses whose use fails a scan; qualified ones ("Yes (qualified)") only with --strict.
FAILING: frozenset[Status] = frozenset({"not-eligible", "limitation"})
STRICT_FAILING: frozenset[Status] = FAILING | {"qualified"}

SOURCE_SUFFIXES = {
    ".py": "hash",
    ".pyi": "hash",
    ".sh": "hash",
    ".bash": "hash",
    ".zsh": "hash",
    ".http": "http",
    ".rest": "http",
    ".ipynb": "notebook",
    **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"), "slash"),
}
"""File suffix -> comment style. Files without a suffix are read when their first
line is a shebang of a shell, Python or Node. A notebook's code cells are read as
Python (see Scanner.scan_notebook)."""
SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", "site-packages"}
    | {".mypy_cache", ".ruff_cache", ".pytest_cache", ".cache"}
)
"""Never entered; nor is any folder holding a pyvenv.cfg (a virtual environment)."""
MAX_FILE_BYTES = 2_000_000
"""Bigger files are generated or vendored code, not read."""
_SHEBANG = re.compile(rb"#![^\n]*\b(?:sh|bash|zsh|python[0-9.]*|node)\b")
_IGNORE = re.compile(r"zdr:\s*ignore")
# An import of an Anthropic SDK: Python's `anthropic`, or any string naming an
# @anthropic-ai package (import, require, dynamic import).
_SDK_IMPORT = re.compile(r"""^[ \t]*(?:from|import)[ \t]+anthropic\b|["']@anthropic-ai/""", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """The patterns of one entry of the data, with what a finding says."""

    id: str
    status: Status
    title: str
    """The entry's title on the site."""
    message: str
    url: str
    matchers: tuple[Matcher, ...]


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    """1-based, in characters."""
    id: str
    status: Status
    message: str
    url: str


class ScanError(Exception):
    """A path that does not exist or cannot be read; str() is one line."""


# -- Patterns -> regular expressions ------------------------------------------------
#
# Each expression starts with the pattern's own name, a literal, which Python's
# regular expression engine finds with a fast scan; what must come before the name
# (a dot, a `(`, no other host) is checked only where the name is found. A file
# that holds none of the names is not searched at all.

_AFTER_WORD = r"(?![\w$-])"
API_HOST = "https://api.anthropic.com"
# A parameter follows `(`, `,` or `{`, maybe on a later line after a comment.
_PARAM_CONTEXT = re.compile(r"[(,{](?:\s|//[^\n]*|#[^\n]*)*\Z")
_PARAM_CONTEXT_CHARS = 400
# Host names are lower case: a path right after one belongs to another host.
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.~%/-")
_NAME_CHARS = frozenset("_$@-")


@dataclass(frozen=True)
class Matcher:
    """One pattern: a literal every use contains, the expression that matches a use
    from its name on, what must come before the name, and whether it counts only
    in files that import an Anthropic SDK."""

    needle: str
    expression: re.Pattern[str]
    before: PatternKind
    sdk_import: bool


def regex(pattern: CodePattern) -> str:
    """One pattern of the data as a regular expression, from the name on (see
    `_start` for what must come before it)."""
    name = re.escape(pattern.name)
    if pattern.kind == "call":
        # An attribute chain of some client object (a dot before it), then a call.
        chain = r"\s*\.\s*".join(re.escape(part) for part in pattern.name.split("."))
        methods = "|".join(re.escape(m) for m in pattern.methods)
        return chain + (rf"\s*\.\s*(?:{methods})\s*\(" if methods else r"\s*\(")
    if pattern.kind == "param":
        after = r"""["']?\s*(?:=(?!=)|:)"""
        if pattern.value is not None:
            after += rf"\s*{re.escape(pattern.value)}{_AFTER_WORD}"
        if pattern.key is not None:
            key = re.escape(pattern.key)
            # ... holding an object with this key, before any nested object.
            after += rf"""\s*\{{(?:[^{{}}]*?,)?\s*["']?{key}["']?\s*:"""
        return rf"(?<![\w$]){name}{after}"
    return name + _AFTER_WORD


def matcher(pattern: CodePattern) -> Matcher:
    needle = pattern.name.split(".")[0] if pattern.kind == "call" else pattern.name
    return Matcher(needle, re.compile(regex(pattern)), pattern.kind, pattern.sdk_import)


def _start(text: str, at: int, before: PatternKind) -> int | None:
    """Where the use found at `at` starts, or None when what comes before the name
    makes it no use: no dot before a call, no `(`, `,` or `{` before a parameter,
    another host before a path, a longer name around a token."""
    i = at - 1
    if before == "call":
        while i >= 0 and text[i] in " \t\r\n":
            i -= 1
        return at if i >= 0 and text[i] == "." else None
    if before == "param":
        if i >= 0 and text[i] in "\"'":
            i -= 1
        window = text[max(0, i + 1 - _PARAM_CONTEXT_CHARS) : i + 1]
        return at if _PARAM_CONTEXT.search(window) else None
    if before == "path":
        if text.startswith(API_HOST, at - len(API_HOST)):
            return at - len(API_HOST)
        return None if i >= 0 and text[i] in _HOST_CHARS else at
    return None if i >= 0 and (text[i].isalnum() or text[i] in _NAME_CHARS) else at


def rules(site: Site, lang: Lang, site_url: str) -> tuple[Rule, ...]:
    """Every entry of the data that has code patterns, in the order of the data,
    each with the URL of its entry on the site. `site_url` ends in "/"."""
    policy, outline = site.policy, site.outline
    found = []
    for ident, patterns in policy.code_patterns():
        entry = outline[ident]
        status = entry.status
        assert status is not None, ident  # the schema requires one beside `code`
        found.append(
            Rule(
                ident,
                status,
                entry.title(lang),
                _message(entry, policy.statuses[status].label(lang), lang),
                f"{site_url}{root(lang)}{entry.url()}",
                tuple(matcher(p) for p in patterns),
            )
        )
    return tuple(found)


def _message(entry: Entry, verdict: str, lang: Lang) -> str:
    """One line from the data: a row's name, verdict and details; a limit's or a
    section's title, verdict and first text; an FAQ answer's question and answer."""
    marks = punctuation(lang)
    if entry.kind == "faq":
        return f"{entry.title(lang)}{marks.space}{entry.fields[0].text(lang)}"
    line = f"{entry.title(lang)}{marks.colon}{verdict}"
    # What makes it so: a row's details (what is kept), a section's first text.
    why = next(
        (f.text(lang) for f in entry.fields if f.label == ("details" if entry.kind == "feature" else None)), None
    )
    return f"{line}{marks.stop}{why}" if why else f"{line}{marks.stop.rstrip()}"


# -- Files ---------------------------------------------------------------------------


def source_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """(file, comment style) for every source file under `paths`, in a stable order.

    A path given by name is read whatever its suffix; raises ScanError for a path
    that does not exist."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path, SOURCE_SUFFIXES.get(path.suffix.lower(), "hash")
        elif path.exists() or path.is_symlink():
            raise ScanError(f"{path}: not a regular file or folder")
        else:
            raise ScanError(f"{path}: no such file or folder")


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        raise ScanError(f"{folder}: cannot be read ({err.strerror})") from None
    if any(e.name == "pyvenv.cfg" for e in entries):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SKIPPED_FOLDERS:
                yield from _walk(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            suffix = os.path.splitext(entry.name)[1].lower()
            if suffix in SOURCE_SUFFIXES:
                yield Path(entry.path), SOURCE_SUFFIXES[suffix]
            elif not suffix and (style := _script_style(entry.path)) is not None:
                yield Path(entry.path), style


def _script_style(path: str) -> str | None:
    """The comment style of a file without a suffix whose first line is a shebang
    of a shell, Python or Node; None for any other file."""
    try:
        with open(path, "rb") as f:
            first = f.readline(200)
    except OSError:
        return None
    if not _SHEBANG.match(first):
        return None
    return "slash" if b"node" in first else "hash"


def read_source(path: Path) -> str | None:
    """The text of a source file, or None for a binary or oversized one."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ScanError(f"{path}: cannot be read ({err.strerror})") from None
    if len(data) > MAX_FILE_BYTES or b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


# -- Matching -----------------------------------------------------------------------


def _in_comment(text: str, line_start: int, at: int, style: str) -> bool:
    """Whether offset `at` is in a comment: after a line comment's mark outside a
    string on its line, or (JavaScript) inside /* ... */."""
    if style == "slash" and text.rfind("/*", 0, at) > text.rfind("*/", 0, at):
        return True
    if style == "http":
        stripped = text[line_start:at].lstrip()
        return stripped.startswith(("#", "//"))
    quote = ""
    i = line_start
    while i < at:
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
        elif (style == "hash" and c == "#") or (style == "slash" and text.startswith("//", i)):
            return True
        i += 1
    return False


class Scanner:
    """The rules of one language, applied file by file."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.needles = sorted({m.needle for rule in rules for m in rule.matchers})

    def scan_text(self, text: str, path: str, style: str) -> list[Finding]:
        present = {needle for needle in self.needles if needle in text}
        if not present:
            return []
        found = []
        imports_sdk: bool | None = None
        for rule in self.rules:
            # One finding per use: `client.beta.files.upload(` is a `beta.files`
            # call and, in a file that imports the SDK, a `files` call as well.
            taken: list[tuple[int, int]] = []
            for m in rule.matchers:
                if m.needle not in present:
                    continue
                if m.sdk_import:
                    if imports_sdk is None:
                        imports_sdk = bool(_SDK_IMPORT.search(text))
                    if not imports_sdk:
                        continue
                for match in m.expression.finditer(text):
                    at = _start(text, match.start(), m.before)
                    if at is None or any(at < end and start < match.end() for start, end in taken):
                        continue
                    line_start = text.rfind("\n", 0, at) + 1
                    line_end = text.find("\n", at)
                    line = text[line_start : line_end if line_end >= 0 else len(text)]
                    if _IGNORE.search(line) or _in_comment(text, line_start, at, style):
                        continue
                    taken.append((at, match.end()))
                    number = text.count("\n", 0, at) + 1
                    column = at - line_start + 1
                    found.append(Finding(path, number, column, rule.id, rule.status, rule.message, rule.url))
        return sorted(set(found), key=lambda f: (f.line, f.column, f.id))

    def scan(self, paths: Iterable[Path]) -> tuple[list[Finding], list[str]]:
        """Findings in every source file under `paths`, and the files that could
        not be read (one line each); raises ScanError for a path that does not exist."""
        findings: list[Finding] = []
        errors: list[str] = []
        for path, style in source_files(paths):
            try:
                text = read_source(path)
            except ScanError as err:
                errors.append(str(err))
                continue
            if text is None:
                continue
            if style == "notebook":
                findings += self.scan_notebook(text, display(path))
            else:
                findings += self.scan_text(text, display(path), style)
        return findings, errors

    def scan_notebook(self, text: str, path: str) -> list[Finding]:
        """The code cells of a Jupyter notebook, as Python. A finding names the
        line of the notebook file that holds the code line (notebooks keep each
        line of a cell on a line of its own) and the column within the code."""
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return self.scan_text(text, path, "hash")  # not JSON after all: read it as it is
        file_lines = text.split("\n")
        found: list[Finding] = []
        searched_from = 0  # file lines of earlier cells are not searched again
        for cell in cells:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            code = "".join(source) if isinstance(source, list) else str(source)
            code_lines = code.split("\n")
            # Where each code line stands in the file: its JSON string, in order.
            at_line: list[int | None] = []
            for line in code_lines:
                spellings = {json.dumps(line, ensure_ascii=ascii)[1:-1] for ascii in (False, True)}
                hit = next(
                    (i for i in range(searched_from, len(file_lines)) if any(s in file_lines[i] for s in spellings)),
                    None,
                )
                at_line.append(hit)
                if hit is not None:
                    searched_from = hit
            for finding in self.scan_text(code, path, "hash"):
                in_file = at_line[finding.line - 1]
                found.append(dataclasses.replace(finding, line=in_file + 1 if in_file is not None else 1))
        return found


def display(path: Path) -> str:
    """A path as the reader gave it (below a folder given), with forward slashes."""
    return path.as_posix()


def fails(findings: Iterable[Finding], strict: bool) -> bool:
    failing = STRICT_FAILING if strict else FAILING
    return any(f.status in failing for f in findings)
