"""Build and page-weight benchmark of the ZDR site. Prints one Markdown table.

Not a test: every number is a ratio of timings taken in the same run (medians of
several runs), so the machine's speed cancels out.

    scripts/benchmark            # full run (a few minutes)
    scripts/benchmark --quick    # fewer runs, for a smoke check
    scripts/benchmark --profile  # also print the top of a cProfile of one 100x build
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from project import CHROMIUM, CHROMIUM_ARGS, DRAWINGS, ROOT, copy_project, read_data, serve

from zdrsite import languages, loader
from zdrsite.outline import page_url
from zdrsite.registry import PAGES

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", ZDR_CHROMIUM=CHROMIUM)
BUILD = """
import sys, time
from mkdocs.config import load_config
from mkdocs.commands.build import build
for _ in range(int(sys.argv[3])):  # untimed builds first: a warm process
    build(load_config(sys.argv[1], site_dir=sys.argv[2]))
start = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print(time.perf_counter() - start)
"""


def seconds(script: str, project: Path, *args: str) -> float:
    """What `script` prints last, run in a fresh interpreter in `project`."""
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=ENV, cwd=project)
    if out.returncode != 0:
        raise SystemExit(f"failed in {project}:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def timed_build(project: Path) -> float:
    """Seconds for one full bilingual build (config load + build) in a fresh interpreter."""
    return seconds(BUILD, project, str(project / "mkdocs.yml"), str(project / "site"), "0")


def warm_rebuild(project: Path) -> float:
    """Seconds for a second build in the same interpreter: what `mkdocs serve` runs
    on a save (imports done, hook module loaded)."""
    return seconds(BUILD, project, str(project / "mkdocs.yml"), str(project / "site"), "1")


def interleaved(projects: dict[str, Path], runs: int) -> dict[str, list[float]]:
    """Build times of each project, run after run, each run building every project
    once in turn, so drift hits all alike and run i of one pairs with run i of another."""
    times: dict[str, list[float]] = {name: [] for name in projects}
    for _ in range(runs):
        for name, project in projects.items():
            if name == COLD:
                shutil.rmtree(project / DRAWINGS, ignore_errors=True)
            times[name].append(FLOOR_TIMER(project) if name == "floor" else timed_build(project))
    return times


# The 1× build with its flowcharts drawn anew each run (the drawings' cache emptied):
# what a changed chart costs a build; every other build draws from the cache.
COLD = "generated 1x, flowcharts drawn anew"


def ratio(times: dict[str, list[float]], a: str, b: str) -> str:
    """Median of the per-run ratios a/b, with their range."""
    ratios = [x / y for x, y in zip(times[a], times[b], strict=True)]
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"


def median_ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


FLOOR = """
import shutil, sys, tempfile, time, yaml
start = time.perf_counter()
yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
with tempfile.TemporaryDirectory() as out:
    shutil.copytree(sys.argv[2], out + "/site")
