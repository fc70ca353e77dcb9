"""Value objects of the content model: localized text, numbers, and sort keys."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from briefgen.diagnostics import Location


@dataclass(frozen=True)
class Text:
    """A text field: one string for every language, or one string per language.

    ``plain`` is set for a plain string (the same in every language, never
    reported as untranslated); ``translations`` holds a language mapping in the
    order it was written.
    """

    plain: str | None = None
    translations: tuple[tuple[str, str], ...] = ()
    loc: Location | None = field(default=None, compare=False)
    markdown: bool = False

    @classmethod
    def of(cls, value: str) -> Text:
        return cls(plain=value)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.translations)

    def has(self, lang: str) -> bool:
        return self.plain is not None or any(code == lang for code, _ in self.translations)

    def get(self, lang: str, default_lang: str) -> str:
        """The string for ``lang``, falling back to the default language, then the first entry."""
        if self.plain is not None:
            return self.plain
        table = dict(self.translations)
        if lang in table:
            return table[lang]
        if default_lang in table:
            return table[default_lang]
        return self.translations[0][1] if self.translations else ""

    def canonical(self) -> object:
        """A JSON-friendly form, used for fingerprints."""
        return self.plain if self.plain is not None else dict(self.translations)


@dataclass(frozen=True)
class Number:
    """A number with its digits kept exactly as written."""

    raw: str
    value: Decimal

    @property
    def decimals(self) -> int:
        return len(self.raw.split(".", 1)[1]) if "." in self.raw else 0


_BASE_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def sort_key(value: str) -> tuple[str, str]:
    """A reader's alphabetical order: diacritics sort with their base letter (Øster with the O's).

    The second element breaks ties so that the order is total and stable.
    """
    base = unicodedata.normalize("NFKD", value.translate(_BASE_LETTERS))
    stripped = "".join(ch for ch in base if not unicodedata.combining(ch))
    return (stripped.casefold(), value)
