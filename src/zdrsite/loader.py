"""Load data/zdr.yaml safely, validate it, and return typed records.

Every problem is reported as `file:line: path: message` (for example
`data/zdr.yaml:57: faq[3].answer[0].ja: missing`), all problems of a file at once,
never with a traceback. The YAML is read with a strict safe loader: no Python tags,
no aliases, no duplicate keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .model import Policy
from .records import policy_from_data

DATA_FILE = Path("data") / "zdr.yaml"
"""The data file, relative to the project folder (where mkdocs.yml is)."""
SCHEMA_NAME = "zdr.schema.json"
"""The schema lives beside the data file, which names it for editors."""
# The real file is about 30 KB; the benchmark's 100x synthetic data about 2.4 MB.
# Anything bigger is a mistake (or an attack on the build), and parsing it would
# only make the error slower to arrive.
MAX_BYTES = 4_000_000


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


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
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def format_path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
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
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key].line + 1})", key_node.start_mark
                )
            seen[key] = key_node.start_mark
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


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


def _parse(path: Path, name: str) -> tuple[Any, yaml.Node]:
    raw = path.read_bytes()

    def fail(message: str, line: int = 1) -> DataError:
        return DataError([Problem(name, line, "(document)", message)])

    if len(raw) > MAX_BYTES:
        raise fail(f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise fail("file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise fail(f"not valid UTF-8 (byte {err.start})", raw[: err.start].count(b"\n") + 1) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise fail("file is empty")
    loader = None
    try:
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


def parse(path: Path) -> Any:
    """Safely parse a data file without checking it against the (current) schema."""
    return _parse(Path(path), display_name(Path(path)))[0]


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
        return parts, f"{instance!r} is not one of: {', '.join(map(str, allowed))}"
    if kind == "type":
        got = type(instance).__name__
        hint = " (quote it)" if isinstance(instance, (bool, int, float)) or got == "date" else ""
        return parts, f"expected {value}, got {got} {instance!r}{hint}"
    if kind == "minLength" or (kind == "pattern" and value == "\\S"):
        return parts, "empty text"
    if kind == "pattern" and value.startswith("^[a-z0-9]+"):
        return parts, f"{instance!r} is not a kebab-case id (a-z, 0-9, single hyphens)"
    if kind == "pattern":
        return parts, f"{instance!r} does not match {value}"
    if kind == "minItems":
        return parts, f"needs at least {value} item(s)"
    if kind == "maxLength":
        return parts, f"longer than {value} characters"
    if kind == "anyOf":
        return parts, "needs `text` or `points`"
    return parts, error.message


Parts = tuple[str | int, ...]


def _walk_ids(value: Any, parts: Parts = ()) -> Iterator[tuple[str, Parts]]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"], (*parts, "id")
        for key, child in value.items():
            yield from _walk_ids(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk_ids(child, (*parts, index))


def _semantic_problems(data: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """What the schema cannot say: unique ids, references, a sound decision graph."""
    first: dict[str, Parts] = {}
    for ident, parts in _walk_ids(data):
        if ident in first:
            yield parts, f"duplicate id {ident!r} (also at {format_path(first[ident])})"
        else:
            first[ident] = parts

    nodes = data["decision"]["nodes"]
    node_ids = {n["id"] for n in nodes}
    linkable = set(first) - node_ids
    for i, entry in enumerate(data["faq"]):
        for j, target in enumerate(entry["links"]):
            if target not in linkable:
                yield ("faq", i, "links", j), f"links to unknown id {target!r}"
    for i, change in enumerate(data["changelog"]):
        for j, target in enumerate(change["ids"]):
            if target not in linkable:
                yield ("changelog", i, "ids", j), f"unknown id {target!r}"
        if i and change["date"] >= data["changelog"][i - 1]["date"]:
            yield ("changelog", i, "date"), "entries must be newest first, one per date"
    for i, caveat in enumerate(data["decision"]["caveats"]):
        if caveat["link"] not in linkable:
            yield ("decision", "caveats", i, "link"), f"links to unknown id {caveat['link']!r}"
    dangling = False
    if data["decision"]["start"] not in node_ids:
        yield ("decision", "start"), f"unknown node {data['decision']['start']!r}"
    for i, node in enumerate(nodes):
        for j, target in enumerate(node.get("evidence", ())):
            if target not in linkable:
                yield ("decision", "nodes", i, "evidence", j), f"evidence points to unknown id {target!r}"
        seen_next: set[str] = set()
        for j, answer in enumerate(node.get("answers", ())):
            if answer["next"] in seen_next:
                # The checker keeps its state as the list of nodes visited.
                yield (
                    ("decision", "nodes", i, "answers", j, "next"),
                    f"a second answer leads to {answer['next']!r}: merge the two answers",
                )
                dangling = True
            seen_next.add(answer["next"])
            if answer["next"] not in node_ids:
                yield ("decision", "nodes", i, "answers", j, "next"), f"edge to unknown node {answer['next']!r}"
                dangling = True
    # With a broken edge or start, unreachable nodes are a consequence, not news.
    if not dangling and data["decision"]["start"] in node_ids:
        yield from _graph_problems(data["decision"])


def _graph_problems(decision: dict[str, Any]) -> Iterator[tuple[Parts, str]]:
    """Every node reachable from the start, and no cycles: each path ends in a verdict."""
    index = {n["id"]: i for i, n in enumerate(decision["nodes"])}
    edges = {n["id"]: [a["next"] for a in n.get("answers", ()) if a["next"] in index] for n in decision["nodes"]}
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    stack: list[tuple[str, Iterator[str]]] = [(decision["start"], iter(edges[decision["start"]]))]
    state[decision["start"]] = "open"
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            state[node] = "done"
            stack.pop()
        elif state.get(child) == "open":
            j = edges[node].index(child)
            yield ("decision", "nodes", index[node], "answers", j, "next"), f"cycle: {node!r} leads back to {child!r}"
        elif child not in state:
            state[child] = "open"
            stack.append((child, iter(edges[child])))
    for node_id, i in index.items():
        if node_id not in state:
            yield ("decision", "nodes", i, "id"), f"node {node_id!r} cannot be reached from {decision['start']!r}"


def _validator(schema_text: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@dataclass(frozen=True)
class Loaded:
    """One load of the data file."""

    data: dict[str, Any]
    """The checked plain data, as in the file (published as zdr.json)."""
    policy: Policy
    """The same as typed records, with the outline of the site."""
    schema_text: str
    """The schema it was checked against (published as zdr.schema.json)."""


def _check(path: Path, schema: Path | None) -> tuple[dict[str, Any], str]:
    path = Path(path)
    name = display_name(path)
    data, root = _parse(path, name)
    schema_text = (schema or path.parent / SCHEMA_NAME).read_text(encoding="utf-8")
    problems = []
    for error in _validator(schema_text).iter_errors(data):
        # For oneOf, report the leaf errors, which say what is wrong.
        leaves = list(error.context) if error.validator == "oneOf" and error.context else [error]
        for leaf in leaves:
            at, message = _schema_message(leaf)
            problems.append(Problem(name, _line_of(root, at), format_path(at), message))
    if not problems:
        for parts, message in _semantic_problems(data):
            problems.append(Problem(name, _line_of(root, parts), format_path(parts), message))
    if problems:
        raise DataError(problems)
    return data, schema_text


def validate(path: Path, schema: Path | None = None) -> dict[str, Any]:
    """Parse and check a data file against `schema` (default: the zdr.schema.json
    beside it); return the plain data or raise DataError."""
    return _check(path, schema)[0]


def load_all(path: Path, schema: Path | None = None) -> Loaded:
    """Parse, check and convert a data file, or raise DataError."""
    data, schema_text = _check(path, schema)
    return Loaded(data, policy_from_data(data), schema_text)


def load(path: Path) -> Policy:
    """The checked data as typed records, or DataError."""
    return load_all(path).policy
