"""Edits of the HTML Material writes, where the theme offers no override.

Theme changes go through Material's override blocks and partials wherever it has
one (overrides/: the 404 page, link previews, the language menu, the scripts and
stylesheets of one page). What is left here has none, and each edit says why:

- the config script's `base` and the hreflang links (localize_page) are printed
  by base.html's `config` and `site_meta` blocks, whose copies would carry the
  theme's hashed asset names and go stale on every theme upgrade;
- the search dialog's name: partials/search.html is 40 lines of icons and
  feature switches to copy for one attribute;
- the permalinks' title: Python-Markdown's toc writes it, once for every
  language (static-i18n refuses per-language Markdown settings);
- the site name escaped twice, abbreviations and moved anchors: content, not theme.

Each edit checks that the markup it expects is there, so a theme upgrade that
changes it fails the build instead of silently undoing the fix.
"""

from __future__ import annotations

import json
import re
from html import escape

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# Starts with its literal (a fast search on a 6 MB page); the white space left goes with minify.html.
_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


class ThemeChangedError(Exception):
    pass


def localize_page(html: str, lang_root: str, search_label: str) -> str:
    """Point Material's `base` at the language's root and drop hreflang links.

    - `base` decides which search_index.json a page loads; the Japanese pages must
      load /ja/search/search_index.json, not the root one. `lang_root` is "" for
      the default language, else e.g. "ja/".
    - For every <link rel="alternate" hreflang> Material fetches a sitemap.xml
      beside the alternate page (a 404 on every page, and no use here: our own
      script keeps the anchor when switching language).
    - Material's search dialog has no accessible name (axe: aria-dialog-name).
    """
    match = _CONFIG.search(html)
    if match is None:
        raise ThemeChangedError('no <script id="__config"> in the page')
    config = json.loads(match.group(2))
    if lang_root:
        config["base"] = config["base"].rstrip("/") + "/" + lang_root
    html = html[: match.start(2)] + json.dumps(config, ensure_ascii=False) + html[match.end(2) :]
    if _SEARCH_DIALOG not in html:
        raise ThemeChangedError("Material's search dialog markup changed")
    named = _SEARCH_DIALOG[:-1] + f' aria-label="{escape(search_label, quote=True)}">'
    html = html.replace(_SEARCH_DIALOG, named, 1)
    head = html.find("</head>")  # the links are in the head: look only there
    if head < 0:
        raise ThemeChangedError("no </head> in the page")
    return _ALTERNATE.sub("", html[:head]) + html[head:]


_PERMALINK = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")Permanent link(")')


def localize_permalinks(html: str, title: str) -> str:
    """Python-Markdown's toc writes one English title on every heading's permalink
    (and static-i18n refuses per-language Markdown settings): use the language's."""
    return _PERMALINK.sub(lambda m: m.group(1) + escape(title, quote=True) + m.group(2), html)


# Text inside these is left as it is: code, diagrams, and abbreviations already.
_NO_ABBR = re.compile(r"<(code|pre|script|style|svg|abbr|kbd)\b[^>]*(?<!/)>.*?</\1\s*>", re.S | re.I)


def add_abbreviations(html: str, abbreviations: dict[str, str]) -> str:
    """The first use of each abbreviation in the text becomes <abbr title="its
    expansion">, as style guides spell a term out on first use (a page of tables
    says ZDR dozens of times, and every title would be bytes a reader downloads;
    the glossary spells each out too). Matches whole Latin words only: ZDR in
    ZDR対象 too.

    Only the places where an abbreviation stands are looked at (a 6 MB page of
    HTML has few): not inside a tag, not inside the elements of _NO_ABBR."""
    if not abbreviations:
        return html
    # A whole word, never the name of a character reference (`amp` of `&amp;`, `lt`
    # of `&lt;`, `x41` of `&#x41;`).
    word = re.compile(
        "(?<![A-Za-z0-9_&#-])("
        + "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        + ")(?![A-Za-z0-9_-])"
    )
    out, last, seen = [], 0, set()
    block = _NO_ABBR.search(html)  # the first element kept as is that ends after `at`
    for match in word.finditer(html):
        at = match.start()
        if match.group(1) in seen:
            continue
        while block is not None and block.end() <= at:
            block = _NO_ABBR.search(html, block.end())
        if block is not None and block.start() <= at:
            continue
        if html.rfind("<", 0, at) > html.rfind(">", 0, at):
            continue  # inside a tag: an attribute
        seen.add(match.group(1))
        title = escape(abbreviations[match.group(1)], quote=True)
        out += [html[last:at], f'<abbr title="{title}">{match.group(1)}</abbr>']
        last = match.end()
    out.append(html[last:])
    return "".join(out)


def undo_double_escape(html: str, escaped: str) -> str:
    """Material prints `config.site_name` raw in most places, so the build sets it
    HTML-escaped; where the theme escapes it again (`| e` in `title="..."`), put the
    once-escaped text back."""
    twice = escape(escaped, quote=True)
    return html if twice == escaped else html.replace(f'"{twice}"', f'"{escaped}"')


_CELL = re.compile(r"<t[hd][\s>][^>]*>|<t[hd]>")


def add_aliases(html: str, aliases: dict[str, str]) -> str:
    """Keep moved anchors working: for each old id -> new id on the page, an empty
    element with the old id at the start of the element with the new one (inside
    its first cell for a table row, where only cells may stand)."""
    for old, new in aliases.items():
        tag = re.search(rf'<(\w+)[^>]*\sid="{re.escape(new)}"[^>]*>', html)
        if tag is None:
            raise ThemeChangedError(f"no element with the id {new!r} for the moved anchor {old!r}")
        at = tag.end()
        if tag.group(1) == "tr":
            cell = _CELL.search(html, at)
            at = cell.end() if cell else at
        html = html[:at] + f'<span id="{old}" class="zdr-alias"></span>' + html[at:]
    return html