print(time.perf_counter() - start)
"""


def timed_floor(project: Path) -> float:
    """The least any generator could do: read the data and copy a built site."""
    return seconds(FLOOR, project, str(project / "data" / "zdr.yaml"), str(project / "site"))


FLOOR_TIMER = timed_floor


def hand_written(project: Path, where: Path) -> Path:
    """What a team would write instead: the same pages by hand. Each page as the
    hooks expand it, saved as Markdown, built without the hooks (same theme, i18n
    and search: Material's own indexer then reads every page)."""
    from zdrsite import build as site_build

    copy = without_hooks(copy_project(where))
    shutil.copy2(project / "data" / "zdr.yaml", copy / "data" / "zdr.yaml")
    built = site_build.SiteBuild.start(copy, copy / "docs", "https://docs.example.internal/zdr/")
    for lang in languages.LANGUAGES:
        for page in PAGES:
            path = copy / "docs" / lang / page
            markdown = built.page_markdown(path.read_text(encoding="utf-8"), page, lang, str(path))
            # The HTML the hooks set aside goes back into the Markdown, in place.
            path.write_text(built.page_content(markdown, lang, str(path))[0], "utf-8")
    return copy


def english_only(hand: Path, where: Path) -> Path:
    """Plain Material, one language: the hand-written English pages, no i18n plugin."""
    shutil.copytree(hand, where, ignore=shutil.ignore_patterns("site", "node_modules"))
    config = where / "mkdocs.yml"
    text = re.sub(r"  - i18n:\n(?:(?:    |      |        ).*\n)*", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("docs_dir: docs\n", "docs_dir: docs/en\n"), encoding="utf-8")
    shutil.rmtree(where / "docs" / "ja")
    return where


def without_hooks(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "hooks:\n  - hooks/zdr_hooks.py\n" in text
    config.write_text(text.replace("hooks:\n  - hooks/zdr_hooks.py\n", ""), encoding="utf-8")
    return project


def _suffix_ids(value, suffix: str):
    if isinstance(value, dict):
        return {k: (v + suffix if k == "id" else _suffix_ids(v, suffix)) for k, v in value.items()}
    if isinstance(value, list):
        return [_suffix_ids(v, suffix) for v in value]
    return value


def _tag(text: dict, i: int) -> dict:
    return {lang: f"{value} ({i})" for lang, value in text.items()}


def scaled(data: dict, factor: int) -> dict:
    """Synthetic data with `factor` times the features, FAQ entries and verdicts
    (renamed copies of the real ones), valid against the schema: each copy of a
    verdict is one more item of the question where the reader ticks items."""
    data = copy.deepcopy(data)
    nodes = data["decision"]["nodes"]
    ends = [n for n in nodes if "verdict" in n]
    multiple = next(n for n in nodes if n.get("multiple"))
    features, faq, extra = list(data["features"]), list(data["faq"]), []
    for i in range(1, factor):
        suffix = f"-x{i}"
        features += [dict(_suffix_ids(f, suffix), name=_tag(f["name"], i)) for f in data["features"]]
        faq += [dict(_suffix_ids(q, suffix), question=_tag(q["question"], i)) for q in data["faq"]]
        # An item leads nowhere on (`then:` is a verdict's of a question with one answer).
        copies = [
            dict({k: v for k, v in e.items() if k != "then"}, id=e["id"] + suffix, text=_tag(e["text"], i))
            for e in ends
        ]
        multiple["answers"] += [{"label": c["text"], "next": c["id"]} for c in copies]
        extra += copies
    data["features"], data["faq"] = features, faq
    data["decision"]["nodes"] = nodes + extra
    return data


def project_with(data: dict, where: Path) -> Path:
    project = copy_project(where)
    path = project / "data" / "zdr.yaml"
    path.write_text(yaml.safe_dump(json.loads(json.dumps(data)), allow_unicode=True, sort_keys=False), encoding="utf-8")
    loader.load(path)  # the synthetic data must be valid, or the numbers mean nothing
    return project


def index_bytes(project: Path) -> int:
    site = project / "site"
    return sum(
        (site / languages.root(lang) / "search" / "search_index.json").stat().st_size for lang in languages.LANGUAGES
    )


def serve_latency(project: Path, trials: int) -> float:
    """Median seconds from saving data/zdr.yaml to `mkdocs serve` serving the change."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/zdr/faq/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    data = project / "data" / "zdr.yaml"
    good = data.read_text(encoding="utf-8")
    # The last FAQ question as it stands in the file (a one-line English text).
    question = loader.load(data).policy.faq[-1].question(languages.DEFAULT_LANGUAGE)
    latencies = []
    try:
        deadline = time.monotonic() + 60
        while question not in page() and time.monotonic() < deadline:
            time.sleep(0.05)
        for i in range(trials):
            time.sleep(1.0)  # let the watcher settle
            token = f"{question} (take {i})"
            start = time.perf_counter()
            data.write_text(good.replace(question, token, 1), encoding="utf-8")
            while token not in page():
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not pick up the change")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return statistics.median(latencies)


def page_weights(site: Path, pages: list[str]) -> dict[str, int]:
    """Bytes the browser downloads on a first visit (cold cache), per page path."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            total: list[int] = []
            cdp.on("Network.loadingFinished", lambda e, total=total: total.append(e["encodedDataLength"]))
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(300)
            weights[path] = sum(total)
            context.close()
        browser.close()
    return weights


def bare_material_site(where: Path) -> Path:
    """Material's own bare page: the theme, search, one heading; no Google Fonts
    (unreachable here, and switched off on our site too)."""
    (where / "docs").mkdir(parents=True)
    (where / "docs" / "index.md").write_text("# Hello\n\nA bare page.\n", encoding="utf-8")
    (where / "mkdocs.yml").write_text(
        "site_name: Bare\nsite_url: https://docs.example.internal/zdr/\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(where / "mkdocs.yml")], check=True, env=ENV, cwd=where
    )
    return where / "site"


HOOK_SHARE = """
import cProfile, pstats, sys, time
start = time.perf_counter()
import zdrsite.build  # what the hook imports
imports = time.perf_counter() - start
from mkdocs.config import load_config
from mkdocs.commands.build import build
profiler = cProfile.Profile()
profiler.enable()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
profiler.disable()
stats = pstats.Stats(profiler).stats
total = max(ct for (_, _, name), (_, _, _, ct, _) in stats.items() if name == "build")
hooks = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
            if file.endswith("zdr_hooks.py") and name.startswith("on_"))
print(imports, hooks, total)
"""


def hook_share(project: Path) -> tuple[float, float]:
    """Share of one build spent in the hook's own events and imports (profiled)."""
    out = subprocess.run(
        [sys.executable, "-c", HOOK_SHARE, str(project / "mkdocs.yml"), str(project / "site"), str(project / "hooks")],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=project,
        check=True,
    )
    imports, hooks, total = map(float, out.stdout.split())
    return hooks / total, imports


def profile_build(project: Path) -> str:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = cProfile.Profile()
    profiler.enable()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


SCAN_FILES = 10_000
FIXTURES = ROOT / "tests" / "scan-fixtures"


def scan_corpus(where: Path) -> Path:
    """10,000 source files like a service's: Python, TypeScript and shell in nested
    folders, about 3 KB each, one in a hundred with uses to report."""
    ordinary = [FIXTURES / "python" / "fine.py", FIXTURES / "typescript" / "fine.js", FIXTURES / "shell" / "curl.sh"]
    uses = [FIXTURES / "python" / "uses.py", FIXTURES / "typescript" / "app.ts"]
    texts = [(p.suffix, p.read_text(encoding="utf-8") * 3) for p in ordinary]
    use_texts = [(p.suffix, p.read_text(encoding="utf-8")) for p in uses]
    for i in range(SCAN_FILES):
        suffix, text = use_texts[i % 2] if i % 100 == 0 else texts[i % 3]
        folder = where / f"pkg{i // 500}" / f"mod{i // 50 % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file{i}{suffix}").write_text(text, encoding="utf-8")
    return where


READ_ALL = """
import os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            f.read().decode("utf-8", "replace")
"""


def scan_times(corpus: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock seconds of `zdr scan` over the corpus (process start, data load
    and all), and of a Python process that only reads every file, interleaved."""
    zdr = Path(sys.executable).parent / "zdr"
    scan, floor = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([str(zdr), "scan", str(corpus), "--format", "json"], capture_output=True, env=ENV)
        scan.append(time.perf_counter() - start)
        assert done.returncode == 1, done.stderr
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", READ_ALL, str(corpus)], check=True, env=ENV)
        floor.append(time.perf_counter() - start)
    return scan, floor


# One line of minified JavaScript: uses, and strings, regular expressions and
# template literals that look like comments (each was once quadratic to skip).
MINIFIED = (
    'var a=client.messages.batches.create({requests:[]});var s="/*",r=/\\/\\//g;let t=`${x}//`;'
    'fetch("https://api.anthropic.com/v1/files",{headers:{"anthropic-beta":"files-api-2025-04-14"}});'
    'function f(n){return n/2}const o={model:"m",betas:["x"]};'
)


def large_files(where: Path) -> dict[str, Path]:
    """A minified line and a notebook of the largest size zdr scan reads (2 MB)."""
    from zdrsite.scan import MAX_FILE_BYTES

    where.mkdir(parents=True, exist_ok=True)
    line = where / "bundle.min.js"
    line.write_text((MINIFIED * (MAX_FILE_BYTES // len(MINIFIED) + 1))[:MAX_FILE_BYTES], encoding="utf-8")

    def cell(i: int) -> dict[str, object]:
        source = [f"x{i} = compute({i})\n", "for k in range(10):\n", "    total += k  # sum\n"]
        source.append("client.messages.batches.create(requests=[])\n" if i % 50 == 0 else "print(total)\n")
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    def notebook_text(count: int) -> str:
        document = {"cells": [cell(i) for i in range(count)], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        return json.dumps(document, indent=1)

    count = MAX_FILE_BYTES * 1000 // len(notebook_text(1000))
    while len(text := notebook_text(count)) > MAX_FILE_BYTES:
        count -= 20
    notebook = where / "analysis.ipynb"
    notebook.write_text(text, encoding="utf-8")
    return {"a 2 MB minified line": line, "a 2 MB notebook": notebook}


def scan_rows(tmp: Path, runs: int) -> list[tuple[str, str, str, str]]:
    scan, floor = scan_times(scan_corpus(tmp / "scan-corpus"), runs)
    best = min(scan)
    ratios = sorted(a / b for a, b in zip(scan, floor, strict=True))
    rows = [
        (
            f"`zdr scan`, {SCAN_FILES:,} source files (best of {runs})",
            f"{best:.2f} s; {statistics.median(ratios):.1f}× reading them (range {ratios[0]:.1f}–{ratios[-1]:.1f})",
            "≤ 5 s",
            "yes" if best <= 5 else "no",
        )
    ]
    # Bounded: the largest files it reads, each in a process of its own (start and
    # data load included, as a reader runs it).
    zdr = Path(sys.executable).parent / "zdr"
    for what, path in large_files(tmp / "large").items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run([str(zdr), "scan", str(path), "--format", "json"], capture_output=True, env=ENV)
            times.append(time.perf_counter() - start)
            assert done.returncode == 1, done.stderr
            assert json.loads(done.stdout)["skipped"] == [], done.stdout[-300:]
        size = path.stat().st_size
        rows.append(
            (
                f"`zdr scan`, {what} ({size:,} bytes, best of {runs})",
                f"{min(times):.2f} s (range {min(times):.2f}–{max(times):.2f})",
                "≤ 2 s",
                "yes" if min(times) <= 2 else "no",
            )
        )
    return rows


UNMINIFIED_PAGES = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from zdrsite import minify
pages = []
minify.html = lambda page: pages.append(page) or page  # the hook calls it through the module
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
json.dump(pages, open(sys.argv[3], "w", encoding="utf-8"))
"""


def minifier_rows(project: Path, where: Path, runs: int) -> list[tuple[str, str, str, str]]:
    """Each candidate minifier on what the site serves: every page as the theme and
    the hooks write it (both languages), our stylesheets, our scripts. Bytes after,
    and the best of `runs` timings for all of them; "(used)" marks the choice."""
    import minify_html
    import rcssmin
    import rjsmin

    pages_file = where / "pages.json"
    out = subprocess.run(
        [sys.executable, "-c", UNMINIFIED_PAGES, str(project / "mkdocs.yml"), str(where / "site"), str(pages_file)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=project,
    )
    if out.returncode != 0:
        raise SystemExit(f"unminified build failed:\n{out.stderr}")
    pages = json.loads(pages_file.read_text(encoding="utf-8"))
    assets = project / "docs" / "assets"
    sheets = [f.read_text(encoding="utf-8") for f in sorted(assets.glob("*.css"))]
    scripts = [f.read_text(encoding="utf-8") for f in sorted(assets.glob("*.js"))]

    def html_minify_html(page: str, **options: bool) -> str:
        return str(minify_html.minify(page, **options))

    def wrapped(tag: str, option: str):
        # minify-html minifies CSS and JS inside an HTML document only.
        def run(text: str) -> str:
            done = str(minify_html.minify(f"<{tag}>{text}</{tag}>", **{option: True}))
            return done.removeprefix(f"<{tag}>").removesuffix(f"</{tag}>")

        return run

    ours = {"keep_closing_tags": True, "keep_html_and_head_opening_tags": True, "keep_input_type_text_attr": True}
    candidates = [
        ("pages", pages, "none (the theme's output)", lambda t: t),
        ("pages", pages, "minify-html, every tag kept (used)", lambda t: html_minify_html(t, **ours)),
        ("pages", pages, "minify-html, optional tags dropped", html_minify_html),
        ("stylesheets", sheets, "none", lambda t: t),
        ("stylesheets", sheets, "rcssmin (used)", rcssmin.cssmin),
        ("stylesheets", sheets, "minify-html's CSS minifier", wrapped("style", "minify_css")),
        ("scripts", scripts, "none", lambda t: t),
        ("scripts", scripts, "rjsmin (used)", rjsmin.jsmin),
        ("scripts", scripts, "minify-html's JS minifier", wrapped("script", "minify_js")),
    ]
    rows = []
    for what, texts, name, how in candidates:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            done = [how(t) for t in texts]
            best = min(best, time.perf_counter() - start)
        size = sum(len(d.encode("utf-8")) for d in done)
        rows.append((f"Minify {len(texts)} {what}: {name}", f"{size / 1024:.1f} KB in {best * 1000:.1f} ms", "", ""))
    return rows


SCHEMA_CHECK_KEPT = "import zdrsite.schema_check"
SCHEMA_CHECK_IN_MEMORY = """
from pathlib import Path
from zdrsite import validator
text = Path("data/zdr.schema.json").read_text(encoding="utf-8")
exec(compile(validator.source(text), "<schema>", "exec"), {})
"""


def schema_check_row(runs: int) -> tuple[str, str, str, str]:
    """The schema's compiled check, in a fresh process (as every build starts one):
    the module kept in the package (issue #24; Python caches its bytecode as it
    caches any module's) against compiling the schema in memory each time."""
    times: dict[str, list[float]] = {"kept": [], "in memory": []}
    for _ in range(runs):
        for name, code in (("kept", SCHEMA_CHECK_KEPT), ("in memory", SCHEMA_CHECK_IN_MEMORY)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=ENV)
            times[name].append(time.perf_counter() - start)
    kept, fresh = min(times["kept"]), min(times["in memory"])
    return (
        f"Schema check in a new process: kept module / compiled in memory (best of {runs})",
        f"{kept * 1000:.0f} ms / {fresh * 1000:.0f} ms ({kept / fresh:.2f}×)",
        "",
        "",
    )


def source_check_row(data: dict, runs: int) -> tuple[str, str, str, str]:
    """`zdr source check` on a 1 MB page in the docs' Markdown: the data's feature
    table, its rows repeated under new names, and a paragraph of text a row."""
    from zdrsite import source, source_check

    rows = ["# A page", "", "| Feature | Endpoint | ZDR eligible | Details |", "|---|---|---|---|"]
    i = 0
    while sum(len(r) + 1 for r in rows) < 1_000_000:
        f = data["features"][i % len(data["features"])]
        rows.append(f"| {f['name']['en']} {i} | `{f.get('endpoint', '/v1/messages')}` | Yes | Kept {i % 30} days. |")
        rows.append("")
        rows.append(f"Paragraph {i}: " + "words of a page " * 20)
        rows.append("")
        i += 1
    raw = "\n".join(rows).encode("utf-8")
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        source_check.check(raw, source.read_source(raw, "page.md"), data, "page.md", "en")
        best = min(best, time.perf_counter() - start)
    return (
        f"`zdr source check`, a {len(raw) / 1e6:.1f} MB page (best of {runs})",
        f"{best:.2f} s",
        "≤ 1 s",
        "yes" if best <= 1 else "no",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--minifiers-only", action="store_true")
    parser.add_argument("--source-only", action="store_true")
    parser.add_argument("--scan-only", action="store_true", help="only the zdr scan benchmark")
    parser.add_argument("--schema-only", action="store_true", help="only the schema check's benchmark")
    args = parser.parse_args()
    if args.scan_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            scan_only = scan_rows(Path(tmp_name), 3 if args.quick else 5)
        print("| Measure | Result | Goal | Met |\n|---|---|---|---|")
        for row in scan_only:
            print("| " + " | ".join(row) + " |")
        return
    if args.schema_only:
        print("| Measure | Result | Goal | Met |\n|---|---|---|---|")
        print("| " + " | ".join(schema_check_row(3 if args.quick else 7)) + " |")
        return
    if args.source_only:
        print("| Measure | Result | Goal | Met |\n|---|---|---|---|")
        print("| " + " | ".join(source_check_row(read_data(), 3 if args.quick else 7)) + " |")
        return
    if args.minifiers_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            only = minifier_rows(copy_project(tmp / "real"), tmp, 3 if args.quick else 7)
        print("| Measure | Result | Goal | Met |\n|---|---|---|---|")
        for row in only:
            print("| " + " | ".join(row) + " |")
        return
    runs = 3 if args.quick else 7
    data = read_data()
    rows: list[tuple[str, str, str, str]] = []  # measure, value, goal, met

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        real = copy_project(tmp / "real")
        scales = {
            1: project_with(data, tmp / "x1"),
            10: project_with(scaled(data, 10), tmp / "x10"),
            100: project_with(scaled(data, 100), tmp / "x100"),
        }
        hands = {k: hand_written(p, tmp / f"hand{k}") for k, p in scales.items()}
        plain = english_only(hands[1], tmp / "plain-en")
        # Warm: a built site for the floor to copy, and drawn flowcharts in each cache.
        for project in [*scales.values(), real]:
            timed_build(project)
        projects = {
            **{f"generated {k}x": p for k, p in scales.items()},
            COLD: project_with(data, tmp / "cold"),
            **{f"hand-written {k}x": p for k, p in hands.items()},
            "plain Material, English only": plain,
            "floor": scales[1],
        }
        times = interleaved(projects, runs)
        for k in scales:
            goal = {1: 0.6, 100: 0.5}.get(k)
            met = median_ratio(times, f"generated {k}x", f"hand-written {k}x")
            rows.append(
                (
                    f"Build, generated / hand-written, {k}× data",
                    ratio(times, f"generated {k}x", f"hand-written {k}x"),
                    f"≤ {goal}×" if goal else "",
                    ("yes" if met <= goal else "no") if goal else "",
                )
            )
        growth = median_ratio(times, "generated 100x", "generated 1x")
        rows.append(
            (
                "Build, 100× data / 1× data (generated)",
                ratio(times, "generated 100x", "generated 1x"),
                "≤ 10×",
                "yes" if growth <= 10 else "no",
            )
        )
        rows.append((f"Build, {COLD} / from cached drawings", ratio(times, COLD, "generated 1x"), "", ""))
        rows.append(
            (
                "Reference: plain Material, English only / generated 1×",
                ratio(times, "plain Material, English only", "generated 1x"),
                "",
                "",
            )
        )
        rows.append(
            (
                "Reference: floor (read the data, copy the site) / generated 1×",
                ratio(times, "floor", "generated 1x"),
                "",
                "",
            )
        )
        for k, project in scales.items():
            d = loader.load(project / "data" / "zdr.yaml").policy
            size = f"{len(d.features)} features, {len(d.faq)} FAQ, {len(d.decision.nodes)} nodes"
            s = index_bytes(project) / index_bytes(scales[1])
            rows.append((f"Data {k}× ({size})", f"search index {s:.2f}×", "", ""))
        share, imports = hook_share(real)
        rows.append(
            (
                "… of a generated build: the hook's own events (profiled) / imports",
                f"{share:.0%} / {imports * 1000:.0f} ms",
                "",
                "",
            )
        )
        hand_1x = statistics.median(times["hand-written 1x"])

        latency = serve_latency(copy_project(tmp / "serve"), trials=3 if args.quick else 5)
        rows.append(
            (
                "`mkdocs serve`: save data → page updated / a hand-written full build",
                f"{latency / hand_1x:.2f}× ({latency:.2f} s)",
                "≤ 0.6×",
                "yes" if latency / hand_1x <= 0.6 else "no",
            )
        )
        rebuild = statistics.median(warm_rebuild(scales[1]) for _ in range(runs))
        rows.append(
            (
                "… of it the rebuild in a warm process; the rest is the watcher (polls every 0.5 s, waits 0.1 s)",
                f"{rebuild:.2f} s ({rebuild / hand_1x:.2f}×); {latency - rebuild:.2f} s",
                "",
                "",
            )
        )

        bare = page_weights(bare_material_site(tmp / "bare"), [""])[""]
        paths = [languages.root(lang) + page_url(p) for lang in languages.LANGUAGES for p in PAGES]
        weights = page_weights(real / "site", paths)
        flowcharts = {languages.root(lang) + page_url("flowchart.md") for lang in languages.LANGUAGES}
        rows.append(("Material's bare page, first visit", f"{bare / 1024:.0f} KB", "", ""))
        for path, weight in weights.items():
            extra = (weight - bare) / 1024
            if path in flowcharts:
                rows.append(
                    (
                        f"/{path}",
                        f"{weight / 1024:.0f} KB ({extra:+.0f} KB)",
                        "≤ 1100 KB",
                        "yes" if weight / 1024 <= 1100 else "no",
                    )
                )
            else:
                rows.append(
                    (
                        f"/{path}",
                        f"{weight / 1024:.0f} KB ({extra:+.0f} KB)",
                        "≤ +50 KB",
                        "yes" if extra <= 50 else "no",
                    )
                )
        rows += minifier_rows(real, tmp, runs)
        rows.append(source_check_row(data, runs))
        rows.append(schema_check_row(runs))
        rows += scan_rows(tmp, runs)
        if args.profile:
            print(profile_build(scales[100]))

    print("| Measure | Result | Goal | Met |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
