"""The generator's structure: languages named once, one outline, fresh state per build."""

from __future__ import annotations

import json
import re

import pytest
from helpers import LANGS, ROOT, copy_project, lang_root, load_site, mkdocs_build, mkdocs_config

from zdrsite import contract, languages, markers, registry
from zdrsite.model import Text
from zdrsite.outline import Entry
from zdrsite.registry import MARKERS, PAGES, Marker, build_site


def test_a_text_refuses_an_unknown_language(policy):
    with pytest.raises(languages.UnknownLanguageError, match="'fr'"):
        policy.meta.site_name("fr")
    with pytest.raises(ValueError, match="exactly the languages"):
        Text({LANGS[0]: "only one"})


def test_languages_of_the_data_schema_are_the_sites(policy):
    """The schema's text shape requires exactly the site's languages."""
    from helpers import SCHEMA_FILE

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    text = schema["$defs"]["text"]
    assert sorted(text["required"]) == sorted(LANGS)
    assert sorted(text["properties"]) == sorted(LANGS)


def test_every_page_of_the_registry_is_a_page_of_the_site_in_every_language():
    """The registry's pages are the docs' pages that carry markers, no more, no fewer."""
    for lang in LANGS:
        marked = {
            p.relative_to(ROOT / "docs" / lang).as_posix()
            for p in (ROOT / "docs" / lang).rglob("*.md")
            if markers.MARKER.search(p.read_text(encoding="utf-8"))
        }
        assert marked == set(PAGES), lang


def test_a_marker_declared_twice_is_refused():
    with pytest.raises(registry.RegistryError, match="'zdr:faq' is declared twice"):
        registry.by_name([*MARKERS, Marker("faq", "index.md", MARKERS[0].render)])


def test_one_line_in_the_registry_puts_a_new_kind_of_entry_on_the_site(policy):
    """A new marker with entries of its own, added to the registry alone, reaches
    the outline (so links and search, which walk it) and the link contract."""

    def extra_entries(policy, page):
        return [
            Entry(page, "extra-thing", "section", Text.same("Extra")),
            Entry(page, "extra-row", "term", Text.same("Row")),
        ]

    extra = Marker("extra", "extra.md", lambda site, lang: "", extra_entries)
    site = build_site(policy, (*MARKERS, extra))
    assert [p.file for p in site.outline.pages][-1] == "extra.md"
    assert site.outline["extra-row"].url() == "extra/#extra-row"
    urls = contract.public_urls(site)
    for lang in LANGS:
        root = "/" + languages.root(lang)
        assert {root + "extra/", root + "extra/#extra-thing", root + "extra/#extra-row"} <= set(urls)
    assert "extra-row" not in build_site(policy).outline


def test_outline_ids_are_unique(policy):
    ids = [e.id for e in build_site(policy).outline.entries()]
    assert len(ids) == len(set(ids))


