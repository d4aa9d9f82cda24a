"""Load data/zdr.yaml safely, validate it, and return typed records.

One entry point, `load(path) -> Loaded` (and `parse` for bytes that need not be
checked). Every problem is reported as `file:line: path: message` (for example
`data/zdr.yaml:57: faq[3].answer[0].ja: missing`), all problems of a file at once,
never with a traceback. (What only the site's pages show, an id that is also an
anchor the site makes, is checked where the site is built: build.site_problems.)
The YAML is read with a strict safe loader: no Python tags,
no aliases, no duplicate keys.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema
import yaml

from . import validator
from .files import UnreadableFileError, read_regular_file
from .languages import LANGUAGES, punctuation
from .model import Policy
from .records import policy_from_data

if TYPE_CHECKING:
    import jsonschema

DATA_FILE = Path("data") / "zdr.yaml"
"""The data file, relative to the project folder (where mkdocs.yml is)."""
SCHEMA_NAME = "zdr.schema.json"
"""The schema lives beside the data file, which names it for editors."""
# The real file is about 130 KB (an edition of 33 rows, both languages); the
# benchmark's 100x synthetic data about 10 MB. Anything bigger is a mistake (or an
# attack on the build), and parsing it would only make the error slower to arrive.
MAX_BYTES = 16_000_000
# The real file nests about 8 levels deep. libyaml's composer recurses per level and
# crashes the whole process on a few thousand, so deeper files are refused first.
MAX_NESTING = 32
# Longest number the data may hold, in digits (Python refuses to convert very long
# ones, and no fact of the source needs more).
MAX_DIGITS = 20
# What a message may quote of a value.
MAX_SHOWN = 60


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    """1-based; 0 for a problem of the file itself (it cannot be read, say)."""
    path: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


def show(value: Any) -> str:
    """A value quoted in a message: its repr (control characters and escape codes
    stay visible as escapes), cut to a readable length."""
    shown = repr(value)
    return shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 1] + "…"


class DataError(Exception):
    """The data file is unusable. str() is the full report, one problem a line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def find_project(start: Path | None = None) -> Path:
    """The project folder: the nearest folder at or above `start` (default: the
    working directory) that holds data/zdr.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DATA_FILE).is_file():
            return folder
    raise DataError([Problem(str(DATA_FILE), 1, "(document)", f"no {DATA_FILE} in {here} or any folder above it")])


def display_name(path: Path) -> str:
    """The path as a maintainer types it: relative to the working directory
    (the project folder, for the build and the scripts) when inside it."""
    # abspath, not resolve(): the path may be a link that loops, or to nowhere.
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(Path(os.path.abspath(Path.cwd()))).as_posix()
    except ValueError:
        return str(path)


def format_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        if not isinstance(part, int) and not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", str(part)):
            part = show(part)  # a key of the file's own making: quoted and cut
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


# libyaml's parser when PyYAML has it (about ten times faster on big files).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that also refuses duplicate keys (and, see _reject_aliases, aliases).

    A duplicate key would silently drop the first value, which is how a fact
    disappears unnoticed.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                shown = f"{show(key)} (quote it)" if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be text, not {shown}", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {show(key)} (first at line {seen[key].line + 1})", key_node.start_mark
                )
            seen[key] = key_node.start_mark
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    # Every form YAML reads as an integer: decimal, 0x hex, 0o and 0b, old octal,
    # with underscores, base 60 (1:30): its digits, whatever their base.
    body = re.sub(r"^[+-]?(?:0[xob])?", "", str(node.value), flags=re.IGNORECASE)
    digits = sum(c.isalnum() for c in body)
    if digits > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {digits} digits; the limit is {MAX_DIGITS} (quote it if it is text)",
            node.start_mark,
        )
    return _as_number(yaml.constructor.SafeConstructor.construct_yaml_int, loader, node)


def _construct_float(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    return _as_number(yaml.constructor.SafeConstructor.construct_yaml_float, loader, node)


def _as_number(construct: Any, loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """The scalar as the safe constructor reads it, or one line where it cannot
    (`!!int abc`, `!!float abc`) instead of the constructor's ValueError."""
    try:
        return construct(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{show(node.value)} is not a number", node.start_mark
        ) from None


