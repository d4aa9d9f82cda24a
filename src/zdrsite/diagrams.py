"""Flowcharts drawn when the site is built, so the reader's browser loads no Mermaid.

Mermaid runs in a headless Chromium on the build machine, in a page with the
site's own stylesheets, set up as the theme sets it up in the reader's browser
(the theme's Mermaid stylesheet, whose colours are CSS variables: one drawing
serves the light and the dark scheme). Each chart becomes an SVG in the page,
inside a shadow root declared in the HTML, as the theme draws it in the reader's
browser; a flowchart page then weighs about a third of what it does with Mermaid.

A drawing is cached on disk under a hash of everything it depends on: the chart,
its language, Mermaid's files, the stylesheets, the theme's Mermaid stylesheet,
this module's drawing page, the browser binary and the fonts installed. A change
to any of them draws again; nothing needs clearing by hand.

Nothing read from the cache runs or reaches a page unchecked: a drawing is parsed
and written anew from an allow-list of elements and attributes (check_drawing),
fresh from Mermaid or read back; a cache file that is not a regular file, cannot be
read or fails the check is ignored and drawn anew, and the build says so in a line.

Without Chromium (or Playwright) to draw with, and for a chart over Mermaid's
size limits, the chart stays Mermaid source and the reader's browser draws it
(the page then loads Mermaid's modules from the site).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Bump when the way a drawing is made or placed changes (part of every cache key).
FORMAT = "7"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts", "/Library/Fonts")
# The browser on the build machine: $ZDR_CHROMIUM (empty: draw nothing), else the first found.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Only the drawing page's own made-up host is answered; any other request is refused.
ORIGIN = "http://zdr-draw.invalid/"
# Flags for a closed network: without the background-networking ones Chromium
# tries to reach Google's hosts at every start.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# The drawing page: the site's stylesheets, the body as the theme writes it (its
# fonts and sizes are what Mermaid measures labels with), Mermaid as a module.
_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">{links}</head>
<body data-md-color-scheme="default"><article class="md-content__inner md-typeset"></article>
<script type="module">import mermaid from "./mermaid/{entry}"; window.mermaid = mermaid;</script>
</body></html>
"""
# As the theme sets Mermaid up (Material's mermaid component: startOnLoad off, its
# stylesheet, and 16 px sequence-diagram texts).
_DRAW = """async ([themeCSS, charts]) => {
  mermaid.initialize({
    startOnLoad: false,
    themeCSS,
    sequence: { actorFontSize: "16px", messageFontSize: "16px", noteFontSize: "16px" },
  });
  // Mermaid draws an error picture for a chart over its size limit: say so instead.
  const limit = mermaid.mermaidAPI.getConfig().maxTextSize;
  const drawn = [];
  for (const [id, lang, source] of charts) {
    document.documentElement.lang = lang;
    if (source.length > limit) {
      drawn.push({ refused: `the chart is longer than Mermaid's limit (maxTextSize ${limit})` });
      continue;
    }
    try {
      drawn.push({ svg: (await mermaid.render(id, source)).svg });
    } catch (error) {
      drawn.push({ refused: String(error?.message ?? error).split("\\n")[0] });
    }
  }
  return drawn;
}"""
FENCE = re.compile(r"^```mermaid\n(.*?)\n```$", re.S | re.M)
# Geometry attributes, whose numbers Mermaid writes to 15 digits: those are cut to
# two decimals, a hundredth of a pixel. (Labels are text, never touched.)
_GEOMETRY = re.compile(r'\s(d|transform|points|x|y|width|height|viewBox|style)="([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d\d+")
# Each edge's points again, for scripts that animate edges (none here).
_EDGE_POINTS = re.compile(r'\sdata-points="[^"]*"')


def lighter(svg: str) -> str:
    """A drawing without what a static page never uses: 15-digit coordinates and
    the edges' points kept for scripts."""

    def rounded(match: re.Match[str]) -> str:
        return f' {match.group(1)}="{_LONG_DECIMAL.sub(lambda d: d.group(1), match.group(2))}"'

    return _GEOMETRY.sub(rounded, _EDGE_POINTS.sub("", svg))


class DrawingError(Exception):
    """The browser could not draw; str() says why."""


class UnsafeDrawingError(ValueError):
    """A drawing holds something outside the allow-list; str() says what."""


# What a drawing may hold: Mermaid's flowcharts are SVG shapes, text, a stylesheet
# and links within the site; each label is HTML (a div, span and p of text) in a
# <foreignObject>, which may hold nothing else. No script, no handler, no image,
# no <use>, nothing that loads or runs anything.
_SVG_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "marker",
        "style",
        "title",
        "desc",
        "a",
        "filter",
        "fedropshadow",
        "foreignobject",
    ]
)
_LABEL_ELEMENTS = frozenset({"div", "span", "p"})
_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "style",
        "d",
        "transform",
        "points",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "width",
        "height",
        "viewbox",
        "role",
        "aria-roledescription",
        "aria-labelledby",
        "aria-describedby",
        "marker-end",
        "marker-start",
        "markerwidth",
        "markerheight",
        "markerunits",
        "refx",
        "refy",
        "orient",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "dx",
        "dy",
        "font-size",
        "font-weight",
        "font-style",
        "font-family",
        "stddeviation",
        "flood-color",
        "flood-opacity",
        "xmlns",
        "xmlns:xlink",
    ]
)
_DATA_ATTRIBUTE = re.compile(r"data-[a-z0-9-]+")
_NAMESPACES = {
    "xmlns": {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"},
    "xmlns:xlink": {"http://www.w3.org/1999/xlink"},
}
# A link stays on the site: a path or a fragment, no scheme (javascript:, data:,
# https:), no other host (//host), no white space or control character.
_SITE_LINK = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//)[^\s\x00-\x1f\x7f\\]*")
# In a value or the stylesheet: a reference to anything but the drawing itself
# (url(#id) is a marker's or a filter's), an import, an escape that could spell one.
# Besides url() (but to the drawing's own #id), CSS loads through image-set(), image(),
# cross-fade(), src() and @font-face; an escape could spell any of them.
_REACHES_OUT = re.compile(
    r"url\(\s*(?![\s'\"]*#)|(?:-webkit-)?image-set\s*\(|\bimage\s*\(|cross-fade\s*\(|\bsrc\s*\(|element\s*\("
    r"|@import|@font-face|\\|expression\s*\(|javascript:",
    re.I,
)
# No line break in a drawing as written: a page's Markdown must keep it one block
# (a blank line would end it there, and what follows would be read as Markdown).
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_CACHE_FILE = re.compile(r"[0-9a-f]{64}\.(?:svg|refused)(?:\.part)?")
MAX_DRAWING = 2_000_000
"""Bytes: the largest drawing read back from the cache (each of ours is < 150 KB)."""


class _DrawingWriter(HTMLParser):
    """Parses a drawing as the reader's browser will (HTML's parser) and writes it
    anew from what the allow-list names, or raises UnsafeDrawingError."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def _refuse(self, what: str) -> None:
        line, column = self.getpos()
        raise UnsafeDrawingError(f"{what} (line {line}, column {column + 1})")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        self.handle_endtag(tag)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.open and (tag != "svg" or self.out):
            self._refuse(f"<{tag}> outside the one <svg>")
        in_label = "foreignobject" in self.open
        allowed = _LABEL_ELEMENTS if in_label else _SVG_ELEMENTS
        if tag not in allowed:
            self._refuse(f"<{tag}>" + (" inside a label" if in_label else ""))
        written = [tag]
        for name, value in attrs:
            value = value or ""
            if name == "xlink:href" or name == "href":
                if tag != "a" or not _SITE_LINK.fullmatch(value):
                    self._refuse(f"<{tag} {name}={value[:60]!r}>")
            elif name in _NAMESPACES:
                if value not in _NAMESPACES[name]:
                    self._refuse(f"<{tag} {name}={value[:60]!r}>")
            elif name not in _ATTRIBUTES and not _DATA_ATTRIBUTE.fullmatch(name):
                self._refuse(f"<{tag} {name}>")
            if _REACHES_OUT.search(value) or "<" in value:
                self._refuse(f"<{tag} {name}={value[:60]!r}>")
            written.append(f'{name}="{_LINE_BREAKS.sub("&#10;", html.escape(value))}"')
        self.out.append(f"<{' '.join(written)}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self._refuse(f"</{tag}> closes nothing open")
        self.open.pop()
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.open:
            if data.strip():
                self._refuse("text outside the <svg>")
            return
        if self.open[-1] == "style":
            # Inside <svg> a browser reads a stylesheet's character references (HTML's
            # parser reads only an HTML <style> as raw text, as this one does): the
            # stylesheet is checked as the browser will read it, and written so.
            css = html.unescape(data)
            if "<" in css or _REACHES_OUT.search(css):
                self._refuse("a stylesheet that imports, escapes or holds markup")
            self.out.append(_LINE_BREAKS.sub(" ", html.escape(css, quote=False)))
        else:
            self.out.append(_LINE_BREAKS.sub("&#10;", html.escape(data, quote=False)))

    def handle_comment(self, data: str) -> None:
        self._refuse("a comment")

    def handle_decl(self, decl: str) -> None:
        self._refuse("a declaration")

    def unknown_decl(self, data: str) -> None:
        self._refuse("a CDATA section or declaration")

    def handle_pi(self, data: str) -> None:
        self._refuse("a processing instruction")


def check_drawing(svg: str) -> str:
    """The drawing written anew from the allow-list (what reaches the page), or
    UnsafeDrawingError naming the first thing it holds outside it."""
    writer = _DrawingWriter()
    try:
        writer.feed(svg)
        writer.close()
    except UnsafeDrawingError:
        raise
    except Exception as err:  # the parser's own (`<![foo[`): never a reason to stop
        raise UnsafeDrawingError(f"markup the parser cannot read ({type(err).__name__})") from None
    if writer.open or not writer.out:
        raise UnsafeDrawingError(f"<{writer.open[-1]}> is never closed" if writer.open else "no <svg>")
    return "".join(writer.out)


@dataclass
class Drawings:
    svg: dict[Chart, str] = field(default_factory=dict)
    """Each chart drawn (checked: check_drawing)."""
    refused: dict[Chart, str] = field(default_factory=dict)
    """Each chart Mermaid would not draw (over its limits), and why: the reader's
    browser gets its source, and Mermaid's own message there."""
    notes: list[str] = field(default_factory=list)
    """One line for each cache file ignored, and for a cache that could not be kept."""


@dataclass(frozen=True)
class Chart:
    """A Mermaid chart of a page, and the id of its drawing (the same in every
    language, as all ids of the site are)."""

    lang: str
    source: str
    id: str = "zdr-chart"


def find_browser() -> Path | None:
    if "ZDR_CHROMIUM" in os.environ:
        named = os.environ["ZDR_CHROMIUM"]
        return Path(named) if named else None
    found = next((p for name in BROWSERS if (p := shutil.which(name))), None)
    return Path(found) if found else None


def _fonts() -> list[str]:
    """The font files the browser can use (their names and sizes)."""
    found = []
    for folder in FONT_DIRS:
        for root, _, files in os.walk(Path(folder).expanduser()):
            found += [f"{root}/{name}:{os.path.getsize(os.path.join(root, name))}" for name in files]
    return sorted(found)


@dataclass(frozen=True)
class Drawer:
    """Draws charts with Mermaid (`mermaid`: its dist folder) in `browser`, caching
    each drawing in `cache`. `stylesheets` are the page's, in page order; `theme_css`
    the theme's stylesheet for Mermaid."""

    mermaid: Path
    entry: str
    stylesheets: Sequence[Path]
    theme_css: str
    browser: Path
    cache: Path

    @classmethod
    def for_theme(
        cls,
        theme_dirs: Sequence[str | Path],
        *,
        palette: bool,
        extra_css: Sequence[Path],
        mermaid: Path,
        entry: str,
        browser: Path,
        cache: Path,
    ) -> Drawer:
        """A Drawer set up as Material draws in a reader's browser: its stylesheets
        (the palette's when the site has one), then `extra_css`, and its Mermaid
        stylesheet read from its script bundle. Raises DrawingError."""

        def theme_file(pattern: str) -> Path:
            found = [path for folder in theme_dirs for path in sorted(Path(folder).glob(pattern))]
            if not found:
                raise DrawingError(f"the theme has no {pattern} (theme changed?)")
            return found[0]

        sheets = [theme_file("assets/stylesheets/main.*.min.css")]
        if palette:
            sheets.append(theme_file("assets/stylesheets/palette.*.min.css"))
        bundle = theme_file("assets/javascripts/bundle.*.min.js").read_text(encoding="utf-8")
        return cls(
            mermaid=mermaid,
            entry=entry,
            stylesheets=[*sheets, *extra_css],
            theme_css=theme_css_from_bundle(bundle),
            browser=browser,
            cache=cache,
        )

    def _setup_key(self) -> bytes:
        """A hash of everything every drawing depends on, but the chart."""
        entry = self.mermaid / self.entry
        if not entry.is_file():
            raise DrawingError(f"{entry} is missing: run scripts/setup (it runs `npm ci`)")
        key = hashlib.sha256(f"{FORMAT}\0{_PAGE}\0{_DRAW}\0{self.theme_css}\0".encode())
        key.update((self.mermaid.parent / "package.json").read_bytes())
        for sheet in self.stylesheets:
            key.update(sheet.read_bytes())
        real = self.browser.resolve()
        if not real.is_file():
            raise DrawingError(f"{self.browser}: no such browser")
        status = real.stat()
        key.update(f"{real}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        key.update("\n".join(_fonts()).encode())
        return key.digest()

    def draw(self, charts: Iterable[Chart]) -> Drawings:
        """Each chart's drawing, from the cache or drawn now (all new ones in one
        browser session), or why Mermaid would not draw it. A cache file that is
        not sound is ignored and drawn anew, with a note; the cache is never a
        reason to stop. Raises DrawingError (the browser, or a drawing of Mermaid's
        outside the allow-list)."""
        setup = self._setup_key()
        keys = {}
        for chart in charts:
            keys[chart] = hashlib.sha256(setup + f"{chart.id}\0{chart.lang}\0{chart.source}".encode()).hexdigest()
        done = Drawings()
        missing = []
        listed = self._listed(done.notes)
        for chart, key in keys.items():
            for suffix, into in ((".svg", done.svg), (".refused", done.refused)):
                if listed is None or f"{key}{suffix}" not in listed:
                    continue
                text = self._cached(self.cache / f"{key}{suffix}", suffix, done.notes)
                if text is not None:
                    into[chart] = text
                    break
            else:
                missing.append(chart)
        if missing:
            new = self._draw_now(missing)
            for chart, (svg, refused) in zip(missing, new, strict=True):
                if svg is not None:
                    try:
                        done.svg[chart] = check_drawing(svg)
                    except UnsafeDrawingError as err:
                        raise DrawingError(
                            f"Mermaid's drawing of {chart.id} ({chart.lang}) holds {err}, outside the allow-list "
                            "of diagrams.py (Mermaid changed?)"
                        ) from None
                else:
                    done.refused[chart] = _one_line(refused or "")
            if listed is not None:
                self._keep(keys, missing, done)
        return done

    def _listed(self, notes: list[str]) -> set[str] | None:
        """The names in the cache folder (none yet: empty), or None, with one note,
        where it cannot be read as a folder or is a link (to a folder elsewhere,
        whose files the cache would replace)."""
        try:
            if stat.S_ISLNK(os.lstat(self.cache).st_mode):
                notes.append(_cache_note(self.cache, "is a link, not a folder", "not used"))
                return None
            with os.scandir(self.cache) as entries:
                return {entry.name for entry in entries}
        except FileNotFoundError:
            return set()
        except OSError as err:
            notes.append(_cache_note(self.cache, f"cannot be read as a folder ({err.strerror})", "not used"))
            return None

    def _cached(self, path: Path, suffix: str, notes: list[str]) -> str | None:
        """A cache file's sound content, or None (with a note if it is there but
        not sound). Never follows a link, never blocks on a pipe or a device, and
        never reads more than MAX_DRAWING bytes."""
        try:
            status = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as err:
            notes.append(_cache_note(path, f"cannot be read ({err.strerror})"))
            return None
        if not stat.S_ISREG(status.st_mode):
            notes.append(_cache_note(path, "is not a regular file"))
            return None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    notes.append(_cache_note(path, "is not a regular file"))
                    return None
                data = file.read(MAX_DRAWING + 1)
        except OSError as err:
            notes.append(_cache_note(path, f"cannot be read ({err.strerror})"))
            return None
        if len(data) > MAX_DRAWING:
            notes.append(_cache_note(path, f"is over {MAX_DRAWING:,} bytes"))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            notes.append(_cache_note(path, "is not UTF-8"))
            return None
        if suffix == ".refused":
            if text != _one_line(text) or not text:
                notes.append(_cache_note(path, "is not one line of text"))
                return None
            return text
        try:
            checked = check_drawing(text)
        except UnsafeDrawingError as err:
            notes.append(_cache_note(path, f"holds {err}"))
            return None
        if checked != text:  # every drawing is kept as written by check_drawing
            notes.append(_cache_note(path, "is not a drawing as this build writes it"))
            return None
        return text

    def _keep(self, keys: Mapping[Chart, str], drawn: Sequence[Chart], done: Drawings) -> None:
        """The new drawings into the cache; files of charts no longer drawn out of
        it (a miss means something changed). A cache that cannot be kept is a
        note: the drawings are in this build all the same."""
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            # Only the cache's own files go (a drawing, a refusal, a part written),
            # whatever else someone put there stays.
            old = [
                entry
                for entry in self.cache.iterdir()
                if _CACHE_FILE.fullmatch(entry.name) and entry.name.split(".")[0] not in keys.values()
            ]
        except OSError as err:
            done.notes.append(_cache_note(self.cache, f"cannot be used as a folder ({err.strerror})", "nothing kept"))
            return
        for entry in old:
            try:
                entry.unlink()
            except OSError as err:
                done.notes.append(_cache_note(entry, f"cannot be removed ({err.strerror})", "left as it is"))
        for chart in drawn:
            svg = done.svg.get(chart)
            suffix, text = (".svg", svg) if svg is not None else (".refused", done.refused[chart])
            final = self.cache / f"{keys[chart]}{suffix}"
            part = self.cache / f"{keys[chart]}{suffix}.part"
            try:
                part.unlink(missing_ok=True)
                # Written beside and renamed into place: a reader never sees half a file.
                with open(part, "x", encoding="utf-8") as out:
                    out.write(text)
                part.replace(final)
            except OSError as err:
                done.notes.append(_cache_note(final, f"cannot be written ({err.strerror})", "not kept"))
                if not isinstance(err, IsADirectoryError):  # the folder itself: one line for all
                    return

    def _draw_now(self, charts: list[Chart]) -> list[tuple[str | None, str | None]]:
        """(SVG, None) for each chart drawn, (None, Mermaid's reason) for each refused."""
        from playwright.sync_api import Error, Route, sync_playwright

        files = {f"s{i}.css": sheet for i, sheet in enumerate(self.stylesheets)}
        links = "".join(f'<link rel="stylesheet" href="{name}">' for name in files)
        page_html = _PAGE.format(links=links, entry=self.entry)

        def answer(route: Route) -> None:
            url = route.request.url
            path = url[len(ORIGIN) :] if url.startswith(ORIGIN) else None
            if path == "":
                route.fulfill(body=page_html, content_type="text/html")
            elif path in files:
                route.fulfill(path=files[path], content_type="text/css")
            elif path is not None and path.startswith("mermaid/") and ".." not in path:
                route.fulfill(path=self.mermaid / path.removeprefix("mermaid/"), content_type="text/javascript")
            else:
                route.abort()

        problems: list[str] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(self.browser), args=list(CHROMIUM_ARGS))
                try:
                    page = browser.new_page()
                    page.on("pageerror", lambda err: problems.append(str(err)))
                    page.route("**/*", answer)
                    page.goto(ORIGIN)
                    page.wait_for_function("() => window.mermaid !== undefined", timeout=30_000)
                    charts_arg = [[c.id, c.lang, c.source] for c in charts]
                    results = page.evaluate(_DRAW, [self.theme_css, charts_arg])
                finally:
                    browser.close()
        except Error as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise DrawingError(f"{self.browser}: {first}{'; ' + problems[0] if problems else ''}") from None
        return [(lighter(r["svg"]), None) if "svg" in r else (None, str(r["refused"])) for r in results]


def _one_line(text: str) -> str:
    """Text for a line of the build's output: its first line, no control character."""
    first = text.strip().split("\n", 1)[0] if text.strip() else ""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", first)[:300]


def _cache_note(path: Path, problem: str, then: str = "ignored, drawn anew") -> str:
    """One line of the build's output about a cache file (its name made printable)."""
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    return f"{_one_line(shown)}: {problem}: {then}"


# A drawing shrinks to fit the column down to 12 px labels (Mermaid's are 16 px);
# narrower than that, it keeps that size and scrolls sideways in its box.
SMALLEST_LABEL_SCALE = 12 / 16
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SVG_STYLE = re.compile(r'\sstyle="[^"]*"')
_VIEWBOX = re.compile(r'\sviewBox="(-?[\d.]+) -?[\d.]+ ([\d.]+) [\d.]+"', re.I)
_FIRST_NODE = re.compile(r'<g class="node\b[^"]*"[^>]*?\stransform="translate\((-?[\d.]+),')


def placed(svg: str) -> str:
    """A drawing as page HTML: in a closed shadow root, as the theme places it, so
    the page's styles reach the drawing only through inherited properties. The
    box notes where the first node stands across the drawing (0 to 1), so a box
    narrower than the drawing can start scrolled to it (assets/zdr-diagrams.js)."""
    tag = _SVG_TAG.match(svg)
    box = _VIEWBOX.search(tag.group(0)) if tag else None
    if tag is None or box is None:
        raise DrawingError("Mermaid's drawing has no <svg> with a viewBox (Mermaid changed?)")
    left, width = float(box.group(1)), float(box.group(2))
    smallest = math.ceil(width * SMALLEST_LABEL_SCALE)
    size = f"width:100%;height:auto;max-width:{math.ceil(width)}px;min-width:{smallest}px"
    # In place of Mermaid's own sizing (a max-width, when a chart asks for it).
    svg = _SVG_STYLE.sub("", tag.group(0), count=1).replace("<svg ", f'<svg style="{size}" ', 1) + svg[tag.end() :]
    first = _FIRST_NODE.search(svg)
    start = f' data-start="{(float(first.group(1)) - left) / width:.3f}"' if first else ""
    return f'<div class="zdr-diagram"{start}><template shadowrootmode="closed">{svg}</template></div>'


def put_drawings(markdown: str, lang: str, drawn: Mapping[Chart, str]) -> str:
    """`markdown` with each Mermaid block that has a drawing replaced by it."""
    if "```mermaid" not in markdown:
        return markdown

    charts = iter(page_charts(lang, [m.group(1) for m in FENCE.finditer(markdown)]))

    def swap(match: re.Match[str]) -> str:
        svg = drawn.get(next(charts))
        return placed(svg) if svg is not None else match.group(0)

    return FENCE.sub(swap, markdown)


def page_charts(lang: str, sources: Sequence[str]) -> list[Chart]:
    """The charts of a page, in order, each with its id."""
    return [Chart(lang, source, f"zdr-chart-{i}") for i, source in enumerate(sources, 1)]


def theme_css_from_bundle(bundle: str) -> str:
    """The theme's Mermaid stylesheet, as its script bundle holds it (a string
    literal that starts with the rule for flowchart nodes)."""
    match = re.search(r'"(\.node circle,[^"\\]*(?:\\.[^"\\]*)*)"', bundle)
    if match is None:
        raise DrawingError("the theme's script bundle holds no Mermaid stylesheet (theme changed?)")
    css: str = json.loads(f'"{match.group(1)}"')
    return css
