"""A saved copy of the source page, read into its parts.

Three forms of the same page are read, in English or Japanese:

- the docs' Markdown export (front matter, `<Eligible status="no">No</Eligible>`,
  `<section title="...">` and `<Accordion title=...>` questions, `<sup>` footnotes);
- the page saved from a browser as HTML;
- the page's text, copied or extracted, with the docs' navigation and footer around
  it (table cells joined by tabs, or by nothing at all).

Each form becomes one list of blocks (heading, table row, list item, question,
text, each with its line in the file); one reader then finds the page's parts in
them: every feature table row (name, endpoint, ZDR and HIPAA verdict, details and
footnotes), the lists of what is and is not covered, special cases, the FAQ
questions, related resources, every section, and the durations each part states.
Nothing here knows the data: source_check.py matches the parts to it.
"""

from __future__ import annotations

import html
import html.parser
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from .files import UnreadableFileError, read_regular_file

MAX_NESTING = 40
"""Blocks inside blocks that are read as such; deeper ones are read as text."""
MAX_BYTES = 20_000_000
"""A saved page is a few hundred KB (with its inline scripts, a few MB): much more
is not a page of the docs."""

Verdict = Literal["eligible", "qualified", "not-eligible", "special-case", "unknown"]
"""`unknown`: a verdict cell in words no edition uses (reported, never skipped)."""
# What the docs' `<Eligible status="...">` says (no status: yes).
_STATUS_VERDICTS: dict[str, Verdict] = {"yes": "eligible", "qualified": "qualified", "no": "not-eligible"}

# The words each edition uses for a verdict, in a table cell or a heading, longest
# first within a language (so "ZDR対象外" is not read as "ZDR対象").
VERDICT_WORDS: dict[str, tuple[tuple[str, Verdict], ...]] = {
    "en": (
        ("yes (qualified)", "qualified"),
        ("fully zdr-eligible", "eligible"),
        ("not zdr-eligible", "not-eligible"),
        ("not eligible for zdr", "not-eligible"),
        ("zdr-eligible", "eligible"),
        ("special cases", "special-case"),
        ("special case", "special-case"),
        ("yes", "eligible"),
        ("no", "not-eligible"),
    ),
    "ja": (
        ("はい（条件付き）", "qualified"),
        ("対象（条件付き）", "qualified"),
        ("完全にzdr対象", "eligible"),
        ("zdr対象外", "not-eligible"),
        ("特殊なケース", "special-case"),
        ("zdr対象", "eligible"),
        ("対象外", "not-eligible"),
        ("はい", "eligible"),
        ("いいえ", "not-eligible"),
        ("yes (qualified)", "qualified"),
        ("yes", "eligible"),
        ("no", "not-eligible"),
    ),
}

# Headings that open a kind of part, in either language (compared normalized).
_FAQ = ("frequently asked questions", "faq", "よくある質問")
_RELATED = ("related resources", "関連リソース")
_COVERS = ("covers", "対象とするもの")
_NOT_COVER = ("does not cover", "対象としないもの")
_END = ("was this page helpful", "このページは役に立ちましたか")

Unit = Literal["minute", "hour", "day", "week", "month", "year"]
_EN_UNITS: dict[str, Unit] = {"min": "minute", "minute": "minute", "hour": "hour", "day": "day"}
_EN_UNITS |= {"week": "week", "month": "month", "year": "year"}
_JA_UNITS: dict[str, Unit] = {"分": "minute", "時間": "hour", "日": "day", "週間": "week", "か月": "month"}
_JA_UNITS |= {"ヶ月": "month", "カ月": "month", "年": "year"}
_JA_SAID: dict[Unit, str] = {"minute": "分", "hour": "時間", "day": "日", "week": "週間", "month": "か月", "year": "年"}
_EN_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)[\s-]*(min|minute|hour|day|week|month|year)s?\b", re.I)
# Each starts where a number starts (not inside a run of digits): linear time.
_JA_DURATION = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(時間|分|日|週間|か月|ヶ月|カ月|年)")
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 1
    )
}
_EN_WORD_DURATION = re.compile(
    r"\b(" + "|".join(_NUMBER_WORDS) + r")[\s-]+(min|minute|hour|day|week|month|year)s?\b", re.I
)


