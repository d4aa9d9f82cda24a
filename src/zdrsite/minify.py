"""Lighter pages: the site's own stylesheet and scripts without comments and
indentation, and pages without the theme's indentation.

Each is the plain, conservative kind: nothing is renamed or reordered, so what
the browser runs is what the source says. Every page downloads these bytes on a
first visit (README, "Benchmark").
"""

from __future__ import annotations

import re

# White space that holds a line break is one line break outside the elements
# where white space is content (or code).
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENTED_BREAK = re.compile(r"[ \t\r\f]*\n\s*")


def html(page: str) -> str:
    """A page without the indentation of its lines (kept inside pre, textarea,
    script and style)."""
    out, last = [], 0
    for match in _VERBATIM.finditer(page):
        out += [_INDENTED_BREAK.sub("\n", page[last : match.start()]), match.group(0)]
        last = match.end()
    out.append(_INDENTED_BREAK.sub("\n", page[last:]))
    return "".join(out)


# One token at a time: a string (kept as it is), a comment (dropped), white space
# (one space, none beside punctuation where a space never means anything; not so
# beside ":", which also starts a pseudo-class: "a :hover" is not "a:hover").
_CSS_TOKEN = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(/\*.*?\*/)|(\s+)""", re.S)
_CSS_STRING_OR_NOT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|([^"']+)""", re.S)
_CSS_TIGHT = re.compile(r" *([{};,>]) *")


def css(sheet: str) -> str:
    """A stylesheet without comments and needless white space."""

    def token(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        return "" if match.group(2) else " "

    def tighten(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        return _CSS_TIGHT.sub(r"\1", match.group(2)).replace(";}", "}")

    return _CSS_STRING_OR_NOT.sub(tighten, _CSS_TOKEN.sub(token, sheet)).strip() + "\n"


def js(script: str) -> str:
    """A script without its comment lines and indentation. Refuses template
    literals and block comments, whose lines are not separate statements."""
    lines = []
    for line in script.splitlines():
        code = line.strip()
        if not code or code.startswith("//"):
            continue
        if "`" in code or "/*" in code:
            raise ValueError(f"cannot minify this line (template literal or block comment): {code[:60]}")
        lines.append(code)
    return "\n".join(lines) + "\n"
