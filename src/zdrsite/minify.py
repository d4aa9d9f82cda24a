"""Lighter pages: the site's own stylesheet and scripts, and every page, minified
by maintained libraries (chosen by the benchmark's minifier rows, README).

- Stylesheet: rcssmin; scripts: rjsmin. Both only drop comments and white space
  and understand their language's strings, template literals and regular
  expressions: nothing is renamed or reordered, so what the browser runs reads
  as the source does.
- Pages: minify-html, keeping every closing tag and the <html> and <head> tags:
  optional tags left out are valid HTML, but tools that read the pages without
  HTML5's rules (html.parser, say) would nest them wrongly.

- Material's palette stylesheet: only the rules of the site's own colours
  (`palette`), read with tinycss2.

Every page downloads these bytes on a first visit (README, "Benchmark").
"""

from __future__ import annotations

import re
from typing import Any

import minify_html
import rcssmin
import rjsmin
import tinycss2

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


# A colour a palette rule is for: `[data-md-color-primary=indigo]`.
_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([\w-]+)\]")


def _selector_applies(selector: str, colours: dict[str, set[str]]) -> bool:
    return all(name in colours[kind] for kind, name in _COLOUR.findall(selector))


def _rules(rules: list[Any], colours: dict[str, set[str]]) -> str:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            # Split the selector list at its own commas only (not inside :is(...)).
            selectors: list[list[Any]] = []
            current: list[Any] = []
            for token in rule.prelude:
                if token.type == "literal" and token.value == ",":
                    selectors.append(current)
                    current = []
                else:
                    current.append(token)
            selectors.append(current)
            texts = [tinycss2.serialize(part).strip() for part in selectors]
            applies = [text for text in texts if _selector_applies(text, colours)]
            if applies:
                kept.append(",".join(applies) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), colours)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "error":
            raise ValueError(f"line {rule.source_line}: {rule.message}")
        else:
            kept.append(tinycss2.serialize([rule]))
    return "".join(kept)


def palette(sheet: str, primary: set[str], accent: set[str]) -> str:
    """Material's palette stylesheet with only the rules that can apply on this site.

    It holds rules for each of Material's 21 colours (about 12 KB, on every page's
    first visit); the site sets its primary and accent colours once (mkdocs.yml), so
    a selector naming another colour never matches and goes. Rules naming no colour
    (the dark scheme) stay as they are."""
    rules = tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)
    return _rules(rules, {"primary": primary, "accent": accent}) + "\n"
