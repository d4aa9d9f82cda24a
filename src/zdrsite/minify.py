"""Lighter pages: the site's own stylesheet and scripts, and every page, minified
by maintained libraries (chosen by the benchmark's minifier rows, README).

- Stylesheet: rcssmin; scripts: rjsmin. Both only drop comments and white space
  and understand their language's strings, template literals and regular
  expressions: nothing is renamed or reordered, so what the browser runs reads
  as the source does.
- Pages: minify-html, keeping every closing tag and the <html> and <head> tags:
  optional tags left out are valid HTML, but tools that read the pages without
  HTML5's rules (html.parser, say) would nest them wrongly.

Every page downloads these bytes on a first visit (README, "Benchmark").
"""

from __future__ import annotations

import re

import minify_html
import rcssmin
import rjsmin

# minify-html writes the text of <title> and <textarea> unescaped: HTML5 reads it as
# text there (RCDATA), but a tool without HTML5's rules (a link-preview scraper,
# Python's html.parser) would read a site name holding "<script>" as markup.
_RCDATA = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)


def html(page: str) -> str:
    """A page without needless white space and comments (pre, textarea, script and
    style keep theirs); the text of <title> and <textarea> stays escaped."""
    small = minify_html.minify(
        page,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        # `type=text` is the default, but a stylesheet may select on it.
        keep_input_type_text_attr=True,
    )
    return _RCDATA.sub(lambda m: m.group(1) + m.group(3).replace("<", "&lt;") + m.group(4), str(small))


def css(sheet: str) -> str:
    """A stylesheet without comments and needless white space."""
    return str(rcssmin.cssmin(sheet)) + "\n"


def js(script: str) -> str:
    """A script without comments and needless white space."""
    return str(rjsmin.jsmin(script)) + "\n"
