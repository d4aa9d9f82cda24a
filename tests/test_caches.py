"""Nothing read from a cache runs or reaches a page (issue #24).

The build keeps drawings of the flowcharts in .cache/zdr/diagrams; before that it
kept the compiled schema check (marshal) in .cache/zdr and the theme's compiled
templates (Jinja: pickle and marshal) in .cache/jinja. Anyone who can write
.cache/ (a CI cache restored from another branch) must not be able to run code or
plant markup: a drawing is checked against an allow-list and written anew, a cache
file that is not sound is ignored and drawn anew with one line, and nothing else
is read from .cache/ at all.
"""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest
from helpers import DRAWINGS, ROOT, copy_project, mkdocs_build, parse
from test_diagrams import A, B, drawer, drawn_now, setup  # noqa: F401 (fixtures)

from zdrsite import diagrams

# A drawing as Mermaid writes one, in small: shapes, a stylesheet with a child
# combinator (written as a character reference), a label in a <foreignObject>,
# a link within the site.
SOUND = (
    '<svg id="zdr-chart-1" width="100%" xmlns="http://www.w3.org/2000/svg" class="flowchart" '
    'viewBox="0 0 100 50" role="graphics-document document" aria-roledescription="flowchart-v2">'
    "<style>#zdr-chart-1 .label text&gt;tspan{fill:var(--md-mermaid-label-fg-color);}</style>"
    '<g><marker id="m" viewBox="0 0 10 10" refX="5"><path d="M 0 0 L 10 5 z"></path></marker>'
    '<path d="M 1 1 L 5 5" marker-end="url(#m)" data-edge="true"></path>'
    '<a xlink:href="../faq/#faq-batch"><g class="node"><rect x="0" y="0" width="10" height="10"></rect>'
    '<foreignObject width="150" height="24"><div xmlns="http://www.w3.org/1999/xhtml" '
    'style="display: table-cell; white-space: nowrap;"><span class="nodeLabel"><p>Batch &amp; &lt;files&gt;</p>'
    "</span></div></foreignObject></g></a></g></svg>"
)


def test_a_sound_drawing_is_written_as_the_browser_reads_it():
    """Element and attribute names as HTML's parser gives them (lower case, which
    the browser maps back inside <svg>), text and references kept."""
    checked = diagrams.check_drawing(SOUND)
    assert diagrams.check_drawing(checked) == checked
    assert "<foreignobject " in checked
    assert ' viewbox="0 0 100 50"' in checked
    assert "text&gt;tspan" in checked
    assert "<p>Batch &amp; &lt;files&gt;</p>" in checked
    assert 'xlink:href="../faq/#faq-batch"' in checked


STYLESHEET = "a stylesheet that imports, escapes or holds markup (line 1, column 13)"
EVIL = "https://evil.example/"


