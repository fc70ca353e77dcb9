"""Locale rules from CLDR (through Babel): dates, numbers, lists, quotation marks, country names."""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache

import pycountry
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_interval, format_time
from babel.lists import format_list as _babel_list

from briefgen.content.values import Number

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
    try:
        return Locale.parse(lang)
    except Exception:  # an ISO 639-1 code CLDR does not know: use English rules
        return Locale.parse("en")


def direction(lang: str) -> str:
    """ "rtl" or "ltr", from CLDR's character order."""
    return "rtl" if locale(lang).character_order == "right-to-left" else "ltr"


def format_date(value: dt.date, lang: str) -> str:
    return str(_babel_date(value, format="long", locale=locale(lang)))


def format_date_range(start: dt.date, end: dt.date, lang: str) -> str:
    if start == end:
        return format_date(start, lang)
    return str(format_interval(start, end, "yMMMMd", locale=locale(lang)))


def format_clock(value: dt.time, lang: str) -> str:
    return str(format_time(value, format="short", locale=locale(lang)))


def format_number(value: Number, lang: str) -> str:
    """Digits as written (no rounding, trailing zeros kept), grouped per the locale."""
    loc = locale(lang)
    pattern = copy.copy(loc.decimal_formats[None])
    pattern.frac_prec = (value.decimals, value.decimals)
    return str(pattern.apply(value.value, loc))


def format_list(items: list[str], lang: str) -> str:
    if not items:
        return ""
    return str(_babel_list(items, locale=locale(lang)))


def quotes(lang: str) -> tuple[str, str]:
    return _QUOTES.get(lang, _QUOTES["en"])


@lru_cache(maxsize=2048)
def country_name(code: str, lang: str) -> str:
    """The country's common short name, translated (CLDR), for an ISO 3166 alpha-3 code."""
    record = pycountry.countries.get(alpha_3=code)
    if record is None:
        return code
    if lang == "en":
        return str(getattr(record, "common_name", None) or record.name)
    name = locale(lang).territories.get(record.alpha_2)
    return str(name) if name else str(getattr(record, "common_name", None) or record.name)