@dataclass(frozen=True, order=True)
class Duration:
    amount: float
    unit: Unit

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """As the report says it: 30 days, 30日."""
        amount = f"{self.amount:g}"
        if lang == "ja":
            return amount + _JA_SAID[self.unit]
        return f"{amount} {self.unit}{'' if amount == '1' else 's'}"


def durations(text: str) -> frozenset[Duration]:
    """Every duration a text states (29 days, 29日間, 24-hour, 2年, ...). A year
    number of a date (2026年) is not one."""
    found = {Duration(float(m.group(1)), _EN_UNITS[m.group(2).lower()]) for m in _EN_DURATION.finditer(text)}
    found |= {
        Duration(float(_NUMBER_WORDS[m.group(1).lower()]), _EN_UNITS[m.group(2).lower()])
        for m in _EN_WORD_DURATION.finditer(text)
    }
    for m in _JA_DURATION.finditer(text):
        if m.group(2) == "年" and len(m.group(1)) == 4:
            continue
        found.add(Duration(float(m.group(1)), _JA_UNITS[m.group(2)]))
    return frozenset(found)


def normal(text: str) -> str:
    """A name as it is compared: width and case folded, punctuation and spaces gone."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c.isalnum() or c in "+")


def _words(text: str) -> str:
    """Width and case folded, spaces collapsed (for verdict words and headings)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def verdict_of(text: str, lang: str, whole: bool) -> tuple[Verdict, str] | None:
    """The verdict a cell (`whole`: the cell is the word) or a heading (it holds the
    word; not the short answers Yes, No, はい, いいえ) states, with the word met."""
    shown = " ".join(_TAG.sub("", text).split()).rstrip("0123456789 ").strip(" .")
    said = _words(shown)
    for word, verdict in VERDICT_WORDS[lang]:
        w = unicodedata.normalize("NFKC", word)
        if whole and said == w:
            return verdict, shown
        if not whole and len(w) >= 4 and w not in ("はい", "いいえ") and w in said:
            at = said.index(w)
            return verdict, unicodedata.normalize("NFKC", shown)[at : at + len(w)]
    return None


# -- Blocks: the three forms read into one list ---------------------------------------

BlockKind = Literal["heading", "header", "row", "item", "question", "text", "footnote"]


@dataclass
class Cell:
    text: str
    status: str | None = None
    """A verdict the cell's markup states (`<Eligible status="no">`), if any."""
    footnotes: tuple[str, ...] = ()


@dataclass
class Block:
    kind: BlockKind
    text: str
    line: int
    level: int = 0
    """A heading's level; 0 where the form does not say (text)."""
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Page:
    """What was read of one file: its edition and its blocks."""

    title: str | None
    lang: str | None
    url: str | None
    blocks: list[Block]


class NotASourcePageError(Exception):
    """The file cannot be read, or holds nothing that reads as the source page."""


# Every repetition stops at the next bracket or angle: linear time on any input.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_ELIGIBLE = re.compile(r"<Eligible\b([^<>]*?)(?:/>|>([^<]*)</Eligible>)", re.S)
_STATUS_ATTRIBUTE = re.compile(r"""\bstatus=["']([a-z-]+)["']""")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ANCHOR = re.compile(r"\s*\{#[^{}\s]+\}\s*$")


def _inline(text: str) -> str:
    """Markdown inline markup as the text it shows."""
    text = _LINK.sub(r"\1", text)
    text = _ELIGIBLE.sub(lambda m: m.group(2) or "", text)
    text = _SUP.sub("", text)
    text = _TAG.sub("", text)
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(html.unescape(text).split())