def test_a_build_with_other_languages_than_the_data_fails_loudly(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # Rename the second language of the i18n plugin.
    other = LANGS[1]
    assert f"locale: {other}" in text
    config.write_text(text.replace(f"locale: {other}", "locale: fr"), encoding="utf-8")
    (project / "docs" / other).rename(project / "docs" / "fr")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert f"plugins.i18n.languages must be {', '.join(LANGS)}" in output, output


def test_state_is_fresh_for_every_build_in_one_process(tmp_path, monkeypatch):
    """As under `mkdocs serve`: one process, two builds, a page and a heading
    removed in between. The second build's search indexes have no trace of them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    hand_written = "maintainers.md"  # headings of its own beside its marker
    heading = "temporary-heading-for-the-test"

    def indexed_locations() -> set[str]:
        found = set()
        for lang in LANGS:
            index = json.loads((lang_root(site, lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
            found |= {d["location"] for d in index["docs"]}
        return found

    # First build: an extra page, and an extra heading on a hand-written page.
    assert f"  - {hand_written}\n" in original
    config.write_text(
        original.replace(f"  - {hand_written}\n", f"  - {hand_written}\n  - extra.md\n"), encoding="utf-8"
    )
    for lang in LANGS:
        (project / "docs" / lang / "extra.md").write_text("# Extra {#extra-page}\n\nText.\n", encoding="utf-8")
        page = project / "docs" / lang / hand_written
        page.write_text(page.read_text(encoding="utf-8") + f"\n## Temporary {{#{heading}}}\n", encoding="utf-8")
    build(load_config(str(config), site_dir=str(site)))
    first = indexed_locations()
    assert "extra/" in first
    assert any(loc.endswith(f"#{heading}") for loc in first)

    # Second build, same process: both gone.
    config.write_text(original, encoding="utf-8")
    for lang in LANGS:
        (project / "docs" / lang / "extra.md").unlink()
        page = project / "docs" / lang / hand_written
        page.write_text(
            page.read_text(encoding="utf-8").replace(f"\n## Temporary {{#{heading}}}\n", ""), encoding="utf-8"
        )
    build(load_config(str(config), site_dir=str(site)))
    second = indexed_locations()
    assert not [loc for loc in second if loc.startswith("extra/") or loc.endswith(f"#{heading}")]


def test_the_template_cache_is_in_memory_and_follows_a_changed_template(tmp_path, monkeypatch):
    """The build keeps compiled templates for the life of its process (both
    languages, every `mkdocs serve` rebuild), in memory only: nothing is written to
    or read from the project. A changed template is compiled afresh."""
    from jinja2 import Environment, FileSystemLoader

    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    import zdr_hooks

    (tmp_path / "t.html").write_text("first", encoding="utf-8")
    cache = zdr_hooks.ProcessBytecodeCache()

    def environment() -> Environment:  # a build's own, as MkDocs makes one per build
        return Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=cache)

    assert environment().get_template("t.html").render() == "first"
    compiled = dict(cache._compiled)
    assert len(compiled) == 1
    assert environment().get_template("t.html").render() == "first"
    assert cache._compiled == compiled  # the second build compiled nothing
    (tmp_path / "t.html").write_text("second", encoding="utf-8")
    assert environment().get_template("t.html").render() == "second"
    # A real build leaves no compiled template in the project.
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (project / ".cache" / "jinja").exists()


def _render_page(config, lang: str, page: str, rendered: dict[str, str]):
    """A page as MkDocs renders it (its own Markdown converter and anchor scan)."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    file = File(f"{lang}/{page}", config.docs_dir, config.site_dir, config.use_directory_urls)
    where = f"docs/{lang}/{page}"
    source = (ROOT / where).read_text(encoding="utf-8")
    mkdocs_page = Page(None, file, config)
    mkdocs_page.markdown = markers.expand(source, page, rendered, "", where)
    mkdocs_page.render(config, Files([file]))
    return mkdocs_page


def test_setting_generated_html_aside_changes_nothing_the_engine_makes():
    """Every page, both languages: the HTML blocks set aside before Markdown and put
    back after give the same page content and the same anchors as when Python-
    Markdown reads them itself."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    failures = []
    for lang in LANGS:
        set_aside = markers.SetAside()
        direct = markers.render_all(load_site(), lang)
        placeholders = markers.render_all(load_site(), lang, set_aside)
        assert set_aside.blocks, "nothing was set aside"
        for page in PAGES:
            plain = _render_page(config, lang, page, direct)
            fast = _render_page(config, lang, page, placeholders)
            content, ids = set_aside.put_back(fast.content or "", page)
            if content != plain.content:
                failures.append(f"{lang}/{page}: content differs")
            if (fast.present_anchor_ids or set()) | ids != plain.present_anchor_ids:
                failures.append(f"{lang}/{page}: anchors differ")
    assert not failures, failures


def test_a_placeholder_that_cannot_be_put_back_fails_the_page():
    set_aside = markers.SetAside()
    markdown = set_aside.take('text\n\n<div id="x">y</div>')
    placeholder = markdown.split("\n")[-1]
    assert placeholder.startswith("zdrhtml")
    assert set_aside.put_back(f"<p>{placeholder}</p>", "p.md") == ('<div id="x">y</div>', {"x"})
    with pytest.raises(markers.MarkerError, match=r"^p\.md: generated HTML could not be put back"):
        set_aside.put_back(f"<p>{placeholder[:-1]}</p>", "p.md")


def test_a_site_url_other_than_the_datas_fails_the_build(tmp_path, policy):
    """The scan's links point at meta.site_url: mkdocs.yml must publish the site there."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert f"site_url: {policy.meta.site_url}\n" in text
    config.write_text(text.replace(policy.meta.site_url, "https://elsewhere.example.internal/"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert f"mkdocs.yml: site_url must be {policy.meta.site_url} (meta.site_url in data/zdr.yaml)" in output


def test_the_package_has_no_import_cycle_not_even_for_types():
    """Every `from .x import` and `from . import x` of the package, type-only ones
    too, read from the source: the graph of modules has no cycle."""
    import ast

    package = ROOT / "src" / "zdrsite"
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module} if node.module else {a.name for a in node.names}
        graph[path.stem] = {m for m in found if (package / f"{m}.py").is_file()}
    assert "registry" in graph["markers"], graph["markers"]  # the walk reads real imports
    cycles = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                cycles.append(" -> ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_checking_the_data_and_zdr_check_load_nothing_of_the_sites_pages(tmp_path):
    """`zdr check` (and the load `zdr scan` starts with) needs no page table."""
    import subprocess
    import sys

    probe = (
        "import sys; from zdrsite import __main__ as m; code = m.main(['check']); "
        "print(code, sorted(n for n in sys.modules if n in ('zdrsite.outline', 'zdrsite.registry', 'zdrsite.render')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_every_link_to_the_repository_is_the_repository_of_mkdocs_yml():
    """The scan page's install commands, the pre-commit example and the README name
    the repository the site's own links (repo_url) point to."""
    repo = mkdocs_config()["repo_url"].rstrip("/")
    host = repo.split("/")[2]
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*/*.md"))]
    found = {
        (path.relative_to(ROOT).as_posix(), url)
        for path in files
        for url in re.findall(rf"https://{re.escape(host)}/[^\s)\"'`>]*", path.read_text(encoding="utf-8"))
    }
    assert any(path.startswith("docs/") for path, _ in found), found
    wrong = sorted((path, url) for path, url in found if url.rstrip("/") != repo and not url.startswith(repo + "/"))
    assert not wrong, wrong
