"""Locale rules from CLDR (through Babel): dates, numbers, lists, quotation marks, country names."""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import DateTimeFormat, format_time, parse_pattern
from babel.dates import format_date as _babel_date
from babel.lists import format_list as _babel_list

from briefgen.content.catalogs import base
from briefgen.content.un_country_names import un_short_name
from briefgen.content.values import Number
from briefgen.render import bidi

__all__ = ["base"]  # the language of a tag, used by templates' helpers through this module

# CLDR's <delimiters> (quotationStart / quotationEnd), which Babel does not expose.
_QUOTES = {
    "en": ("\u201c", "\u201d"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"),
    "es": ("\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb"),
    "ar": ("\u201d", "\u201c"),
    "zh": ("\u201c", "\u201d"),
    "de": ("\u201e", "\u201c"),
    "ja": ("\u300c", "\u300d"),
}


@lru_cache(maxsize=64)
def locale(lang: str) -> Locale:
    """The CLDR locale of a language tag ("fr-CA"); of its base language when CLDR lacks
    the tag; English rules for a language CLDR does not know."""
    for tag in (lang, base(lang), "en"):
        try:
            return Locale.parse(tag, sep="-")
        except Exception:
            continue
    raise AssertionError("Babel has no English locale")  # pragma: no cover


UN_ENGLISH = "en-001"
"""The locale of dates and lists for a bare ``en``: CLDR's international English writes
them as the United Nations does, day first and the month in full ("10 March 2021"),
and lists without a serial comma ("A, B and C"). A tag with a region (``en-US``) keeps
its own CLDR style ("March 10, 2021"; "A, B, and C")."""


def _house_locale(lang: str) -> Locale:
    return locale(UN_ENGLISH if lang == "en" else lang)


def direction(lang: str) -> str:
    """ "rtl" or "ltr", from CLDR's character order."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


def format_date(value: dt.date, lang: str) -> str:
    """The language's CLDR long date ("10 March 2021", "10 mars 2021", "2021年3月10日")."""
    return str(_babel_date(value, format="long", locale=_house_locale(lang)))


def format_date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """Two dates as one range in the style of the long date, months written in full
    ("10–12 March 2021", "10 mars – 2 avril 2021").

    CLDR's interval patterns abbreviate the month ("10–12 Mar 2021"); an official
    document writes it out as the long date does, so each pattern's MMM becomes MMMM
    (not in Chinese, whose long date writes the month as a number: "3月").
    """
    if start == end:
        return format_date(start, lang)
    loc = _house_locale(lang)
    long_month = "MMMM" in loc.date_formats["long"].pattern
    # The month in full where CLDR has a pattern for it: Spanish writes the long date's
    # "de" there too ("13–17 de mayo de 2024"; its yMMMd range is "13–17 mayo 2024").
    formats = (loc.interval_formats.get("yMMMMd") if long_month else None) or {}
    full = False
    if not formats:
        formats = loc.interval_formats.get("yMMMd") or {}
        full = long_month
    if not formats:
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    start_fields, end_fields = DateTimeFormat(start, loc), DateTimeFormat(end, loc)
    for key in ("y", "M", "d"):
        if key in formats and start_fields.extract(key) != end_fields.extract(key):
            return "".join(
                parse_pattern(_full_months(pattern) if full else pattern).apply(day, loc)
                for pattern, day in zip(formats[key], (start, end), strict=True)
            )
    return format_date(start, lang)


def _full_months(pattern: str) -> str:
    """A date pattern with abbreviated month names (MMM, LLL) written in full."""
    return _ABBREVIATED_MONTH.sub(lambda m: m.group() + m.group()[0], pattern)


_ABBREVIATED_MONTH = re.compile(r"(?<![ML])(?:MMM|LLL)(?![ML])")


def format_clock(value: dt.time, lang: str) -> str:
    """A time of day: CLDR's short time, except in United Nations English, which writes
    "10 a.m.", "3.30 p.m.", "noon" and "midnight" (UN Editorial Manual)."""
    if lang != "en":
        return str(format_time(value, format="short", locale=locale(lang)))
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "noon"
    hour = value.hour % 12 or 12
    minutes = f".{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes} {'a.m.' if value.hour < 12 else 'p.m.'}"


def format_number(value: Number, lang: str) -> str:
    """Digits as written (no rounding, trailing zeros kept), grouped per the locale."""
    loc = locale(lang)
    pattern = copy.copy(loc.decimal_formats[None])
    pattern.frac_prec = (value.decimals, value.decimals)
    return str(pattern.apply(value.value, loc, numbering_system="default"))


def format_list(items: list[str], lang: str) -> str:
    if not items:
        return ""
    return str(_babel_list(items, locale=_house_locale(lang)))


_COMMAS = {"ar": "، ", "fa": "، ", "ur": "، ", "zh": "，", "ja": "、"}


def comma(lang: str) -> str:
    """The separator of a simple enumeration ("Director, UNODC, Japan")."""
    return _COMMAS.get(base(lang), ", ")


_SPELLED_OUT = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
"""Counts written in words in running text, per language (editorial style):
United Nations English spells out one to nine and writes 10 and above in figures.
The other languages keep figures for now: their number words agree with the noun
they count (French "une déclaration", "un intervenant"; Russian and Arabic change
with case and gender), which a label's count cannot know; figures are correct in
every one of them, and Chinese writes counts in figures anyway. A catalog can still
word the one number of a plural form: Arabic's forms for one and two say "متكلم واحد"
and the dual "متكلمان" without a figure (locale/ar)."""


def format_count(count: int, lang: str) -> str:
    """A count as running text writes it: "one" to "nine" in English, else figures."""
    words = _SPELLED_OUT.get(base(lang), ())
    if 1 <= count <= len(words):
        return words[count - 1]
    return format_number(Number(str(count), Decimal(count)), lang)


_TITLES_AFTER_NAME = ("zh", "ja", "ko")
"""Languages that write a title after the name: 卡利耶夫阁下, 田中様, 김 대사님."""


def _east_asian(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def with_honorific(name: str, honorific: str, lang: str) -> str:
    """A name with its honorific, in the order of ``lang``: before the name ("H.E. Mr.
    Talgat Kaliyev"), or after it in Chinese, Japanese and Korean when the honorific is
    written in that script ("Talgat Kaliyev 阁下"; an untranslated "H.E. Mr." keeps its
    place). Chinese and Japanese join a name in their own script without a space."""
    if lang.split("-")[0] in _TITLES_AFTER_NAME and any(map(_east_asian, honorific)):
        joined = lang.startswith(("zh", "ja")) and name[-1:] and _east_asian(name[-1])
        return f"{name}{honorific}" if joined else f"{name} {honorific}"
    return f"{honorific} {name}"


def quotes(lang: str) -> tuple[str, str]:
    return _QUOTES.get(lang, _QUOTES.get(base(lang), _QUOTES["en"]))


@lru_cache(maxsize=2048)
def country_name(code: str, lang: str) -> str:
    """The country's short name in ``lang``, for an ISO 3166 alpha-3 code: the UN's name of a
    Member State or observer State in the six UN languages (content/un_country_names.py),
    else CLDR's translated name (ISO 3166's in English)."""
    un_name = un_short_name(code, lang)
    if un_name is not None:
        return un_name
    import pycountry  # its database loads in ~90 ms: only when a document names a country

    record = pycountry.countries.get(alpha_3=code)
    if record is None:
        return code
    if base(lang) == "en":
        return str(getattr(record, "common_name", None) or record.name)
    name = locale(lang).territories.get(record.alpha_2)
    return str(name) if name else str(getattr(record, "common_name", None) or record.name)


@lru_cache(maxsize=2048)
def country_other_names(code: str, lang: str) -> tuple[str, ...]:
    """Shorter names a text may call the country by, besides :func:`country_name`: CLDR's
    everyday name ("Bolivia", "Iran") and the UN name's words before its parenthesis
    ("Bolivia" of "Bolivia (Plurinational State of)"). A credit line "President of Bolivia"
    names the country, and is not followed by its UN name (render/credit.py)."""
    import pycountry

    record = pycountry.countries.get(alpha_3=code)
    found: list[str] = []
    if record is not None:
        found.append(str(locale(lang).territories.get(record.alpha_2) or ""))
        if base(lang) == "en":
            found.append(str(getattr(record, "common_name", None) or record.name))
    found.append(country_name(code, lang).split(" (")[0])
    return tuple(dict.fromkeys(name for name in found if name))


# -- bidi ---


def text_direction(text: str) -> str | None:
    """ "ltr" or "rtl" from the first strong character outside isolates (Unicode bidi
    rules P2 and P3), None if there is none."""
    return bidi.paragraph_direction(text)


FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """Text set apart for the bidi algorithm (first-strong isolate), so that a Latin name or
    a number inside Arabic keeps its own order, and neighbouring punctuation stays put."""
    return f"{FSI}{text}{PDI}" if text else text
