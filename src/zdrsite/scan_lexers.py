"""Where the comments of a source file are: one small lexer per language.

`zdr scan` reports no use inside a comment, and `zdr: ignore` counts only in one.
Deciding that needs the strings of the language too: `"/*"` in a JavaScript
string opens no comment, nor does `//` in a regular expression literal, nor `#`
in shell's `${#array[@]}` or in a heredoc. Each lexer reads the file once, with
one regular expression that matches every string and comment whole, leftmost
first (so a comment's mark inside a string is part of the string's match); the
few tokens whose meaning depends on what came before (a `/`, a backtick, a
heredoc) are decided here. Linear in the file; the comments come back as sorted
(start, end) offsets.

What is not a comment of the language (a string, a template literal, a regular
expression, a heredoc) is code, for `zdr scan`: a use spelled in a string is
still a use (`fetch("https://api.anthropic.com/v1/files")`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Spans = list[tuple[int, int]]

# -- Python ------------------------------------------------------------------------

# From a position to the next comment, past code and whole strings (possessive: no
# backtracking), so that a `#` inside a string is never a comment's start.
_PY_TO_COMMENT = re.compile(
    r"(?:[^'\"#]++"
    r"|'''(?:[^'\\]|\\[\s\S]|'(?!''))*+(?:'''|\Z)"
    r'|"""(?:[^"\\]|\\[\s\S]|"(?!""))*+(?:"""|\Z)'
    # A one-line string ends at its quote, or unclosed at the end of its line.
    r"|'(?:[^'\\\r\n]|\\[\s\S])*+'?"
    r'|"(?:[^"\\\r\n]|\\[\s\S])*+"?'
    r")*+(#[^\r\n]*)"
)


def python(text: str) -> Spans:
    spans: Spans = []
    pos = 0
    while (found := _PY_TO_COMMENT.match(text, pos)) is not None:
        spans.append(found.span(1))
        pos = found.end()
    return spans


# -- Shell -------------------------------------------------------------------------

# `#` opens a comment only where a word starts (`a#b` is a word; `$#` and `${#x}`
# are expansions, matched whole before).
_SH_TOKENS = (
    r"(?P<comment>(?<![^\s;&|()<>])#[^\r\n]*)"
    r"|(?P<heredoc><<-?)(?!<)|<<<"
    r"|\\[\s\S]|\$#|\$\{[^}]*\}?|\$'(?:[^'\\]|\\[\s\S])*'?|'[^']*'?"
    r'|(?P<quoted>")|`(?:[^`\\]|\\[\s\S])*`?'
)
_SH_NEXT = re.compile(_SH_TOKENS)
_SH_NEXT_OR_LINE = re.compile(_SH_TOKENS + r"|(?P<line>\r\n|\r|\n)")
# Inside a `$( )` of a double-quoted string, its parentheses count: the last one
# goes back to the string (`"$(echo "build #1")"` is one word, and no comment).
_SH_NEXT_IN_COMMAND = re.compile(_SH_TOKENS + r"|(?P<open>\()|(?P<close>\))")
# A double-quoted string's text, to its end or to a `$(` in it (backticks and
# `${ }` taken whole).
_SH_QUOTED = re.compile(r'(?:[^"\\$`]|\\[\s\S]|\$\{[^}]*\}?|\$(?!\()|`(?:[^`\\]|\\[\s\S])*`?)*+("|\$\(|\Z)')
_SH_HEREDOC = re.compile(r"[ \t]*(?:'([^'\r\n]*)'|\"([^\"\r\n]*)\"|\\?([A-Za-z_0-9][\w.-]*))")


def shell(text: str) -> Spans:
    spans: Spans = []
    pos = 0
    heredocs: list[tuple[str, bool]] = []  # delimiters whose bodies start on the next line
    commands: list[int] = []  # for each `$(` open in a double-quoted string: its depth
    while True:
        expression = _SH_NEXT_IN_COMMAND if commands else _SH_NEXT_OR_LINE if heredocs else _SH_NEXT
        found = expression.search(text, pos)
        if found is None:
            return spans
        pos = found.end()
        kind = found.lastgroup
        if kind == "comment":
            spans.append(found.span())
        elif kind == "quoted":
            pos = _quoted(text, pos, commands)
        elif kind == "open":
            commands[-1] += 1
        elif kind == "close":
            if commands[-1] == 0:
                commands.pop()
                pos = _quoted(text, pos, commands)  # the string goes on after `)`
            else:
                commands[-1] -= 1
        elif kind == "heredoc":
            word = _SH_HEREDOC.match(text, pos)
            delimiter = next((g for g in word.groups() if g is not None), "") if word else ""
            if word and delimiter:
                heredocs.append((delimiter, found.group() == "<<-"))
                pos = word.end()
        elif kind == "line":
            for delimiter, tabs in heredocs:  # each body, up to its delimiter's own line
                indent = r"[\t]*" if tabs else ""
                # The delimiter alone on its line, as the shell wants it (`EOF ` is not it).
                closing = re.compile(rf"^{indent}{re.escape(delimiter)}\r?$", re.M)
                ended = closing.search(text, pos)
                pos = _after_line_break(text, ended.end()) if ended else len(text)
            heredocs = []
        # else a string, an expansion or an escaped character, passed over whole


def _quoted(text: str, at: int, commands: list[int]) -> int:
    """From inside a double-quoted string: past its closing quote, or into the
    code of its next `$(` (pushed on `commands`)."""
    return _text_until_code(_SH_QUOTED, "$(", text, at, commands)


def _text_until_code(expression: re.Pattern[str], opener: str, text: str, at: int, frames: list[int]) -> int:
    """Past the text of a string that holds code (a shell string's `$(`, a
    template's `${`): to its end, or into its next code, a frame pushed for it.
    `expression` matches the text and, as group 1, what ends it."""
    found = expression.match(text, at)
    if found is None:  # pragma: no cover - the expressions match everywhere
        return len(text)
    if found.group(1) == opener:
        frames.append(0)
    return found.end()


def _after_line_break(text: str, at: int) -> int:
    if text.startswith("\r\n", at):
        return at + 2
    return at + 1 if at < len(text) and text[at] in "\r\n" else at


# -- JavaScript and TypeScript -----------------------------------------------------

# From a position past code and whole strings (possessive: no backtracking) to the
# next comment, `/` (a division or a regular expression's start) or backtick;
# inside a template's `${ }`, to the next brace too (the last goes back to the template).
_JS_STRINGS = r"""'(?:[^'\\\r\n]|\\[\s\S])*+'?|"(?:[^"\\\r\n]|\\[\s\S])*+"?"""
_JS_STOPS = r"(?P<comment>//[^\r\n]*|/\*[\s\S]*?(?:\*/|\Z))|(?P<slash>/)|(?P<template>`)"
_JS_NEXT = re.compile(r"(?:[^'\"/`]++|" + _JS_STRINGS + r")*+(?:" + _JS_STOPS + ")")
_JS_NEXT_IN_TEMPLATE = re.compile(
    r"(?:[^'\"/`{}]++|" + _JS_STRINGS + r")*+(?:" + _JS_STOPS + r"|(?P<open>\{)|(?P<close>\}))"
)
_JS_TEMPLATE = re.compile(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*(`|\$\{|\Z)")
# A regular expression literal, bounded (possessive; a class of at most 64 characters,
# at most 256 parts): a `/` that starts none is a division, found out in constant time,
# however many `/[` a minified line holds.
_JS_REGEX = re.compile(r"(?:[^/\\\[\r\n]|\\.|\[(?:[^\]\\\r\n]|\\.){0,64}+\]){1,256}+/[A-Za-z]*")
# After these a `/` starts a regular expression; after a name, a number, `)` or `]`
# it divides.
_JS_REGEX_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
_JS_KEYWORDS_BEFORE_REGEX = frozenset(
    {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else"}
    | {"yield", "await"}
)
_JS_WORD_BEFORE = re.compile(r"[\w$]+\Z")


def javascript(text: str) -> Spans:
    spans: Spans = []
    pos = 0
    templates: list[int] = []  # for each `${` open in a template: its depth of braces
    while (found := (_JS_NEXT_IN_TEMPLATE if templates else _JS_NEXT).match(text, pos)) is not None:
        pos = found.end()
        kind = found.lastgroup
        if kind == "comment":
            spans.append(found.span(kind))
        elif kind == "slash":
            if _regex_may_start(text, found.start(kind), spans):
                literal = _JS_REGEX.match(text, pos)
                if literal:
                    pos = literal.end()
        elif kind == "template":
            pos = _template(text, pos, templates)
        elif kind == "open":
            templates[-1] += 1
        elif kind == "close":
            if templates[-1] == 0:
                templates.pop()
                pos = _template(text, pos, templates)  # the template goes on after `}`
            else:
                templates[-1] -= 1
    return spans


def _template(text: str, at: int, templates: list[int]) -> int:
    """From inside a template literal: past its closing backtick, or into the code
    of its next `${` (pushed on `templates`)."""
    return _text_until_code(_JS_TEMPLATE, "${", text, at, templates)


def _regex_may_start(text: str, at: int, spans: Spans) -> bool:
    """Whether a `/` at `at` starts a regular expression literal: what comes
    before it, past white space and comments, is an operator, an opening bracket,
    a keyword such as `return`, or nothing."""
    i = at - 1
    while i >= 0:
        if text[i] in " \t\r\n":
            i -= 1
        elif spans and spans[-1][1] == i + 1:  # the end of the comment just before
            i = spans[-1][0] - 1
        else:
            break
    if i < 0:
        return True
    if text[i] in _JS_REGEX_AFTER:
        return True
    if text[i] == ")":
        return _after_a_condition(text, i)
    word = _JS_WORD_BEFORE.search(text, max(0, i - 20), i + 1)
    return word is not None and word.group() in _JS_KEYWORDS_BEFORE_REGEX


# After `)` a `/` divides, `(a + b) / 2`, unless the parentheses are the condition
# of an `if`, `while`, `for` or `with`: `if (ok) /x/.test(s)`. Their opening one is
# looked for within a bounded reach, by the string methods: constant time a `/`.
_JS_CONDITION_REACH = 256
_JS_CONDITION_KEYWORD = re.compile(r"(?<![\w$.])(?:if|while|for|with)\s*\Z")


def _after_a_condition(text: str, close: int) -> bool:
    start = max(0, close - _JS_CONDITION_REACH)
    opening = close
    while (opening := text.rfind("(", start, opening)) >= 0:
        if text.count("(", opening, close) == text.count(")", opening, close + 1):
            return _JS_CONDITION_KEYWORD.search(text, max(0, opening - 12), opening) is not None
    return False


# -- HTTP request files ------------------------------------------------------------

_HTTP_COMMENT = re.compile(r"^[ \t]*(?:#|//)[^\r\n]*", re.M)


def http(text: str) -> Spans:
    """A comment is a line of its own that starts with `#` or `//`."""
    return [(m.start(), m.end()) for m in _HTTP_COMMENT.finditer(text)]


LEXERS: dict[str, Callable[[str], Spans]] = {
    "python": python,
    "shell": shell,
    "javascript": javascript,
    "http": http,
}
"""Language -> its lexer (the one registry of the languages `zdr scan` reads)."""