@pytest.mark.parametrize(
    ("planted", "message"),
    [
        ('<svg><image href="x" onerror="alert(1)"></image></svg>', "<image> (line 1, column 6)"),
        ('<svg><rect onload="alert(1)"></rect></svg>', "<rect onload> (line 1, column 6)"),
        ("<svg><script>alert(1)</script></svg>", "<script> (line 1, column 6)"),
        (
            '<svg><foreignObject><img src="x" onerror="alert(1)"></foreignObject></svg>',
            "<img> inside a label (line 1, column 21)",
        ),
        (
            '<svg><foreignObject><iframe src="https://example.com/"></iframe></foreignObject></svg>',
            "<iframe> inside a label (line 1, column 21)",
        ),
        (
            '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
            "<a href='javascript:alert(1)'> (line 1, column 6)",
        ),
        (f'<svg><a xlink:href="{EVIL}"></a></svg>', f"<a xlink:href='{EVIL}'> (line 1, column 6)"),
        ('<svg><a href="//evil.example/x"></a></svg>', "<a href='//evil.example/x'> (line 1, column 6)"),
        ('<svg><use href="#a"></use></svg>', "<use> (line 1, column 6)"),
        (f'<svg><rect style="fill:url({EVIL})"></rect></svg>', f"<rect style='fill:url({EVIL})'> (line 1, column 6)"),
        (f"<svg><rect fill=\"url( '{EVIL}')\"></rect></svg>", f"<rect fill=\"url( '{EVIL}')\"> (line 1, column 6)"),
        (f"<svg><style>@import '{EVIL}x.css';</style></svg>", STYLESHEET),
        ("<svg><style>&#64;import 'x.css';</style></svg>", STYLESHEET),
        ("<svg><style>a{background:url(\\68ttps://e.example/)}</style></svg>", STYLESHEET),
        # Inside <svg> a browser parses a stylesheet's tags: this <img> would break out.
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", STYLESHEET),
        ('<svg xmlns="http://evil.example/"></svg>', "<svg xmlns='http://evil.example/'> (line 1, column 1)"),
        ("<svg></svg><script>alert(1)</script>", "<script> outside the one <svg> (line 1, column 12)"),
        ("<div><svg></svg></div>", "<div> outside the one <svg> (line 1, column 1)"),
        ("<svg><!-- --></svg>", "a comment (line 1, column 6)"),
        ("<svg><![CDATA[<script>]]></svg>", "a CDATA section or declaration (line 1, column 6)"),
        ("<svg><g></svg>", "</svg> closes nothing open (line 1, column 9)"),
        ("<svg><g>", "<g> is never closed"),
        ("", "no <svg>"),
        ("text<svg></svg>", "text outside the <svg> (line 1, column 1)"),
        # CSS that loads without url(): image-set() takes a plain string.
        ('<svg><style>a{background:image-set("https://e.example/x.png" 1x)}</style></svg>', STYLESHEET),
        (
            "<svg><rect style=\"background-image:-webkit-image-set('//e.example/x' 1x)\"></rect></svg>",
            "<rect style=\"background-image:-webkit-image-set('//e.example/x' 1x)\"> (line 1, column 6)",
        ),
        # Markup the parser itself gives up on: refused, never an exception of its own.
        ("<svg><![foo[x]]></svg>", "markup the parser cannot read (AssertionError)"),
    ],
)
def test_a_drawing_outside_the_allow_list_is_refused_with_what_it_holds(planted, message):
    with pytest.raises(diagrams.UnsafeDrawingError) as refused:
        diagrams.check_drawing(planted)
    assert str(refused.value) == message


def test_a_drawing_is_written_on_one_line_so_markdown_never_reads_into_it():
    """A blank line in a drawing would end the page's HTML block there, and what
    follows would be read as Markdown (a link to javascript:, an attribute list
    with a handler, an image from elsewhere): a drawing is written without a line
    break, in its text, its attributes and its stylesheet."""
    planted = (
        '<svg viewBox="0 0 100 50"><g class="node"><text><tspan>A</tspan>\n\n'
        '[click](javascript:alert(1))\n{: onmouseover="alert(1)" }\n\n![x](https://e.example/t.png)\n\n'
        '<tspan class="a\n\nb"></tspan></text></g><style>a{fill:red}\n\n&#10;&#10;b{fill:blue}</style></svg>'
    )
    checked = diagrams.check_drawing(planted)
    assert "\n" not in checked
    assert "\r" not in checked
    assert diagrams.check_drawing(checked) == checked
    # As the page's Markdown holds it: one block, set aside whole.
    from zdrsite.markers import SetAside

    aside = SetAside()
    held = aside.take(f"Before.\n\n{diagrams.placed(checked)}\n\nAfter.")
    assert held == f"Before.\n\n{aside.word}0\n\nAfter."


def test_a_cache_folder_that_is_a_link_is_not_used_and_nothing_elsewhere_goes(setup, drawn_now, tmp_path):  # noqa: F811
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "README.md").write_text("keep me", encoding="utf-8")
    setup["cache"].symlink_to(elsewhere, target_is_directory=True)
    done = drawer(setup).draw([A])
    assert A in done.svg
    assert done.notes == [f"{setup['cache']}: is a link, not a folder: not used"]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["README.md"]


