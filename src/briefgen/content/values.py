"""Value objects of the content model: localized text, numbers, and sort keys."""

from __future__ import annotations

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