# What the data never needs, said plainly rather than as the constructor's words.
_UNSUPPORTED = {
    "tag:yaml.org,2002:merge": "merge keys (<<) are not supported: write the keys out",
    "tag:yaml.org,2002:binary": "binary data (!!binary) is not supported: the data is text",
    "tag:yaml.org,2002:set": "sets (!!set) are not supported: use a list",
    "tag:yaml.org,2002:omap": "ordered mappings (!!omap) are not supported: use a mapping",
    "tag:yaml.org,2002:pairs": "pairs (!!pairs) are not supported: use a mapping",
}


def _unsupported(loader: _StrictLoader, node: yaml.Node) -> Any:
    said = _UNSUPPORTED.get(node.tag, f"the tag {show(node.tag)} is not supported: remove it (plain YAML only)")
    raise yaml.constructor.ConstructorError(None, None, said, node.start_mark)


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{show(node.value)} is not a valid date", node.start_mark
        ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
for _tag in _UNSUPPORTED:
    _StrictLoader.add_constructor(_tag, _unsupported)
_StrictLoader.add_constructor(None, _unsupported)  # any other tag (`!mytag`)

# Line breaks for YAML that an editor shows on the same line (or not at all): a
# problem after one would be reported lines away from where the reader looks.
_HIDDEN_LINE_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _check_nesting(text: str) -> None:
    """Refuse nesting deeper than MAX_NESTING from the parser's events, which are
    produced without recursion, before the composer (which recurses) sees it."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                mark: Any = event.start_mark  # libyaml's own Mark type, same fields
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_NESTING} levels deep", mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _reject_aliases(root: yaml.Node) -> None:
    """An alias makes the composer reuse a node; refuse before anything expands it
    (a tiny file could otherwise become a huge document)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, yaml.Node | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        if id(node) in seen:
            mark = (parent or node).start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here", mark)
        seen.add(id(node))
        # Children pushed in reverse, so nodes are visited in document order and
        # the alias, not its anchor, is the second sighting.
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack += [(value, key), (key, node)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, node) for child in reversed(node.value)]


def _line_of(root: yaml.Node, parts: Iterable[Any]) -> int:
    """Line (1-based) of the node at a JSON path; for a missing field, its parent's."""
    node, line = root, root.start_mark.line + 1
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _read_file(path: Path, name: str) -> bytes:
    """The file's bytes, if it is a regular file within the size limit.

    Opened without blocking and checked on the open descriptor, so a FIFO or a
    device in its place (or swapped in) cannot hang the build, and read at most
    one byte past the limit, so a link to an endless file cannot fill the memory."""

    def fail(message: str) -> DataError:
        return DataError([Problem(name, 0, "(document)", message)])

    try:
        return read_regular_file(path, MAX_BYTES)
    except UnreadableFileError as err:
        said = {
            "open": f"cannot open: {err.detail}",
            "directory": "a directory: the data must be a regular file",
            "special": "not a regular file: the data must be a regular file",
            "size": f"file is larger than the limit of {MAX_BYTES:,} bytes",
            "read": f"cannot read: {err.detail}",
        }
        raise fail(said[err.reason]) from None