def test_a_stale_drawing_goes_but_nothing_else_in_the_folder(setup, drawn_now):  # noqa: F811
    drawer(setup).draw([A])
    stale = _cache_file(setup["cache"])
    (setup["cache"] / "notes.txt").write_text("someone's", encoding="utf-8")
    drawer(setup).draw([B])  # A is no longer drawn: its drawing goes
    assert not stale.exists()
    assert (setup["cache"] / "notes.txt").read_text(encoding="utf-8") == "someone's"


def _cache_file(cache: Path, suffix: str = ".svg") -> Path:
    [found] = cache.glob(f"*{suffix}")
    return found


def tamper(kind: str, path: Path) -> None:
    """The cache file at `path` made into something else than a sound drawing."""
    sound = path.read_text(encoding="utf-8")
    if kind in ("a pipe", "a link to /dev/zero", "a link to a sound drawing", "a folder"):
        path.unlink()
    if kind == "a handler":
        path.write_text('<svg><image href="x" onerror="alert(1)"></image></svg>', encoding="utf-8")
    elif kind == "not UTF-8":
        path.write_bytes(b"<svg>\xff\xfe</svg>")
    elif kind == "a pipe":
        os.mkfifo(path)
    elif kind == "a link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "a link to a sound drawing":
        (path.parent / "elsewhere.txt").write_text(sound, encoding="utf-8")
        path.symlink_to(path.parent / "elsewhere.txt")
    elif kind == "a folder":
        path.mkdir()
    elif kind == "too large":
        path.write_text("<svg>" + " " * diagrams.MAX_DRAWING + "</svg>", encoding="utf-8")
    else:
        assert kind == "not as written"
        path.write_text(sound.replace("<svg ", "<svg  "), encoding="utf-8")


NOTES = {
    "a handler": "holds <image> (line 1, column 6): ignored, drawn anew",
    "not UTF-8": "is not UTF-8: ignored, drawn anew",
    "a pipe": "is not a regular file: ignored, drawn anew",
    "a link to /dev/zero": "is not a regular file: ignored, drawn anew",
    "a link to a sound drawing": "is not a regular file: ignored, drawn anew",
    "a folder": "is not a regular file: ignored, drawn anew",
    "too large": f"is over {diagrams.MAX_DRAWING:,} bytes: ignored, drawn anew",
    "not as written": "is not a drawing as this build writes it: ignored, drawn anew",
}


@pytest.mark.parametrize("kind", sorted(NOTES))
def test_a_tampered_cache_file_is_ignored_drawn_anew_and_said_in_one_line(setup, drawn_now, kind):  # noqa: F811
    first = drawer(setup).draw([A])
    path = _cache_file(setup["cache"])
    tamper(kind, path)
    again = drawer(setup).draw([A])
    assert again.svg == first.svg  # the drawing itself, as drawn
    assert len(drawn_now) == 2  # drawn anew
    notes = [n for n in again.notes if path.name in n]
    assert notes[0] == f"{path}: {NOTES[kind]}", again.notes
    if kind == "a folder":  # it cannot be replaced: said so, and left
        assert notes[1:] == [f"{path}: cannot be written (Is a directory): not kept"]
    else:  # replaced by a sound drawing: the next build draws nothing
        assert len(notes) == 1, again.notes
        assert path.is_file()
        assert not path.is_symlink()
        assert drawer(setup).draw([A]).notes == []
        assert len(drawn_now) == 2


def test_a_cache_folder_that_is_a_file_is_one_line_and_the_drawings_are_made(setup, drawn_now):  # noqa: F811
    setup["cache"].write_text("not a folder", encoding="utf-8")
    done = drawer(setup).draw([A, B])
    assert set(done.svg) == {A, B}
    assert done.notes == [f"{setup['cache']}: cannot be read as a folder (Not a directory): not used"]
    assert setup["cache"].read_text(encoding="utf-8") == "not a folder"


