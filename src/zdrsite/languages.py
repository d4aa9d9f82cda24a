"""The site's languages, named once.

Everything that needs the list of languages (texts of the data, the search
indexes, the exports, the link contract, the hook's check of the i18n
configuration) reads it from here; an unknown language fails loudly.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LANGUAGES: tuple[str, ...] = ("en", "ja")
DEFAULT_LANGUAGE = LANGUAGES[0]
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}
LOCALES = {"en": "en_US", "ja": "ja_JP"}
"""For Open Graph (og:locale): link previews in chat tools."""


class Punctuation:
    """What joins a label to its text, the items of a list, and two sentences, in a
    language."""

    def __init__(
        self,
        colon: str,
        comma: str,
        stop: str,
        space: str,
        parentheses: tuple[str, str],
        separator: str,
        slash: str,
        brackets: tuple[str, str],
    ) -> None:
        self.colon = colon
        self.comma = comma
        self.stop = stop
        """Ends a sentence that has no mark of its own, before the next."""
        self.space = space
        """Between a sentence that ends with its own mark and the next."""
        self.parentheses = parentheses
        """Around an aside, with the space before it."""
        self.separator = separator
        """Between two facts of one line (the source, the date checked)."""
        self.slash = slash
        """Between the parts of an aside."""
        self.brackets = brackets
        """Around a mark before a text in plain text (a verdict), with the space after it."""

    def aside(self, text: str) -> str:
        return f"{self.parentheses[0]}{text}{self.parentheses[1]}"


PUNCTUATION = {
    "en": Punctuation(": ", ", ", ". ", " ", (" (", ")"), " · ", "; ", ("[", "] ")),
    "ja": Punctuation("：", "、", "。", "", ("（", "）"), "／", "／", ("［", "］")),
}


class UnknownLanguageError(ValueError):
    def __init__(self, lang: object) -> None:
        super().__init__(f"unknown language {lang!r}: the site's languages are {', '.join(LANGUAGES)}")


def check(lang: str) -> str:
    """`lang` itself, if it is one of the site's languages."""
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    return lang


def punctuation(lang: str) -> Punctuation:
    return PUNCTUATION[check(lang)]


# A language as a path segment of an address (/docs/en/..., /en/articles/...).
_LANGUAGE_SEGMENT = re.compile(r"/(" + "|".join(LANGUAGES) + r")(?=/|\Z)")


def url_language(url: str) -> str | None:
    """The language an address names in its path, if it names one of the site's
    (nothing is guessed of an address that names none)."""
    found = _LANGUAGE_SEGMENT.search(urlsplit(url).path)
    return found.group(1) if found else None


def root(lang: str) -> str:
    """The folder of a language below the site root: "" for the default, else "ja/"."""
    return "" if check(lang) == DEFAULT_LANGUAGE else f"{lang}/"
