"""Helpers shared by the tests: the project, builds, serving, parsing, the browser.

Test files import from here (never from each other); conftest.py only defines
fixtures. Every expectation is derived from data/zdr.yaml through `zdrsite`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import yaml
from bs4 import BeautifulSoup, Tag

from zdrsite import diagrams, languages, loader
from zdrsite.model import Policy, Text
from zdrsite.outline import Site, page_url
from zdrsite.registry import build_site

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / loader.DATA_FILE
SCHEMA_FILE = DATA_FILE.parent / loader.SCHEMA_NAME
LANGS = languages.LANGUAGES
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "data")
DRAWINGS = Path(".cache/zdr/diagrams")
CHROMIUM = "/usr/bin/chromium"
# The flags the build draws with, for a closed network (diagrams.py).
CHROMIUM_ARGS = list(diagrams.CHROMIUM_ARGS)


@functools.cache
def load_site() -> Site:
    """The real data's policy and the outline of its site (a test never changes
    either: both are frozen)."""
    return build_site(loader.load(DATA_FILE).policy)


def load_policy() -> Policy:
    return load_site().policy


# -- The project and its builds --------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` tags we do not need to resolve."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(project: Path = ROOT) -> dict[str, Any]:
    config: dict[str, Any] = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return config


def site_url(project: Path = ROOT) -> str:
    return str(mkdocs_config(project)["site_url"])


SITE_URL = site_url()
SITE_PATH = urlparse(SITE_URL).path


def copy_project(dest: Path) -> Path:
    """A copy of what the build reads, so a test can break it without harm."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    # Installed browser assets: linked, not copied (they are large and read-only).
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    # Drawings already made: each is keyed by all it depends on (diagrams.py), so a
    # copy draws only what its own changes need.
    drawings = ROOT / DRAWINGS
    if drawings.is_dir():
        shutil.copytree(drawings, dest / DRAWINGS)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str, chromium: str = CHROMIUM) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, the flowcharts drawn with `chromium` (the tests'
    own), or with chromium="" left to the reader's browser."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ZDR_CHROMIUM=chromium)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
        check=False,
    )