def test_a_refused_note_with_control_characters_is_not_read_back(setup, drawn_now):  # noqa: F811
    drawer(setup).draw([A])
    path = _cache_file(setup["cache"])
    key = path.name.removesuffix(".svg")
    path.unlink()
    planted = setup["cache"] / f"{key}.refused"
    planted.write_text("too big\x1b]0;owned\x07\nsecond line", encoding="utf-8")
    done = drawer(setup).draw([A])
    assert A in done.svg
    assert A not in done.refused
    assert done.notes == [f"{planted}: is not one line of text: ignored, drawn anew"]


def test_a_cache_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9\x1b[2J"))
    note = diagrams._cache_note(folder, "is not a regular file")
    assert note == f"{tmp_path}/caf\\xe9?[2J: is not a regular file: ignored, drawn anew"


def _jinja_trap(templates: list[Path], cache: Path, marker: Path) -> None:
    """A file in Jinja's bytecode cache for every theme template, as its
    FileSystemBytecodeCache names them, each a pickle that creates `marker`."""
    from jinja2.bccache import BytecodeCache, bc_magic

    class Trap:
        def __reduce__(self):  # what pickle.load calls: Path(marker).touch()
            return (Path.touch, (marker,))

    cache.mkdir(parents=True, exist_ok=True)
    payload = bc_magic + pickle.dumps(Trap(), protocol=2)
    for folder in templates:
        for file in folder.rglob("*.html"):
            name = file.relative_to(folder).as_posix()
            key = BytecodeCache().get_cache_key(name, os.path.normpath(file))
            (cache / f"__jinja2_{key}.cache").write_bytes(payload)


def test_a_build_runs_nothing_and_plants_nothing_from_a_tampered_cache(tmp_path):
    """One build over every kind of tampered cache: Jinja's bytecode files that
    would run code, the old compiled schema check, a drawing with a handler. The
    build succeeds, runs none of it, the page holds no planted markup, and the
    build says, in one line, which drawing it drew anew."""
    import importlib.util

    from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, TemplateError

    project = copy_project(tmp_path / "project")
    marker = tmp_path / "ran"
    theme = Path(importlib.util.find_spec("material").submodule_search_locations[0]) / "templates"
    templates = [project / "overrides", theme]
    _jinja_trap(templates, project / ".cache" / "jinja", marker)
    # The trap is live: Jinja's own file cache runs it.
    trap_env = Environment(
        loader=FileSystemLoader([str(t) for t in templates]),
        bytecode_cache=FileSystemBytecodeCache(str(project / ".cache" / "jinja")),
    )
    with pytest.raises(TemplateError):  # it has no MkDocs filters: the cache was read first
        trap_env.get_template("main.html")
    assert marker.exists()
    marker.unlink()
    # The old compiled schema check (marshal), replaced by code.
    planted = compile(f"open({str(marker)!r}, 'w').close()\nCHECK = lambda data: None\n", "<planted>", "exec")
    import hashlib
    import marshal
    import sys

    import fastjsonschema

    # Named as the old validator named it (a hash of the schema and the versions).
    schema_text = (project / "data" / "zdr.schema.json").read_text(encoding="utf-8")
    parts = (schema_text, fastjsonschema.VERSION, sys.version, "zdr-validator-1")
    old_key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    (project / ".cache" / "zdr" / f"schema-{old_key}.marshal").write_bytes(marshal.dumps(planted))
    # A drawing with a handler, in place of one the build will look for.
    site = tmp_path / "site"
    if not list((project / DRAWINGS).glob("*.svg")):  # a fresh clone: draw them once
        assert mkdocs_build(project, site).returncode == 0
    drawing = sorted((project / DRAWINGS).glob("*.svg"))[0]
    drawing.write_text('<svg><image href="x" onerror="alert(1)"></image></svg>', encoding="utf-8")

    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    lines = [line for line in result.stderr.splitlines() if drawing.name in line]
    assert len(lines) == 1, result.stderr
    assert re.search(rf"zdr: \S*{drawing.name}: holds <image> \(line 1, column 6\): ignored, drawn anew$", lines[0])
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "onerror" not in text, page
    flowchart = parse(site / "flowchart" / "index.html")
    assert len(flowchart.select(".zdr-diagram")) == len(list((project / DRAWINGS).glob("*.svg"))) // 2
    assert project != ROOT
