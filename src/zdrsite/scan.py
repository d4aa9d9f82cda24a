"""`zdr scan`: the uses of what ZDR does not cover, found in a codebase.

The patterns are in the data, beside the feature, limit or FAQ answer they belong
to (`code:`), as names rather than regular expressions: an SDK call chain and its
methods, a request parameter, an HTTP path of the API, a token (a beta header
value, a class or package name). This module turns each kind into one regular
expression that matches code, not words: a call needs its dots and parenthesis,
a parameter its `=` or `:` after `(`, `,` or `{`, a path the API's host or no
host at all, a token its exact spelling. Matches inside comments (found by a
small lexer per language, scan_lexers.py), and lines whose comment says `zdr:
ignore`, are not reported. Every step is linear in the file: a 2 MB minified line
or notebook takes well under two seconds (the benchmark's rows).

Each finding names the data id, its status, a one-line message from the data in
the chosen language, and the URL of the entry on the site.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import re
import stat
import typing
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Literal

from .languages import punctuation, root
from .model import CodePattern, Lang, PatternKind, Status
from .outline import Entry, Site
from .scan_lexers import LEXERS

# Statuses whose use fails a scan; qualified ones ("Yes (qualified)") only with --strict.
FAILING: frozenset[Status] = frozenset({"not-eligible", "limitation"})
STRICT_FAILING: frozenset[Status] = FAILING | {"qualified"}

SOURCE_SUFFIXES = {
    ".py": "python",
    ".pyi": "python",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".http": "http",
    ".rest": "http",
    ".ipynb": "notebook",
    **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"), "javascript"),
}
"""File suffix -> language (scan_lexers.LEXERS). Files without a suffix are read
when their first line is a shebang of a shell, Python or Node. A notebook's code
cells are read as Python (notebook_code)."""
SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", "site-packages"}
    | {".mypy_cache", ".ruff_cache", ".pytest_cache", ".cache"}
)
"""Never entered; nor is any virtual environment (is_virtual_environment), which
is counted as skipped."""
MAX_FILE_BYTES = 2_000_000
"""Bigger files are generated or vendored code, not read."""
_SHEBANG = re.compile(rb"#![^\n]*\b(sh|bash|zsh|python[0-9.]*|node)\b")
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
            after += rf"""\s*\{{(?:[^{{}}]{{0,2000}}?,)?\s*["']?{key}["']?\s*:"""
        return rf"(?<![\w$]){name}{after}"
    return name + _AFTER_WORD


def matcher(pattern: CodePattern) -> Matcher:
    needle = pattern.name.split(".")[0] if pattern.kind == "call" else pattern.name
    return Matcher(needle, re.compile(regex(pattern)), pattern.kind, pattern.sdk_import)


def _start(text: str, at: int, before: PatternKind, comments: _Comments) -> int | None:
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
        return at if _param_context(text, i + 1, comments) else None
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

SkipReason = Literal["too-large", "binary", "unreadable", "virtual-environment", "malformed-notebook"]
SKIP_REASONS: tuple[SkipReason, ...] = typing.get_args(SkipReason)


@dataclass(frozen=True)
class Skipped:
    """A file (or a virtual environment's folder) the scan did not read, and why."""

    path: str
    reason: SkipReason
    detail: str = ""
    """One line more, where there is more to say (what is malformed)."""


@dataclass
class ScanResult:
    findings: list[Finding]
    skipped: list[Skipped]

    @property
    def unreadable(self) -> list[Skipped]:
        return [s for s in self.skipped if s.reason == "unreadable"]


def is_virtual_environment(folder: Path) -> bool:
    """A folder laid out as a virtual environment: its pyvenv.cfg and its own
    Python (bin/python*, Scripts/python.exe) or site-packages. A pyvenv.cfg alone
    (an empty one at a project's root) is not one."""
    if not (folder / "pyvenv.cfg").is_file():
        return False
    return (
        any((folder / "bin").glob("python*"))
        or (folder / "Scripts" / "python.exe").is_file()
        or any(folder.glob("lib/python*/site-packages"))
        or (folder / "Lib" / "site-packages").is_dir()
    )


class _Files:
    """The source files under the paths given, each once however it is named
    (by its device and inode), in a stable order; the folders of virtual
    environments go to `skipped`. The walk keeps its own stack: any depth."""

    def __init__(self, skipped: list[Skipped]) -> None:
        self.skipped = skipped
        self.seen: set[tuple[int, int]] = set()

    def _first_time(self, key: tuple[int, int] | None) -> bool:
        if key is None:
            return True  # reading it will say what is wrong
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    @staticmethod
    def _key(path: str | Path) -> tuple[int, int] | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return status.st_dev, status.st_ino

    def under(self, paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
        """(file, language). A path given by name is read whatever its suffix;
        raises ScanError for a path that does not exist."""
        for path in paths:
            if path.is_dir():
                yield from self._walk(path)
            elif path.is_file():
                if self._first_time(self._key(path)):
                    yield path, SOURCE_SUFFIXES.get(path.suffix.lower(), "python")
            elif path.exists() or path.is_symlink():
                raise ScanError(f"{printable_path(str(path))}: not a regular file or folder")
            else:
                raise ScanError(f"{printable_path(str(path))}: no such file or folder")

    def _walk(self, top: Path) -> Iterator[tuple[Path, str]]:
        # Each open folder: its device (a file's key is its device and inode, the
        # inode from the folder's listing: no call per file) and its entries left.
        stack: list[tuple[int, Iterator[os.DirEntry[str]]]] = []
        folder: Path | None = top
        while True:
            if folder is not None:
                opened = self._entries(folder)
                if opened is not None:
                    stack.append(opened)
                folder = None
            if not stack:
                return
            device, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIPPED_FOLDERS or is_virtual_environment(Path(entry.path)):
                    folder = Path(entry.path)
            elif entry.is_file(follow_symlinks=False):
                suffix = os.path.splitext(entry.name)[1].lower()
                language = SOURCE_SUFFIXES.get(suffix) if suffix else _script_language(entry.path)
                if language is not None and self._first_time((device, entry.inode())):
                    yield Path(entry.path), language

    def _entries(self, folder: Path) -> tuple[int, Iterator[os.DirEntry[str]]] | None:
        """A folder's device and its entries by name; None for one not to enter
        (seen already; a virtual environment, counted as skipped)."""
        key = self._key(folder)
        if not self._first_time(key):
            return None
        if is_virtual_environment(folder):
            self.skipped.append(Skipped(display(folder), "virtual-environment"))
            return None
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            self.skipped.append(Skipped(display(folder), "unreadable", err.strerror or ""))
            return None
        return (key[0] if key else -1), iter(entries)


def _script_language(path: str) -> str | None:
    """The language of a file without a suffix whose first line is a shebang of a
    shell, Python or Node; None for any other file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            first = f.readline(200)
    except OSError:
        return None
    found = _SHEBANG.match(first)
    if not found:
        return None
    interpreter = found.group(1)
    return "javascript" if interpreter == b"node" else "python" if interpreter.startswith(b"python") else "shell"


def decode_source(data: bytes) -> str | None:
    """A source file's text: UTF-8 (its BOM dropped, so columns count from the
    code), or UTF-16 or UTF-32 with a BOM; None for a binary file (a NUL byte, no
    BOM). Bytes that are not UTF-8 read as U+FFFD, one character each."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


# UTF-32's BOMs first: UTF-32 LE's starts with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_source(path: Path) -> str | Skipped:
    """The text of a source file, or why it is not read. Never blocks on a pipe or
    a device, never reads more than MAX_FILE_BYTES + 1 bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return Skipped(str(path), "unreadable", "not a regular file")
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return Skipped(str(path), "unreadable", err.strerror or "")
    if len(data) > MAX_FILE_BYTES:
        return Skipped(str(path), "too-large", f"over {MAX_FILE_BYTES:,} bytes")
    text = decode_source(data)
    return text if text is not None else Skipped(str(path), "binary")


# -- Lines, comments -----------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Lines:
    """Line and column of an offset: a line ends at CRLF, CR or LF."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def line(self, at: int) -> int:
        """1-based."""
        return bisect_right(self.starts, at)

    def start(self, line: int) -> int:
        return self.starts[line - 1]


def positions(text: str, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Line and column (1-based, in characters) of each offset: a line ends at
    CRLF, CR or LF. One pass from offset to offset, each gap counted by the string
    methods: linear however long the lines and however many the offsets."""
    found = {}
    line, line_start, previous = 1, 0, 0
    for at in sorted(set(offsets)):
        newlines, returns = text.count("\n", previous, at), text.count("\r", previous, at)
        if newlines or returns:
            line += newlines + returns - text.count("\r\n", previous, at)
            line_start = max(text.rfind("\n", previous, at), text.rfind("\r", previous, at)) + 1
        found[at] = (line, at - line_start + 1)
        previous = at
    return found


class _Comments:
    """The comments of a text (scan_lexers), and where in them `zdr: ignore` is."""

    def __init__(self, text: str, language: str) -> None:
        self.spans = LEXERS[language](text)
        self.starts = [start for start, _ in self.spans]
        self.ignores = [m.start() for start, end in self.spans for m in _IGNORE.finditer(text, start, end)]

    def at(self, offset: int) -> tuple[int, int] | None:
        """The comment holding `offset`, if any."""
        i = bisect_right(self.starts, offset) - 1
        return self.spans[i] if i >= 0 and offset < self.spans[i][1] else None


# -- Matching -----------------------------------------------------------------------


def _param_context(text: str, at: int, comments: _Comments) -> bool:
    """Whether a `(`, `,` or `{` comes before `at`, past white space and comments."""
    i = at - 1
    while i >= 0:
        if text[i] in " \t\r\n":
            i -= 1
        elif (comment := comments.at(i)) is not None:
            i = comment[0] - 1
        else:
            return text[i] in "(,{"
    return False


class Scanner:
    """The rules of one language, applied file by file."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.needles = sorted({m.needle for rule in rules for m in rule.matchers})

    def scan_text(self, text: str, path: str, language: str) -> list[Finding]:
        """Every use in `text`: linear in its length (the comments found once, the
        lines and columns counted in one pass, no use compared with more than its
        neighbours)."""
        present = {needle for needle in self.needles if needle in text}
        if not present:
            return []
        comments = _Comments(text, language)
        uses: list[tuple[int, Rule]] = []
        imports_sdk: bool | None = None
        for rule in self.rules:
            # One finding per use: `client.beta.files.upload(` is a `beta.files`
            # call and, in a file that imports the SDK, a `files` call as well.
            taken_starts: list[int] = []
            taken_ends: list[int] = []
            for m in rule.matchers:
                if m.needle not in present:
                    continue
                if m.sdk_import:
                    if imports_sdk is None:
                        imports_sdk = bool(_SDK_IMPORT.search(text))
                    if not imports_sdk:
                        continue
                for match in m.expression.finditer(text):
                    at = _start(text, match.start(), m.before, comments)
                    if at is None or comments.at(at) is not None:
                        continue
                    # Uses taken by this rule do not overlap: only the neighbours can.
                    i = bisect_right(taken_starts, at)
                    if (i > 0 and taken_ends[i - 1] > at) or (i < len(taken_starts) and taken_starts[i] < match.end()):
                        continue
                    taken_starts.insert(i, at)
                    taken_ends.insert(i, match.end())
                    uses.append((at, rule))
        if not uses:
            return []
        where = positions(text, [at for at, _ in uses] + comments.ignores)
        ignored = {where[at][0] for at in comments.ignores}
        found = {
            Finding(path, *where[at], rule.id, rule.status, rule.message, rule.url)
            for at, rule in uses
            if where[at][0] not in ignored
        }
        return sorted(found, key=lambda f: (f.line, f.column, f.id))

    def scan(self, paths: Iterable[Path]) -> ScanResult:
        """Findings in every source file under `paths`, each file read once, and
        what was not read; raises ScanError for a path that does not exist."""
        result = ScanResult([], [])
        for path, language in _Files(result.skipped).under(paths):
            text = read_source(path)
            if isinstance(text, Skipped):
                result.skipped.append(dataclasses.replace(text, path=display(path)))
            elif language == "notebook":
                cells = notebook_code(text)
                if isinstance(cells, str):
                    result.skipped.append(Skipped(display(path), "malformed-notebook", cells))
                else:
                    result.findings += self.scan_notebook(cells, display(path))
            else:
                result.findings += self.scan_text(text, display(path), language)
        return result

    def scan_notebook(self, cells: list[tuple[str, list[int]]], path: str) -> list[Finding]:
        """The code cells of a notebook (notebook_code), as Python; a finding names
        the line of the notebook file that holds its code line, and the column
        within the code."""
        found: list[Finding] = []
        for code, file_lines in cells:
            for finding in self.scan_text(code, path, "python"):
                found.append(dataclasses.replace(finding, line=file_lines[finding.line - 1]))
        return found


# -- Notebooks -----------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


@dataclass(frozen=True)
class _String:
    """A string of a JSON document and the number of its string token, in order."""

    value: str
    token: int


class _Object(list[tuple[str, object]]):
    """A JSON object as its (key, value) pairs, in the order of the file."""


def notebook_code(text: str) -> list[tuple[str, list[int]]] | str:
    """The code cells of a Jupyter notebook: each cell's code and, for each of
    its lines, the line of the file that holds it (its JSON string: notebooks keep
    each line of a cell in a string of its own); or, for a notebook that is not
    one, what is wrong with it (one line). Linear: the strings of the file are
    found once, in order, and matched to the document's in the same order."""
    try:
        document = json.loads(text, object_pairs_hook=_Object)
        tokens = [m.start() for m in _JSON_STRING.finditer(text)]
        counter = iter(range(len(tokens)))
        positioned = _positioned(document, counter)
    except RecursionError:
        return "nested too deeply"
    except json.JSONDecodeError as err:
        return f"not JSON (line {err.lineno}, column {err.colno}: {err.msg})"
    lines = _Lines(text)
    cells = positioned.get("cells") if isinstance(positioned, dict) else None
    if not isinstance(cells, list):
        return "its cells are not a list"
    out = []
    for number, cell in enumerate(cells):
        if not isinstance(cell, dict):
            return f"cell {number} is not an object"
        kind = cell.get("cell_type")
        if not isinstance(kind, _String):
            return f"cell {number} has no cell_type"
        if kind.value != "code":
            continue
        source = cell.get("source", [])
        parts = [source] if isinstance(source, _String) else source
        if not isinstance(parts, list) or not all(isinstance(p, _String) for p in parts):
            return f"the source of cell {number} is not text"
        code = "".join(p.value for p in parts)
        # Each code line stands on the file line of the string it starts in.
        part_starts = list(accumulate((len(p.value) for p in parts[:-1]), initial=0))
        file_lines = []
        for start in (0, *(m.end() for m in _LINE_BREAK.finditer(code))):
            part = parts[min(bisect_right(part_starts, start), len(parts)) - 1] if parts else None
            file_lines.append(lines.line(tokens[part.token]) if part else 1)
        out.append((code, file_lines))
    return out


def _positioned(value: object, counter: Iterator[int]) -> object:
    """The document with each string (keys too, consuming their tokens) numbered
    in the order of the file; an object as a dict (the last of a repeated key)."""
    if isinstance(value, str):
        return _String(value, next(counter))
    if isinstance(value, _Object):
        result = {}
        for key, item in value:
            next(counter)
            result[key] = _positioned(item, counter)
        return result
    if isinstance(value, list):
        return [_positioned(item, counter) for item in value]
    return value


# -- Paths as shown ------------------------------------------------------------------


def shown_path(path: str) -> str:
    """A path as valid UTF-8: bytes that are not UTF-8 as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# Control characters (C0, DEL, C1), line and paragraph separators, bidi controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def printable_path(path: str) -> str:
    """A path safe to print on a terminal: shown_path with every control character
    escaped (no escape sequence reaches the terminal, no name splits a line)."""
    return _UNPRINTABLE.sub(_escaped, shown_path(path))


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def display(path: Path) -> str:
    """A path as the reader gave it (below a folder given), with forward slashes."""
    return path.as_posix()


def fails(findings: Iterable[Finding], strict: bool) -> bool:
    failing = STRICT_FAILING if strict else FAILING
    return any(f.status in failing for f in findings)