def _compose(raw: bytes, name: str) -> tuple[Any, yaml.Node]:
    """The bytes of a data file as plain data, with the YAML node tree (for lines)."""

    def fail(message: str, line: int = 1) -> DataError:
        return DataError([Problem(name, line, "(document)", message)])

    if len(raw) > MAX_BYTES:  # bytes from elsewhere than a file, say a git revision
        raise DataError([Problem(name, 0, "(document)", f"file is larger than the limit of {MAX_BYTES:,} bytes")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise fail("file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise fail(f"not valid UTF-8 (byte {err.start})", raw[: err.start].count(b"\n") + 1) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise fail("file is empty")
    hidden = _HIDDEN_LINE_BREAK.search(text)
    if hidden:
        character = "U+000D (CARRIAGE RETURN) alone" if hidden.group() == "\r" else _named(hidden.group())
        raise fail(
            f"YAML error: {character} ends a line for YAML but not in most editors: use a plain line break",
            text.count("\n", 0, hidden.start()) + 1,
        )
    loader = None
    try:
        _check_nesting(text)
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        _reject_aliases(node)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as err:  # a control character, say
        # libyaml counts the position in bytes, PyYAML in characters: find it again.
        at = text.find(chr(err.character)) if isinstance(err.character, int) else -1
        line = text[:at].count("\n") + 1 if at >= 0 else 1
        raise fail(f"YAML error: control character U+{err.character:04X} is not allowed", line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(p for p in (err.context, err.problem) if p)
        if "\t" in (text.splitlines()[line - 1 : line] or [""])[0] and "cannot start any token" in message:
            message += " (a tab: indent with spaces)"
        raise fail(f"YAML error: {message}", line) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def parse(raw: bytes, name: str) -> Any:
    """The plain data of a data file's bytes (`name` in messages), parsed safely and
    not checked: an old revision may predate the current schema (`zdr diff`)."""
    return _compose(raw, name)[0]


def _schema_message(error: jsonschema.ValidationError) -> tuple[list[Any], str]:
    """Turn a jsonschema error into (path, short human message)."""
    parts = list(error.absolute_path)
    kind = error.validator
    # jsonschema types these as "maybe unset"; for a reported error they are set.
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "required":
        missing = next((p for p in value if p not in instance), "?")
        return [*parts, missing], "missing"
    if kind == "additionalProperties":
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        return [*parts, extra[0] if extra else "?"], "unknown field (typo?)"
    if kind in ("enum", "const"):
        allowed = value if kind == "enum" else [value]
        return parts, f"{show(instance)} is not one of: {', '.join(map(str, allowed))}"
    if kind == "type":
        got = type(instance).__name__
        hint = " (quote it)" if isinstance(instance, (bool, int, float)) or got == "date" else ""
        return parts, f"expected {value}, got {got} {show(instance)}{hint}"
    if kind == "minLength" or (kind == "pattern" and value == "\\S"):
        return parts, "empty text"
    if kind == "pattern" and value.startswith("^[a-z0-9]+"):
        return parts, f"{show(instance)} is not a kebab-case id (a-z, 0-9, single hyphens)"
    if kind == "pattern":
        what = schema.get("x-what") if isinstance(schema, dict) else None
        return parts, f"{show(instance)} is not {what}" if what else f"{show(instance)} does not match {value}"
    if kind == "minItems":
        return parts, f"needs at least {value} item(s)"
    if kind == "maxLength":
        return parts, f"longer than {value} characters"
    if kind == "anyOf":
        return parts, "needs `text` or `points`"
    return parts, error.message


def _one_of_messages(error: jsonschema.ValidationError) -> list[tuple[list[Any], str]]:
    """What is wrong with a value that fits none of a oneOf's shapes. Where each
    shape is named by the first key it requires (a code pattern: call, param, path
    or token; an answer: label or feature), the value's key picks the shape whose
    errors are reported; otherwise every shape's errors are."""
    shapes: Any = error.validator_value
    keys = [s.get("required", []) for s in shapes]
    instance: Any = error.instance
    names = [k[0] for k in keys if k]
    if len(names) == len(keys) == len(set(names)) and isinstance(instance, dict):
        named = [i for i, k in enumerate(keys) if k[0] in instance]
        if len(named) != 1:
            return [(list(error.absolute_path), f"needs exactly one of: {', '.join(names)}")]
        return [_schema_message(e) for e in error.context or () if e.relative_schema_path[0] == named[0]]
    return [_schema_message(e) for e in error.context or [error]]


Parts = tuple[str | int, ...]


def walk_ids(value: Any, parts: Parts = ()) -> Iterator[tuple[str, Parts]]:
    """(id, its path) of every mapping of the plain data that has an id."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"], (*parts, "id")
        for key, child in value.items():
            yield from walk_ids(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk_ids(child, (*parts, index))


# Characters no text of the data needs: control characters (but line breaks and
# tabs, which the site folds into spaces); the invisible controls that reorder
# text ("Trojan source": embeddings, overrides, isolates, the marks U+200E, U+200F
# and U+061C); characters that show nothing or hide text (zero-width ones, the
# soft hyphen, word joiners and invisible operators, a BOM, line and paragraph
# separators, interlinear annotations, Unicode's tag characters, which can spell a
# hidden instruction); and the blank "letters" that pass for text (Hangul fillers,
# the blank Braille pattern, Khmer's invisible vowels, the Mongolian separator).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]"
)
MAX_TEXT = 4_000
"""Characters of any string of the data (the longest text is under 500)."""
MAX_URL = 2_000
"""Characters of an address (a `url` field, or any string that is a URL)."""
# A text must show something: a letter, a digit, punctuation or a symbol.
_VISIBLE = re.compile(r"[^\W_]|[!-/:-@\[-`{-~]|[^\x00-\x7f\s\u200b-\u200f\u2060-\u206f\ufeff]")
MAX_PATHS = 10_000
"""Paths from the first question to a verdict; the checker page lists every one."""
MAX_DEPTH = 40
"""Questions on one path."""


def _strings(value: Any, parts: Parts = ()) -> Iterator[tuple[Parts, str, bool]]:
    """(path, string, is it one language of a text) for every string of the data."""
    if isinstance(value, dict):
        is_text = set(value) == set(LANGUAGES)
        for key, child in value.items():
            if isinstance(child, str):
                yield (*parts, key), child, is_text
            else:
                yield from _strings(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, str):
                yield (*parts, index), child, False
            else:
                yield from _strings(child, (*parts, index))


# Names Unicode gives as aliases only (unicodedata knows no name for controls).
_CONTROL_NAMES = {"\x85": "NEXT LINE (NEL)", "\r": "CARRIAGE RETURN"}


def _named(character: str) -> str:
    """U+200F (RIGHT-TO-LEFT MARK): a character a reader cannot see, by its name."""
    name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def _glossary_problems(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """An abbreviation stands for one term: a second would silently win on the pages."""
    first: dict[str, int] = {}
    for i, term in enumerate(data["glossary"]["terms"]):
        abbr = term.get("abbr")
        if abbr is None:
            continue
        if abbr in first:
            yield (
                ("glossary", "terms", i, "abbr"),
                (f"abbreviation {show(abbr)} is also that of glossary.terms[{first[abbr]}]: one term each"),
            )
        else:
            first[abbr] = i


def _date_problems(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    today = datetime.date.today()
    dates: list[tuple[Parts, str]] = [(("meta", "last_checked"), data["meta"]["last_checked"])]
    dates += [(("changelog", i, "date"), c["date"]) for i, c in enumerate(data["changelog"])]
    for parts, value in dates:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            yield parts, f"{show(value)} is not a date of the calendar"
            continue
        if day > today:
            yield parts, f"{value} is in the future"


def _semantic_problems(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """What the schema cannot say: clean texts, real dates, unique ids, references,
    a sound decision graph of bounded size."""
    for parts, value, is_text in _strings(data):
        limit = MAX_URL if str(parts[-1]).endswith("url") or value.startswith(("https://", "http://")) else MAX_TEXT
        bad = _FORBIDDEN.search(value)
        if len(value) > limit:
            yield parts, f"{len(value):,} characters; the limit is {limit:,}: {show(value)}"
        elif bad:
            yield parts, f"invisible or control character {_named(bad.group())} in {show(value)}"
        elif is_text and not _VISIBLE.search(value):
            yield parts, f"text has no visible character: {show(value)}"
    yield from _glossary_problems(data)
    yield from _date_problems(data)
    first: dict[str, Parts] = {}
    # Aliases are checked below: their ids are the ones that are no longer in the data.
    for ident, parts in walk_ids({k: v for k, v in data.items() if k != "aliases"}):
        if ident in first:
            yield parts, f"duplicate id {show(ident)} (also at {format_path(first[ident])})"
        else:
            first[ident] = parts

    nodes = data["decision"]["nodes"]
    node_ids = {n["id"] for n in nodes}
    linkable = set(first) - node_ids
    for i, entry in enumerate(data["faq"]):
        for j, target in enumerate(entry["links"]):
            if target not in linkable:
                yield ("faq", i, "links", j), f"links to unknown id {show(target)}"
    for i, change in enumerate(data["changelog"]):
        for j, target in enumerate(change["ids"]):
            if target not in linkable:
                yield ("changelog", i, "ids", j), f"unknown id {show(target)}"
        for k, move in enumerate(change.get("moves", ())):
            for j, target in enumerate(move["ids"]):
                if target not in linkable:
                    yield ("changelog", i, "moves", k, "ids", j), f"unknown id {show(target)}"
        if i and change["date"] >= data["changelog"][i - 1]["date"]:
            yield ("changelog", i, "date"), "entries must be newest first, one per date"
    questions = {n["id"] for n in nodes if "answers" in n}
    for i, caveat in enumerate(data["decision"]["caveats"]):
        if caveat["link"] not in linkable:
            yield ("decision", "caveats", i, "link"), f"links to unknown id {show(caveat['link'])}"
        if caveat["after"] not in questions:
            yield ("decision", "caveats", i, "after"), f"{show(caveat['after'])} is not a question of the graph"
            continue
        asked = next(n for n in nodes if n["id"] == caveat["after"])
        answers = {a.get(k) for a in asked["answers"] for k in ("feature", "next")} - {None}
        for j, item in enumerate(caveat.get("ticked", ())):
            if not asked.get("multiple") or item not in answers:
                yield ("decision", "caveats", i, "ticked", j), f"{show(item)} is not an item of {show(asked['id'])}"
    yield from _group_problems(nodes)
    items = {a["next"] for n in nodes if n.get("multiple") for a in n["answers"]}
    for i, node in enumerate(nodes):
        then = node.get("then")
        if then is not None and (then["next"] not in questions or node["id"] in items):
            yield (
                ("decision", "nodes", i, "then", "next"),
                f"{show(then['next'])} is not a question of the graph"
                if then["next"] not in questions
                else "an item of a question with several answers cannot lead on",
            )
        for j, answer in enumerate(node.get("answers", ()) if node.get("multiple") else ()):
            if answer["next"] in questions:
                yield (
                    ("decision", "nodes", i, "answers", j, "next"),
                    "an answer of a question with several answers must lead to a verdict, not a question",
                )
    for i, item in enumerate(data["retention"]["items"]):
        if item["from"] not in linkable:
            yield ("retention", "items", i, "from"), f"unknown id {show(item['from'])}"
    for i, alias in enumerate(data["aliases"]):
        if alias["id"] in first:
            yield ("aliases", i, "id"), f"{show(alias['id'])} is an id of the data; an alias is an id that moved"
        if alias["to"] not in first:
            yield ("aliases", i, "to"), f"unknown id {show(alias['to'])}"
    dangling = False
    if data["decision"]["start"] not in node_ids:
        yield ("decision", "start"), f"unknown node {show(data['decision']['start'])}"
    for i, node in enumerate(nodes):
        for j, target in enumerate(node.get("evidence", ())):
            if target not in linkable:
                yield ("decision", "nodes", i, "evidence", j), f"evidence points to unknown id {show(target)}"
        seen_next: set[str] = set()
        for j, answer in enumerate(node.get("answers", ())):
            if answer["next"] in seen_next:
                # The checker keeps its state as the list of nodes visited.
                yield (
                    ("decision", "nodes", i, "answers", j, "next"),
                    f"a second answer leads to {show(answer['next'])}: merge the two answers",
                )
                dangling = True
            seen_next.add(answer["next"])
            if answer["next"] not in node_ids:
                yield ("decision", "nodes", i, "answers", j, "next"), f"edge to unknown node {show(answer['next'])}"
                dangling = True
    # With a broken edge or start, unreachable nodes are a consequence, not news.
    if not dangling and data["decision"]["start"] in node_ids:
        yield from _graph_problems(data["decision"])


def _group_problems(nodes: list[dict[str, Any]]) -> Iterator[tuple[Parts, str]]:
    """A question's groups: in a question with several answers, each named once,
    each of two answers or more, side by side (the checker draws a group as one
    set of radio buttons), every answer's group one of its question's."""
    for i, node in enumerate(nodes):
        groups = node.get("groups", ())
        if groups and not node.get("multiple"):
            yield ("decision", "nodes", i, "groups"), "only a question with several answers (multiple: true) has groups"
            continue
        names: dict[str, int] = {}
        for k, group in enumerate(groups):
            if group["name"] in names:
                yield ("decision", "nodes", i, "groups", k, "name"), f"duplicate group {show(group['name'])}"
            names.setdefault(group["name"], k)
        used: list[str] = []
        previous: str | None = None  # the group of the answer before (None: not in a group)
        for j, answer in enumerate(node.get("answers", ())):
            name: str | None = answer.get("group")
            before, previous = previous, name
            if name is None:
                continue
            if name not in names:
                yield ("decision", "nodes", i, "answers", j, "group"), f"unknown group {show(name)}"
            elif before != name and name in used:
                yield (
                    ("decision", "nodes", i, "answers", j, "group"),
                    f"the answers of group {show(name)} must be next to each other",
                )
            used.append(name)
        for name, k in names.items():
            if used.count(name) < 2:
                yield ("decision", "nodes", i, "groups", k, "name"), f"group {show(name)} needs two answers or more"


def _edges(node: dict[str, Any]) -> list[str]:
    """Where a node leads: its answers, and for a verdict, where it may lead on."""
    return [a["next"] for a in node.get("answers", ())] + ([node["then"]["next"]] if "then" in node else [])


def _graph_problems(decision: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """Every node reachable from the start, and no cycles: each path ends in a verdict."""
    index = {n["id"]: i for i, n in enumerate(decision["nodes"])}
    edges = {n["id"]: [e for e in _edges(n) if e in index] for n in decision["nodes"]}
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    stack: list[tuple[str, Iterator[str]]] = [(decision["start"], iter(edges[decision["start"]]))]
    state[decision["start"]] = "open"
    cyclic = False
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[node] = "done"
            stack.pop()
        elif state.get(child) == "open":
            j = edges[node].index(child)
            cyclic = True
            answers = decision["nodes"][index[node]].get("answers", ())
            yield (
                ("decision", "nodes", index[node], *(("answers", j) if j < len(answers) else ("then",)), "next"),
                f"cycle: {show(node)} leads back to {show(child)}",
            )
        elif child not in state:
            state[child] = "open"
            stack.append((child, iter(edges[child])))
    for node_id, i in index.items():
        if node_id not in state:
            yield (
                ("decision", "nodes", i, "id"),
                f"node {show(node_id)} cannot be reached from {show(decision['start'])}",
            )
    if not cyclic and len(state) == len(index):
        yield from _graph_size_problems(decision, edges, index)


def _graph_size_problems(
    decision: dict[str, Any], edges: dict[str, list[str]], index: dict[str, int]
) -> Iterator[tuple[Parts, str]]:
    """Paths and depth, counted without walking every path (the graph is acyclic):
    a graph whose paths multiply would make the checker page and its tests explode."""
    paths: dict[str, int] = {}
    depth: dict[str, int] = {}
    # Post-order without recursion: a node is done once all its successors are.
    stack = [decision["start"]]
    while stack:
        node = stack[-1]
        pending = [c for c in edges[node] if c not in paths]
        if pending:
            stack += pending
            continue
        stack.pop()
        paths[node] = sum(paths[c] for c in edges[node]) if edges[node] else 1
        depth[node] = 1 + max((depth[c] for c in edges[node]), default=0) if edges[node] else 0
    start = ("decision", "start")
    if paths[decision["start"]] > MAX_PATHS:
        yield start, f"the decision graph has {paths[decision['start']]:,} paths; the limit is {MAX_PATHS:,}"
    if depth[decision["start"]] > MAX_DEPTH:
        yield start, f"a path of the decision graph asks {depth[decision['start']]} questions; the limit is {MAX_DEPTH}"


def _schema_problems(data: Any, schema_text: str, name: str, root: Any) -> list[Problem]:
    """Every place where the data breaks the schema. The compiled check decides;
    jsonschema, imported only then, words what it refused."""
    try:
        validator.compiled(schema_text)(data)
        return []
    except fastjsonschema.JsonSchemaException as refused:
        first = str(refused)
    import jsonschema

    problems = []
    for error in jsonschema.Draft202012Validator(json.loads(schema_text)).iter_errors(data):
        for at, message in _one_of_messages(error) if error.validator == "oneOf" else [_schema_message(error)]:
            problems.append(Problem(name, _line_of(root, at), format_path(at), message))
    # The two validators read every keyword of the schema alike (tested); should a
    # new keyword ever part them, the file is still refused, with the compiled reason.
    return problems or [Problem(name, 0, "(document)", f"refused by the schema: {show(first)}")]


@dataclass(frozen=True)
class Loaded:
    """One load of the data file: the checked data, as plain data and as records."""

    data: dict[str, Any]
    """The checked plain data, as in the file (published as zdr.json)."""
    policy: Policy
    """The same as typed records."""
    schema_text: str
    """The schema it was checked against (published as zdr.schema.json)."""
    name: str = field(repr=False)
    """The file as messages name it."""
    root: yaml.Node = field(repr=False, compare=False)
    """The file's YAML nodes, for the line of a path."""

    def problem(self, parts: Iterable[Any], message: str) -> Problem:
        """A problem at a path of the data, found after loading (by the site, say)."""
        parts = list(parts)
        return Problem(self.name, _line_of(self.root, parts), format_path(parts), message)


def derived_end_id(question: dict[str, Any], feature: str) -> str:
    """The end node an answer `feature: <id>` leads to: one per arrangement."""
    return f"end-hipaa-{feature}" if question.get("arrangement") == "hipaa" else f"end-{feature}"


def _derive_ends(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """Turn each answer `feature: <id>` into a plain answer and an end node made
    from that row of the eligibility tables (its name, verdict, details and notes),
    so the checker and the flowchart say what the table says, and a new row is one
    line of the graph. Changes `data`'s decision graph in place (a copy: _load)."""
    features = {f["id"]: f for f in data["features"]}
    notes = {n["id"]: n["text"] for n in data["eligibility"]["notes"]}
    taken = {ident for ident, _ in walk_ids(data)}
    nodes = data["decision"]["nodes"]
    derived = []
    for i, node in enumerate(nodes):
        hipaa = node.get("arrangement") == "hipaa"
        for j, answer in enumerate(node.get("answers", ())):
            if "feature" not in answer:
                continue
            parts: Parts = ("decision", "nodes", i, "answers", j, "feature")
            feature = features.get(answer["feature"])
            if feature is None:
                yield parts, f"unknown feature {show(answer['feature'])}"
                continue
            end_id = derived_end_id(node, feature["id"])
            if end_id in taken:
                yield parts, f"its end node {show(end_id)} is an id the data already uses"
                continue
            taken.add(end_id)
            said = [notes[n] for n in feature.get("hipaa_notes" if hipaa else "zdr_notes", ()) if n in notes]
            text = {
                lang: f"{feature['name'][lang]}{punctuation(lang).colon}"
                + " ".join([feature["details"][lang], *(n[lang] for n in said)])
                for lang in feature["name"]
            }
            answer.update(label=feature["name"], next=end_id)
            end = {"id": end_id, "verdict": feature["hipaa" if hipaa else "status"], "text": text}
            derived.append({**end, "evidence": [feature["id"]], **({"arrangement": "hipaa"} if hipaa else {})})
    nodes.extend(derived)


def _evidence_statuses(data: dict[str, Any], key: str = "status") -> dict[str, str | None]:
    """Id -> the `key` verdict (status: ZDR, hipaa: HIPAA readiness) a verdict
    citing it must have: its own, or, for a point without one, that of the entry
    it belongs to (the nearest owner with an id)."""
    found: dict[str, str | None] = {}
    stack: list[tuple[Any, str | None]] = [(data, None)]
    while stack:
        value, owner_status = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                status = value.get(key)
                found[value["id"]] = status if isinstance(status, str) else owner_status
                owner_status = status if isinstance(status, str) else None
            stack += [(child, owner_status) for child in value.values()]
        elif isinstance(value, list):
            stack += [(child, owner_status) for child in value]
    return found


def _disagreements(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """A verdict must agree with what it cites: every piece of evidence that has a
    status of its own (a row, a limit, a point, an FAQ answer) has the verdict's."""
    statuses = {"zdr": _evidence_statuses(data), "hipaa": _evidence_statuses(data, "hipaa")}
    for i, node in enumerate(data["decision"]["nodes"]):
        if "verdict" not in node:
            continue
        for j, ident in enumerate(node.get("evidence", ())):
            status = statuses[node.get("arrangement", "zdr")].get(ident)
            if status is not None and status != node["verdict"]:
                yield (
                    ("decision", "nodes", i, "evidence", j),
                    f"the verdict {node['verdict']!r} disagrees with {ident!r}, which is {status!r}",
                )


def load(path: Path, *, schema: Path | None = None) -> Loaded:
    """Read, parse and check a data file against `schema` (default: the
    zdr.schema.json beside it), then make its records; or raise DataError with
    every problem."""
    # The load makes hundreds of thousands of small objects and no cycles: Python's
    # cyclic collector, run over and over while they pile up, made loading grow
    # faster than the file (100x data: 0.76x the time without it). Restored after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(path), schema)
    finally:
        if collecting:
            gc.enable()


def _load(path: Path, schema: Path | None) -> Loaded:
    name = display_name(path)
    data, root = _compose(_read_file(path, name), name)
    try:
        schema_text = (schema or path.parent / SCHEMA_NAME).read_text(encoding="utf-8")
    except OSError as err:
        raise DataError([Problem(name, 0, "(document)", f"cannot read its schema: {err}")]) from None
    problems = _schema_problems(data, schema_text, name, root)
    # The derived end nodes go into a copy of the decision graph: the data as
    # written (what zdr.json publishes, and its schema describes) stays as it is.
    checked = data
    if not problems:
        decision = data["decision"]
        nodes = [{**n, "answers": [dict(a) for a in n["answers"]]} if "answers" in n else n for n in decision["nodes"]]
        checked = {**data, "decision": {**decision, "nodes": nodes}}
    # Each step only on data the one before found sound: no news that is a consequence.
    for step in (_derive_ends, _semantic_problems, _disagreements):
        if not problems:
            problems += [Problem(name, _line_of(root, parts), format_path(parts), m) for parts, m in step(checked)]
    if problems:
        raise DataError(problems)
    return Loaded(data, policy_from_data(checked), schema_text, name, root)