def write_data(project: Path, data: dict[str, Any]) -> None:
    # Through JSON: no shared objects, so no YAML aliases (which the loader refuses).
    import json

    plain = json.loads(json.dumps(data))
    (project / loader.DATA_FILE).write_text(
        yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def read_data(project: Path) -> dict[str, Any]:
    """A project's data read with plain PyYAML, not through the loader: an
    expectation independent of the code under test."""
    return dict(yaml.safe_load((project / loader.DATA_FILE).read_text(encoding="utf-8")))


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site with a hash of its bytes."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


T = TypeVar("T")


def wait_for(predicate: Callable[[], T], what: str, timeout: float = 60.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


# -- Serving a built site ----------------------------------------------------------


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under the path of site_url (e.g. /zdr/), as in production."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = SITE_PATH) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 under site_url's path (or `prefix`, a path
    the site was not built for); yield its base URL."""
    handler = type("Handler", (_SubPathHandler,), {"prefix": prefix})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()


def lang_url(server: str, lang: str, page: str = "index.md") -> str:
    return server + languages.root(lang) + page_url(page)


# -- Reading built HTML ----------------------------------------------------------------


def norm(text: str) -> str:
    return " ".join(text.split())


def lang_root(site: Path, lang: str) -> Path:
    return site / languages.root(lang)


def page_file(site: Path, lang: str, page: str) -> Path:
    return lang_root(site, lang) / page_url(page) / "index.html"


@functools.cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, lang: str, page: str) -> Tag:
    found = parse(page_file(site, lang, page)).select_one("article.md-content__inner")
    assert found is not None, f"{lang}/{page}: no article"
    return found


def drawn_charts(root: Tag) -> list[tuple[str, list[str]]]:
    """Each flowchart drawn at build time (diagrams.py): its text (labels, not its
    stylesheet) and the addresses its nodes link to."""
    charts = []
    for chart in root.select(".zdr-diagram"):
        texts = [t for t in chart.find_all(string=True) if t.parent is not None and t.parent.name != "style"]
        # find_all, not select: CSS selectors do not reach into <template> (as in a browser).
        links = [str(a["xlink:href"]) for a in chart.find_all("a") if a.has_attr("xlink:href")]
        charts.append((norm(" ".join(texts)), links))
    return charts


def text_of(tag: Tag) -> str:
    """Visible text of an element, without permalink markers."""
    clone = BeautifulSoup(str(tag), "html.parser")
    for link in clone.select("a.headerlink"):
        link.decompose()
    for hint in clone.select("wbr"):  # a line-break opportunity, no text
        hint.decompose()
    for inline in clone.select("abbr"):  # inline: its text joins the words around it
        inline.unwrap()
    clone.smooth()
    return norm(clone.get_text(" "))


def row_name(row: Tag) -> str:
    """A table row's name as its header cell shows it: without its permalink and
    the date of its last change."""
    clone = BeautifulSoup(str(row.find("th")), "html.parser")
    for extra in clone.select("small, br"):
        extra.decompose()
    return text_of(clone)


class Failures(list[str]):
    """Collect every failure of a test before asserting, so one run shows them all."""

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.append(message)

    def report(self) -> None:
        assert not self, f"{len(self)} problem(s):\n" + "\n".join(self)


def data_texts(value: Any, skip: tuple[str, ...] = ()) -> Iterator[dict[str, str]]:
    """Every {language: text} of the raw data, but under the keys in `skip`."""
    if isinstance(value, dict):
        if set(value) == set(LANGS) and all(isinstance(v, str) for v in value.values()):
            yield value
        else:
            for key, child in value.items():
                if key not in skip:
                    yield from data_texts(child, skip)
    elif isinstance(value, list):
        for child in value:
            yield from data_texts(child, skip)


def record_texts(value: Any, skip: tuple[str, ...] = ()) -> Iterator[Text]:
    """Every Text of the typed records (a Policy, say), but in fields named in `skip`."""
    if isinstance(value, Text):
        yield value
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in skip:
                yield from record_texts(getattr(value, name), skip)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from record_texts(item, skip)
    elif isinstance(value, dict):
        for item in value.values():
            yield from record_texts(item, skip)


# -- The browser -------------------------------------------------------------------------


class PageLog:
    """Everything a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.console_errors: list[str] = []

    def outside(self, host: str = "127.0.0.1") -> list[str]:
        return [u for u in self.requests if urlparse(u).hostname != host and not u.startswith(("data:", "blob:"))]


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any, within: str | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page shown (or in the
    part of it `within` selects); axe is added to the document once."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "within => axe.run(within ? {include: [within]} : document, {resultTypes: ['violations']})", within
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def open_search(page: Any, server: str, lang: str, start: str = "limits.md") -> None:
    """Open a page of `lang` and turn to its search box, as a reader does: the page
    loads its search index only then (not with the page), once."""
    seen = len(page.zdr_log.requests)
    page.goto(lang_url(server, lang, start), wait_until="networkidle")
    assert not [u for u in page.zdr_log.requests[seen:] if "search_index" in u], "the index loaded with the page"
    with page.expect_response(lambda r: r.url.endswith("search/search_index.json")) as index:
        page.locator("input.md-search__input").click()
    assert index.value.ok


def type_query(page: Any, query: str) -> list[str]:
    """Type `query` into the open search box; return the result URLs in order.

    The box is emptied first and the results seen to go, so what is read after
    typing is the answer to this query, not the one before."""
    box = page.locator("input.md-search__input")
    translations = "JSON.parse(document.getElementById('__config').textContent).translations"
    # Material searches on keyup, when the value changed: fill, then a key press.
    # An empty box is filled first, so emptying it is a change it answers.
    if not box.input_value():
        box.fill("-")
        box.press("End")
    box.fill("")
    box.press("End")
    page.wait_for_function(
        f"""() => document.querySelectorAll('.md-search-result__item').length === 0
               && document.querySelector('.md-search-result__meta').textContent
                  === {translations}['search.result.placeholder']""",
        timeout=15000,
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        f"""() => document.querySelectorAll('.md-search-result__item').length > 0
               || document.querySelector('.md-search-result__meta').textContent
                  === {translations}['search.result.none']""",
        timeout=15000,
    )
    # Page-level rows group the results; the results are the sections (with an anchor).
    links = page.eval_on_selector_all(".md-search-result a.md-search-result__link", "els => els.map(e => e.href)")
    return [u for u in links if urlparse(u).fragment]


def search(page: Any, server: str, lang: str, query: str, start: str = "limits.md") -> list[str]:
    """One query on a freshly opened page of `lang`: the result URLs in order."""
    open_search(page, server, lang, start)
    return type_query(page, query)


def diagram_nodes(page: Any) -> tuple[list[str], list[str]]:
    """Texts and element names inside the rendered diagrams. Material draws
    Mermaid into a closed shadow root, out of reach of selectors; the DevTools
    protocol can pierce it."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    texts: list[str] = []
    elements: list[str] = []
    svgs = 0

    def walk(node: dict[str, Any], in_svg: bool) -> None:
        nonlocal svgs
        name = node.get("nodeName", "").lower()
        if name == "svg":
            svgs += 1
            in_svg = True
        if in_svg and node.get("nodeType") == 1:
            elements.append(name)
        if in_svg and node.get("nodeType") == 3:
            texts.append(node.get("nodeValue", ""))
        for key in ("children", "shadowRoots"):
            for child in node.get(key, []):
                walk(child, in_svg)

    walk(root, False)
    return (texts, elements) if svgs else ([], [])


def diagram_texts(page: Any) -> list[str]:
    return diagram_nodes(page)[0]


def rendered_diagram_text(page: Any) -> str:
    """The diagrams' text once Mermaid (which renders after load, one chart after
    another) has drawn them all: the same in two looks 300 ms apart."""
    seen: list[list[str]] = [[]]

    def settled() -> list[str]:
        texts = diagram_texts(page)
        done = texts if texts and texts == seen[-1] else []
        seen.append(texts)
        if not done:
            page.wait_for_timeout(300)
        return done

    return norm(" ".join(wait_for(settled, "the rendered diagrams", 10)))


# -- The broken-data corpus ------------------------------------------------------------

CORPUS = sorted((Path(__file__).parent / "broken").glob("*/*.yaml"))
ONE_CASE_PER_CLASS = [next(c for c in CORPUS if c.parent == folder) for folder in sorted({c.parent for c in CORPUS})]
"""The first case of each class: for what costs a whole build (or a serve rebuild) a case."""
SITE_CLASS = "site"
"""The corpus class the loader accepts and the site refuses (build.site_problems)."""


@dataclass(frozen=True)
class Case:
    """A broken data file of the corpus (tests/broken/<class>/<name>.yaml).

    Most cases are mutations of the real file, so they stay current as the data
    grows. Keys: `message` (the exact problem after "FILE:LINE: ", or after
    "FILE: " for a problem of the file itself), and one of `edits` (find/replace
    pairs on the real file, each must match exactly once), `content` (the whole
    file), `bytes_prefix` (hex bytes put before the real file), `repeat_to_bytes`
    (the real file padded with comments to this size) or `special` (missing,
    directory, fifo, symlink-loop, dev-zero: something else in the file's place);
    then `line_of` (text of the mutated file whose line the report names) or
    `line`; neither means a problem of the file itself, reported without a line.
    `lines` names more lines by their text, for `{name}` in the message.
    """

    path: Path
    message: str
    line: int | None
    content: bytes | None
    special: str | None

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    def install(self, target: Path) -> None:
        """Put this case where the data file `target` is."""
        remove(target)
        if self.content is not None:
            target.write_bytes(self.content)
        elif self.special == "directory":
            target.mkdir()
        elif self.special == "fifo":
            os.mkfifo(target)
        elif self.special == "symlink-loop":
            target.symlink_to(target.name)
        elif self.special == "dev-zero":
            target.symlink_to("/dev/zero")
        elif self.special != "missing":
            raise AssertionError(f"{self.name}: unknown special {self.special!r}")

    def report(self, file: str) -> str:
        """The one line the loader must print for this case, for a file named `file`."""
        return f"{file}:{self.line}: {self.message}" if self.line else f"{file}: {self.message}"


def remove(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()


def load_case(path: Path) -> Case:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    real = DATA_FILE.read_text(encoding="utf-8")
    content: bytes | None = None
    if "content" in spec:
        content = spec["content"].encode("utf-8")
    elif "bytes_prefix" in spec:
        content = bytes.fromhex(spec["bytes_prefix"]) + real.encode("utf-8")
    elif "repeat_to_bytes" in spec:
        content = (real + "# padding\n" * (spec["repeat_to_bytes"] // 10 + 1)).encode("utf-8")
    elif "edits" in spec:
        text = real
        for edit in spec["edits"]:
            assert text.count(edit["find"]) == 1, f"{path.name}: {edit['find']!r} must occur once in the data"
            text = text.replace(edit["find"], edit["replace"])
        content = text.encode("utf-8")

    def line_of(text: str) -> int:
        assert content is not None, f"{path.name}: a line needs a file content"
        decoded = content.decode("utf-8")
        assert decoded.count(text) == 1, f"{path.name}: {text!r} must occur once"
        return decoded[: decoded.index(text)].count("\n") + 1

    line = line_of(spec["line_of"]) if "line_of" in spec else spec.get("line")
    message = spec["message"].format(**{k: line_of(v) for k, v in spec.get("lines", {}).items()})
    return Case(path, message, line, content, spec.get("special"))


# -- Pages of the source, made from the data (zdr source check) ------------------------
#
# Our own fixtures, never a copy of the source page: every name, verdict and text
# comes from data/zdr.yaml, laid out as the docs lay out their page, in each of the
# three forms a maintainer saves it in.

SOURCE_FORMS = ("markdown", "html", "text")
# The words of the verdict cells, as an edition of each language writes them.
_SAID = {
    "en": {"eligible": "Yes", "qualified": "Yes (qualified)", "not-eligible": "No"},
    "ja": {"eligible": "はい", "qualified": "はい（条件付き）", "not-eligible": "いいえ"},
}
_HEADER = {
    "en": ("Feature", "Endpoint", "ZDR eligible", "HIPAA eligible", "Details"),
    "ja": ("機能", "エンドポイント", "ZDR対象", "HIPAA対象", "詳細"),
}
# The page's group headings (meta.source.headings) that open the table, the limits
# and the FAQ, in each language.
_GROUPS = {
    "en": ("Feature eligibility", "Limitations and exclusions", "Frequently asked questions"),
    "ja": ("製品/機能別のZDR適格性", "追加の制限事項と除外事項", "よくある質問"),
}


@dataclass
class SourceLine:
    """One line of a page made from the data: what it is, and the id it states."""

    kind: str  # title, text, heading, header, row, item, question
    text: str
    ident: str | None = None
    cells: tuple[str, ...] = ()
    level: int = 2


def _name(item: dict[str, Any], lang: str, own: str) -> str:
    names = item.get("source_names", {}).get(lang) or []
    return str(names[0] if names and " + " not in names[0] else item[own][lang])


def source_endpoint(feature: dict[str, Any]) -> str:
    """A row's endpoints as the docs write them: `/v1/messages (with skills) / /v1/skills`."""
    return " / ".join(f"{e['path']} ({e['note']['en']})" if "note" in e else e["path"] for e in feature["endpoints"])


def source_outline(data: dict[str, Any], lang: str, hipaa: dict[str, str] | None = None) -> list[SourceLine]:
    """The source page the data restates, as lines: the edition's title, the
    sections and scope lists the data names (ZDR's and HIPAA's), the feature table
    with its ZDR and HIPAA columns, limits, the FAQ and related resources.
    `hipaa`: id -> a HIPAA verdict word to write instead of the data's."""
    meta = data["meta"]["source"]
    groups = iter(_GROUPS[lang])
    assert set(_GROUPS[lang]) <= set(meta["headings"][lang]), "the group headings are the data's"
    lines = [SourceLine("title", meta["page_title"], level=1), SourceLine("text", data["meta"]["about"][lang])]
    colon = "：" if lang == "ja" else ": "
    for section in [*data["overview"], *data["hipaa"]]:
        if not section.get("source_names", {}).get(lang):
            continue
        lines.append(SourceLine("heading", _name(section, lang, "title"), section["id"]))
        lines += [SourceLine("text", t[lang]) for t in section.get("text", [])]
        for point in section.get("points", []):
            label = _name(point, lang, "label") if point.get("label") else point["text"][lang]
            said = point["text"][lang] if point.get("label") else ""
            lines.append(SourceLine("item", f"{label}{colon}{said}", point["id"]))
        lines += [SourceLine("text", t[lang]) for t in section.get("more", [])]
    lines.append(SourceLine("heading", next(groups)))
    lines.append(SourceLine("header", "", cells=_HEADER[lang]))
    notes = {n["id"]: n["text"][lang] for n in data["eligibility"]["notes"]}
    for f in data["features"]:
        said = [notes[n] for n in dict.fromkeys([*f.get("zdr_notes", []), *f.get("hipaa_notes", [])])]
        cells = (
            _name(f, lang, "name"),
            source_endpoint(f),
            _SAID[lang][f["status"]],
            (hipaa or {}).get(f["id"], _SAID[lang][f["hipaa"]]),
            " ".join([f["details"][lang], *said]),
        )
        lines.append(SourceLine("row", "", f["id"], cells=cells))
    lines.append(SourceLine("heading", next(groups)))
    for section in data["limits"]:
        lines.append(SourceLine("heading", _name(section, lang, "title"), section["id"], level=3))
        lines += [SourceLine("text", t[lang]) for t in section.get("text", [])]
    lines.append(SourceLine("heading", next(groups)))
    for q in data["faq"]:
        lines.append(SourceLine("question", q["question"][lang], q["id"]))
        lines += [SourceLine("text", t[lang]) for t in q["answer"]]
    related = data["related_resources"]
    lines.append(SourceLine("heading", _name(related, lang, "title"), related["id"]))
    lines += [SourceLine("item", _name(i, lang, "text"), i["id"]) for i in related["items"]]
    return lines


_MARKUP = {"No": "no", "いいえ": "no", "Yes (qualified)": "qualified", "はい（条件付き）": "qualified"}


def source_page(lines: list[SourceLine], form: str, lang: str, url: str) -> tuple[str, dict[int, int]]:
    """The page in one form, and where each of `lines` went (its line in the file)."""
    out: list[str] = []
    where: dict[int, int] = {}

    def put(i: int, text: str) -> None:
        where[i] = len(out) + 1
        out.append(text)

    title = next(line.text for line in lines if line.kind == "title")
    if form == "markdown":
        out += ["---", f"title: {title}", f"url: {url}", "---", ""]
        for i, line in enumerate(lines):
            if line.kind == "title":
                put(i, f"# {line.text}")
            elif line.kind == "heading":
                put(i, f"{'#' * line.level} {line.text}")
            elif line.kind == "text":
                put(i, line.text)
            elif line.kind == "item":
                label, sep, rest = line.text.partition("：" if lang == "ja" else ": ")
                put(i, f"- **{label}{sep.strip()}** {rest}" if rest else f"- {line.text}")
            elif line.kind == "header":
                put(i, "| " + " | ".join(line.cells) + " |")
                out.append("|" + "---|" * len(line.cells))
            elif line.kind == "row":
                cells = list(line.cells)
                cells[1] = f"`{cells[1]}`"
                for c in (2, 3):  # the verdict cells, marked up as the docs do
                    cells[c] = f'<Eligible status="{_MARKUP.get(cells[c], "yes")}">{cells[c]}</Eligible>'

                put(i, "| " + " | ".join(cells) + " |")
                continue
            elif line.kind == "question":
                # A title with quotes in it is written as the docs write one.
                put(i, f"<Accordion title={{'{line.text}'}}>" if '"' in line.text else f'<section title="{line.text}">')
            if line.kind != "header":
                out.append("")
        return "\n".join(out) + "\n", where
    if form == "html":
        out += [
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
            f"<title>{html_escape(title)} - Claude Docs</title>",
        ]
        out += [
            f'<link rel="canonical" href="{url}"></head><body>',
            "<nav><ul><li>Docs</li><li>API</li></ul></nav>",
            "<main>",
        ]
        in_table = False
        for i, line in enumerate(lines):
            text = html_escape(line.text)
            if in_table and line.kind != "row":
                out.append("</tbody></table>")
                in_table = False
            if line.kind == "title":
                put(i, f"<h1>{text}</h1>")
            elif line.kind == "heading":
                put(i, f"<h{line.level}>{text}</h{line.level}>")
            elif line.kind == "text":
                put(i, f"<p>{text}</p>")
            elif line.kind == "item":
                put(i, f"<ul><li>{text}</li></ul>")
            elif line.kind == "header":
                put(
                    i,
                    "<table><thead><tr>"
                    + "".join(f"<th>{html_escape(c)}</th>" for c in line.cells)
                    + "</tr></thead><tbody>",
                )
                in_table = True
            elif line.kind == "row":
                put(i, "<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in line.cells) + "</tr>")
            elif line.kind == "question":
                put(i, f"<details><summary>{text}</summary>")
                out.append("</details>")
        out += ["</main>", "<footer><p>Was this page helpful?</p></footer></body></html>"]
        return "\n".join(out) + "\n", where
    # text: the docs' frame around the page, as a browser copies it
    out += [
        "Loading...",
        "    Docs",
        "    API reference",
        "    Search...",
        "",
        "Solutions",
        "",
        "    • AI agents",
        "    • Coding",
        "",
    ]
    for i, line in enumerate(lines):
        if line.kind in ("title", "heading", "question") or line.kind == "text":
            put(i, line.text)
        elif line.kind == "item":
            put(i, f"    • {line.text}")
        elif line.kind in ("header", "row"):
            put(i, "\t".join(line.cells))
            if line.kind == "header" or (i + 1 < len(lines) and lines[i + 1].kind == "row"):
                continue
        out.append("")
    out += ["Was this page helpful?", "", "    • " + title]
    return "\n".join(out) + "\n", where


def html_escape(text: str) -> str:
    import html

    return str(html.escape(text, quote=True))