def _cell(raw: str) -> Cell:
    """A Markdown cell; `<Eligible>` states its verdict in its `status` (none: yes)."""
    eligible = _ELIGIBLE.search(raw)
    status = None
    if eligible:
        attribute = _STATUS_ATTRIBUTE.search(eligible.group(1))
        status = attribute.group(1) if attribute else "yes"
    return Cell(_inline(raw), status, tuple(_SUP.findall(raw)))


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table line; a `|` inside backticks or escaped is text."""
    cells, cell, code, i = [], "", False, 0
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            cell, i = cell + "|", i + 2
            continue
        if c == "`":
            code = not code
        if c == "|" and not code:
            cells.append(cell)
            cell = ""
        else:
            cell += c
        i += 1
    return [*cells, cell]


_QUESTION = re.compile(
    r"""<(?:section|Accordion)\b[^<>]*?\btitle=\{?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\}?[^<>]*>"""
)


def read_markdown(text: str) -> Page:
    lines = text.split("\n")
    title = url = lang = None
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                key, _, value = line.partition(":")
                value = value.strip().strip("'\"")
                key = key.strip().lower()
                if key == "title":
                    title = value
                elif key in ("url", "source", "canonical"):
                    url = value
                elif key in ("lang", "language", "locale"):
                    lang = value[:2]
            start = end + 1
    blocks: list[Block] = []
    in_code = False
    for i in range(start, len(lines)):
        line, number = lines[i], i + 1
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code or not stripped:
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", stripped)
        question = _QUESTION.search(stripped)
        if heading:
            shown = _inline(_ANCHOR.sub("", heading.group(2)))
            blocks.append(Block("heading", shown, number, len(heading.group(1))))
        elif question:
            said = question.group(1) if question.group(1) is not None else question.group(2)
            blocks.append(Block("question", _inline(said.replace("\\'", "'")), number))
        elif stripped.startswith("|"):
            if re.fullmatch(r"\|?[\s:|-]+\|?", stripped):
                if blocks and blocks[-1].kind == "row":
                    blocks[-1].kind = "header"  # the line above was the header
                continue
            blocks.append(Block("row", "", number, cells=[_cell(c) for c in _cells(stripped)]))
        elif re.match(r"[-*+]\s+", stripped):
            blocks.append(Block("item", _inline(re.sub(r"^[-*+]\s+", "", stripped)), number))
        elif re.match(r"<sup>\s*\d+\s*</sup>", stripped):
            mark = _SUP.match(stripped)
            assert mark is not None
            blocks.append(Block("footnote", _inline(stripped[mark.end() :]), number, cells=[Cell(mark.group(1))]))
        else:
            shown = _inline(stripped)
            if shown:
                blocks.append(Block("text", shown, number))
    if title is None:
        title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return Page(title, lang, url, blocks)


class _HtmlReader(html.parser.HTMLParser):
    """The blocks of a page saved from a browser."""

    _BLOCK: ClassVar[set[str]] = {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "li",
        "summary",
        "td",
        "th",
        "dt",
        "dd",
        "caption",
    }
    # Elements that hold blocks: their end closes the blocks left open inside (HTML
    # leaves </li> and </p> out), and they say nothing themselves.
    _CONTAINERS: ClassVar[set[str]] = {"ul", "ol", "table", "thead", "tbody", "details", "section", "div", "main"}
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "svg", "nav", "footer", "header", "aside"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title: str | None = None
        self.lang: str | None = None
        self.url: str | None = None
        self.main_seen = False
        self._skip = 0
        self._open: list[tuple[str, int, list[str], dict[str, str | None]]] = []
        self._row: list[Cell] | None = None
        self._row_line = 0
        self._row_header = True
        """Every cell of the row so far is a <th>: a header row (a <th> of its
        own, a row's name, does not make one)."""
        self._in_title = False
        self._sup: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html" and attributes.get("lang"):
            self.lang = (attributes["lang"] or "")[:2]
        elif tag == "link" and "canonical" in (attributes.get("rel") or "").split():
            self.url = attributes.get("href")
        elif tag == "meta" and attributes.get("property") == "og:url" and self.url is None:
            self.url = attributes.get("content")
        elif tag == "title":
            self._in_title = True
        elif tag in ("main", "article") and not self.main_seen:
            self.main_seen, self.blocks = True, []  # what came before was the docs' frame
        if tag in self._SKIP:
            self._skip += 1
        if self._skip:
            return
        # HTML closes these by themselves when the next one opens: so does the reader.
        implied = {"li": ("li",), "p": ("p",), "td": ("td", "th"), "th": ("td", "th"), "dt": ("dt", "dd")}
        implied |= {"dd": ("dt", "dd"), "tr": ("td", "th", "p")}
        implied |= dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "details", "div"), ("p",))
        while self._open and self._open[-1][0] in implied.get(tag, ()):
            self.handle_endtag(self._open[-1][0])
        if tag == "tr":
            if self._row is not None:
                self.handle_endtag("tr")
            self._row, self._row_line, self._row_header = [], self.getpos()[0], True
        elif tag == "sup":
            self._sup = []
        if (tag in self._BLOCK or tag in self._CONTAINERS) and len(self._open) < MAX_NESTING:
            self._open.append((tag, self.getpos()[0], [], attributes))
        if tag == "section" and attributes.get("title"):
            self.blocks.append(Block("question", " ".join((attributes["title"] or "").split()), self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and self._skip:
            self._skip -= 1
            return
        if self._skip:
            return
        if tag == "sup" and self._sup is not None:
            marks = "".join(self._sup).strip()
            self._sup = None
            if self._open and marks.isdigit():
                self._open[-1][3]["data-footnotes"] = (self._open[-1][3].get("data-footnotes") or "") + " " + marks
            return
        # An end tag closes what it encloses that is still open (`<td><p>No</td>`).
        while self._open and self._open[-1][0] != tag and tag in {name for name, *_ in self._open}:
            self.handle_endtag(self._open[-1][0])
        if self._open and self._open[-1][0] == tag:
            name, line, parts, attributes = self._open.pop()
            text = " ".join("".join(parts).split())
            if name in self._CONTAINERS:
                return  # a list, a table, a section: its blocks spoke for themselves
            if self._open and self._open[-1][0] not in self._CONTAINERS:  # the enclosing block's text too
                self._open[-1][2].append(" " + "".join(parts) + " ")
            if name in ("td", "th") and self._row is not None:
                self._row_header = self._row_header and name == "th"
                notes = tuple((attributes.get("data-footnotes") or "").split())
                self._row.append(Cell(text, attributes.get("data-status"), notes))
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6") and text:
                self.blocks.append(Block("heading", text, line, int(name[1])))
            elif name == "summary" and text:
                self.blocks.append(Block("question", text, line))
            elif name == "li" and text:
                self.blocks.append(Block("item", text, line))
            elif name in ("p", "dd", "dt") and text and all(n in self._CONTAINERS for n, *_ in self._open):
                self.blocks.append(Block("text", text, line))
        if tag == "tr" and self._row is not None:
            header = self._row_header and bool(self._row)
            self.blocks.append(Block("header" if header else "row", "", self._row_line, cells=self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())
        if self._skip:
            return
        if self._sup is not None:
            self._sup.append(data)
            return
        if self._open:
            self._open[-1][2].append(data)


def read_html(text: str) -> Page:
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    h1 = next((b.text for b in reader.blocks if b.kind == "heading" and b.level == 1), None)
    return Page(h1 or reader.title, reader.lang, reader.url, reader.blocks)


_BULLET = re.compile(r"^[•·・*\-–]\s*")
_ENDPOINT = re.compile(r"/v1(?:/[a-z0-9_]+)*(?:\s*[（(][^（()）]{1,80}[）)])?")


def _heading_like(line: str) -> bool:
    return (
        0 < len(line) <= 80
        and not _BULLET.match(line)
        and line[-1] not in "。．.!！:：、,，"
        and "/v1" not in line
        and "\t" not in line
    )


def _joined_row(line: str) -> list[Cell] | None:
    """A table row whose cells were joined by nothing: name, endpoint, the rest."""
    found = _ENDPOINT.search(line)
    if found is None or found.start() == 0:
        return None
    return [Cell(line[: found.start()].strip()), Cell(found.group(0).strip()), Cell(line[found.end() :].strip())]


def read_text(text: str) -> Page:
    """Text copied or extracted from the page: the docs' frame is around it. The
    page starts at the last heading-like line before its first sentence of some
    length, and ends where the docs ask whether it helped."""
    lines = [ln.strip() for ln in text.split("\n")]
    first_sentence = next(
        (i for i, ln in enumerate(lines) if len(ln) >= 30 and ln[-1] in "。." and not _BULLET.match(ln)), None
    )
    if first_sentence is None:
        return Page(None, None, None, [])

    def alone(i: int) -> bool:
        return (i == 0 or not lines[i - 1]) and (i + 1 >= len(lines) or not lines[i + 1])

    start = next((i for i in range(first_sentence - 1, -1, -1) if lines[i] and _heading_like(lines[i])), 0)
    blocks: list[Block] = []
    title = lines[start] if start < first_sentence else None
    header: list[str] | None = None
    for i in range(start + 1, len(lines)):
        line, number = lines[i], i + 1
        if not line:
            header = None if header is not None and i + 1 < len(lines) and not lines[i + 1] else header
            continue
        if any(_words(line).startswith(end) for end in _END):
            break
        lowered = _words(line)
        if "\t" in line:
            cells = [Cell(c.strip()) for c in line.split("\t")]
            kind: BlockKind = "header" if header is None and "/v1" not in line else "row"
            header = [c.text for c in cells] if kind == "header" else header
            blocks.append(Block(kind, "", number, cells=cells))
        elif (("endpoint" in lowered or "エンドポイント" in line) and ("feature" in lowered or "機能" in line)) and len(
            line
        ) <= 120:
            header = [line]
            blocks.append(Block("header", line, number, cells=[Cell(line)]))
        elif header is not None and (row := _joined_row(line)) is not None:
            blocks.append(Block("row", "", number, cells=row))
        elif _BULLET.match(line):
            blocks.append(Block("item", _BULLET.sub("", line), number))
        elif _heading_like(line) and alone(i):
            header = None
            blocks.append(Block("heading", line, number))
        else:
            blocks.append(Block("text", line, number))
    lang = "ja" if _japanese_share(" ".join(b.text for b in blocks)) > 0.1 else "en"
    return Page(title, lang, None, blocks)


def _japanese_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    japanese = [c for c in letters if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff"]
    return len(japanese) / len(letters) if letters else 0.0


def read_file(path: Path) -> bytes:
    """A file's bytes, if it is a regular file within the size limit: opened without
    blocking and checked on the open descriptor (a FIFO cannot hang the check), and
    read at most one byte past the limit (a link to an endless file cannot fill the
    memory)."""
    try:
        return read_regular_file(path, MAX_BYTES)
    except UnreadableFileError as err:
        said = {
            "open": f"cannot open: {err.detail}",
            "directory": "a directory, not a saved copy of the source page",
            "special": "not a regular file (looked for a saved copy of the source page)",
            "size": f"{err.detail or 'more'} bytes, larger than a saved page can be ({MAX_BYTES:,} bytes at most)",
            "read": f"cannot read: {err.detail}",
        }
        raise NotASourcePageError(f"{path}: {said[err.reason]}") from None


def read(raw: bytes, name: str) -> Page:
    """The blocks of a saved copy in any of the three forms, or NotASourcePageError."""
    if not raw.strip():
        raise NotASourcePageError(f"{name}: the file is empty")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotASourcePageError(f"{name}: a binary file, not a saved page (looked for Markdown, HTML or text)")
    try:
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        text = raw.decode("utf-16") if utf16 else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotASourcePageError(
            f"{name}: not UTF-8 text (looked for the page saved as Markdown, HTML or text)"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = text[:65536].lower()
    if re.search(r"<!doctype html|<html[\s>]|<body[\s>]", head):
        page = read_html(text)
    elif text.lstrip().startswith("---\n") or (
        re.search(r"^#{1,6}\s", text, re.M) and re.search(r"^\s*\|.*\|\s*$", text, re.M)
    ):
        page = read_markdown(text)
    else:
        page = read_text(text)
    if page.lang is None or page.lang not in VERDICT_WORDS:
        share = _japanese_share(" ".join(b.text or " ".join(c.text for c in b.cells) for b in page.blocks))
        page.lang = "ja" if share > 0.1 else "en"
    return page


# -- Parts: what the page says, found in its blocks -------------------------------------

PartKind = Literal["row", "item", "question", "section"]


@dataclass
class Part:
    kind: PartKind
    name: str
    line: int
    zdr: tuple[Verdict, str] | None = None
    """The ZDR verdict and the word that says it."""
    hipaa: tuple[Verdict, str] | None = None
    endpoint: str | None = None
    said: list[str] = field(default_factory=list)
    """Everything the part says besides its name (details, answer, body)."""
    levelless: bool = False
    """Read from a form that gives no heading levels (a text copy)."""
    endpoint_column: bool = False
    """A table row whose table has an endpoint column (a special case has none)."""

    @property
    def text(self) -> str:
        return " ".join(self.said)

    group: str = ""
    """"covers", "related", "hipaa-covers"...: the list an item is in."""

    @property
    def durations(self) -> frozenset[Duration]:
        return durations(self.text)


@dataclass
class SourcePage:
    title: str | None
    lang: str
    url: str | None
    parts: list[Part]

    @property
    def has_feature_table(self) -> bool:
        return any(p.kind == "row" and p.endpoint for p in self.parts)


def _cell_verdict(cell: Cell, lang: str) -> tuple[Verdict, str] | None:
    """A verdict cell: its words, and its markup's status where it has one; words
    no edition uses, or words and markup that disagree, are `unknown`."""
    said = verdict_of(cell.text, lang, whole=True)
    marked = _STATUS_VERDICTS.get(cell.status or "")
    if cell.status is not None and marked is None:
        return "unknown", f'{cell.text} (status="{cell.status}")'
    if marked is not None and ((said is None and cell.text.strip()) or (said is not None and said[0] != marked)):
        return "unknown", f'{cell.text} (status="{cell.status}")'
    if marked is not None:
        return marked, cell.text or f'status="{cell.status}"'
    if said is None:
        return ("unknown", cell.text) if cell.text.strip() else None
    return said


def _roles(header: list[str], lang: str) -> dict[str, int]:
    """Column role -> index, from the header's words."""
    roles: dict[str, int] = {}
    for i, name in enumerate(_words(h) for h in header):
        if "hipaa" in name:
            roles.setdefault("hipaa", i)
        elif "zdr" in name and ("eligib" in name or "対象" in name):
            roles.setdefault("zdr", i)
        elif "endpoint" in name or "エンドポイント" in name:
            roles.setdefault("endpoint", i)
        elif name in ("feature", "機能", "name", "product", "機能名") and "name" not in roles:
            roles["name"] = i
        else:
            roles.setdefault("details", i)
            roles[f"details{i}"] = i
    roles.setdefault("name", 0)
    return roles


def parts_of(page: Page) -> SourcePage:
    lang = page.lang or "en"
    parts: list[Part] = []
    footnotes = {b.cells[0].text: b.text for b in page.blocks if b.kind == "footnote" and b.cells}
    section_verdict: tuple[Verdict, str] | None = None
    verdict_level = 0
    special = False
    group = ""
    roles: dict[str, int] | None = None
    current: Part | None = None  # the part whose text the following blocks add to
    in_faq = False

    def body(text: str) -> None:
        if current is not None:
            current.said.append(text)

    blocks = page.blocks
    faq_level = 0
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            words = _words(block.text)
            level = block.level
            if in_faq and _asks(block.text):
                current = Part("question", block.text, block.line)
                parts.append(current)
                continue
            following = blocks[index + 1].kind if index + 1 < len(blocks) else None
            # Without levels (text), a heading right above another heading opens a
            # group of its own: it ends the special cases.
            group_heading = level == 0 and following == "heading"
            closes = (level and verdict_level and level <= verdict_level) or (special and group_heading)
            if closes:
                section_verdict, special, verdict_level = None, False, 0
            heading_verdict = verdict_of(block.text, lang, whole=False)
            is_faq = any(words == w or words.startswith(w) for w in _FAQ)
            if special and (level == 0 or level > verdict_level) and heading_verdict is None:
                # A special case: a heading of its own under "Special cases".
                current = Part("row", block.text, block.line, zdr=section_verdict, levelless=level == 0)
                parts.append(current)
                continue
            if level == 0 and heading_verdict is None:
                section_verdict, special = None, False
            current = Part("section", block.text, block.line)
            parts.append(current)
            roles, group = None, ""
            if is_faq:
                in_faq, faq_level = True, level
            elif level == 0 or level <= faq_level:
                in_faq = False
            if any(w in words for w in _RELATED):
                group = "related"
            elif any(w in words for w in _NOT_COVER):
                group = "hipaa-not-cover" if "hipaa" in words else "not-cover"
            elif any(w in words for w in _COVERS):
                group = "hipaa-covers" if "hipaa" in words else "covers"
            if heading_verdict is not None and not group:
                section_verdict, verdict_level = heading_verdict, level or 99
                special = heading_verdict[0] == "special-case"
        elif block.kind == "header":
            # A text copy's header whose cells were joined by nothing: its rows are too.
            joined = block.text and len(block.cells) == 1
            roles = {"joined": 0} if joined else _roles([c.text for c in block.cells], lang)
        elif block.kind == "row" and roles is not None:
            cells = block.cells
            if "joined" in roles:  # name, endpoint, the rest (text copied without tabs)
                name, endpoint, rest = ([c.text for c in cells] + ["", "", ""])[:3]
                zdr, hipaa = section_verdict, None
            else:

                def at(role: str, roles: dict[str, int] = roles, cells: list[Cell] = cells) -> Cell | None:
                    i = roles.get(role)
                    return cells[i] if i is not None and i < len(cells) else None

                name_cell, endpoint_cell = at("name"), at("endpoint")
                name = name_cell.text if name_cell else ""
                endpoint = endpoint_cell.text if endpoint_cell else ""
                zdr_cell, hipaa_cell = at("zdr"), at("hipaa")
                zdr = _cell_verdict(zdr_cell, lang) if zdr_cell else section_verdict
                hipaa = _cell_verdict(hipaa_cell, lang) if hipaa_cell else None
                taken = {roles.get(r) for r in ("name", "endpoint", "zdr", "hipaa")}
                rest = " ".join(c.text for i, c in enumerate(cells) if i not in taken)
                notes = [footnotes.get(n, "") for c in cells for n in c.footnotes]
                rest = " ".join([rest, *notes]).strip()
            current = Part("row", name, block.line, zdr=zdr, hipaa=hipaa, endpoint=endpoint or None, said=[rest])
            current.endpoint_column = "joined" in roles or "endpoint" in roles
            parts.append(current)
        elif block.kind == "question" or (in_faq and block.kind in ("heading", "text") and _asks(block.text)):
            current = Part("question", block.text, block.line)
            parts.append(current)
        elif block.kind == "item":
            if group:
                labelled = re.match(r"(.+?)\s*[:：]\s*(.*)", block.text)
                if labelled and group != "related":
                    label, rest = labelled.group(1), labelled.group(2)
                else:
                    label, rest = block.text, ""
                item = Part("item", label, block.line, said=[rest], group=group)
                if group in ("covers", "not-cover"):
                    item.zdr = ("eligible", "covers") if group == "covers" else ("not-eligible", "does not cover")
                elif group in ("hipaa-covers", "hipaa-not-cover"):
                    covered = group == "hipaa-covers"
                    item.hipaa = ("eligible", "covers") if covered else ("not-eligible", "does not cover")
                parts.append(item)
            else:
                body(block.text)
        elif block.kind == "text":
            words = _words(block.text)
            # A short line that opens a list of what is (not) covered is that
            # list's title, as a heading would be ("**What ZDR covers**").
            if any(w in words for w in (*_NOT_COVER, *_COVERS)) and len(words) < 60:
                negative = any(w in words for w in _NOT_COVER)
                group = ("hipaa-" if "hipaa" in words else "") + ("not-cover" if negative else "covers")
                current = Part("section", block.text, block.line)
                parts.append(current)
                continue
            body(block.text)
    return SourcePage(page.title, lang, page.url, parts)


def _asks(text: str) -> bool:
    return text.rstrip().endswith(("?", "？"))


def read_source(raw: bytes, name: str) -> SourcePage:
    """A saved copy of the source page, read into its parts; NotASourcePageError if it
    holds no feature table (nothing can be said to be in sync with it)."""
    page = parts_of(read(raw, name))
    if not page.has_feature_table:
        raise NotASourcePageError(
            f"{name}: no feature table found (looked for a table with a feature and an endpoint column, "
            "in the docs' Markdown, a saved HTML page or the page's text)"
        )
    return page
