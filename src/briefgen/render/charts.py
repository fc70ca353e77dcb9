"""Charts of fact series: the numbers a country sheet can show, not only list.

Facts with the same label and numeric values in three or more different years
form a series (content model, "facts"). A series is drawn with Vega-Lite
through vl-convert: chosen over matplotlib and pygal because its output is
byte-identical from run to run (pygal's ids are random), it starts in
milliseconds (matplotlib's import takes seconds in every worker), it is one
wheel with no dependencies, and it formats the axis with any d3 number
locale, so the axis carries the language's digits and separators. No data or
font is ever fetched: ``allowed_base_urls`` is empty and the data is inline.

SVG goes into the PDF and the HTML; Word gets a PNG at print resolution.
Every chart has alt text made from its numbers, and the numbers stay in the
key facts table.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from briefgen.content.models import Fact
from briefgen.content.values import Number, Text
from briefgen.render import i18n

MIN_YEARS = 3
"""A label with numeric values in this many different years is a series."""
PRINT_PPI = 300
BARS_UP_TO = 6
"""A series of up to this many years is drawn as bars; a longer one as a line."""


@dataclass(frozen=True)
class Series:
    """One indicator over the years, oldest first."""

    label: Text
    unit: Text | None
    points: tuple[tuple[int, Number], ...]

    @property
    def latest(self) -> tuple[int, Number]:
        return self.points[-1]


def _key(fact: Fact) -> str:
    return json.dumps(fact.label.canonical(), sort_keys=True, ensure_ascii=False)


def find_series(facts: Sequence[Fact]) -> tuple[Series, ...]:
    """The series among ``facts``, in the order their label first appears.

    A group of facts with one label forms a series only when every value is a
    number with a year, the years differ, the unit is the same throughout, and
    there are at least three years; ``check`` reports a group that has three
    years or more but breaks one of the other rules (content/series.py).
    """
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(_key(fact), []).append(fact)
    found = []
    for group in groups.values():
        years = [f.year for f in group]
        units = {json.dumps(f.unit.canonical() if f.unit else None) for f in group}
        if (
            len(group) >= MIN_YEARS
            and all(isinstance(f.value, Number) and f.year is not None for f in group)
            and len(set(years)) == len(years)
            and len(units) == 1
        ):
            points = sorted(
                (f.year, f.value)
                for f in group
                if f.year is not None and isinstance(f.value, Number)
            )
            found.append(Series(group[0].label, group[0].unit, tuple(points)))
    return tuple(found)


def number_locale(lang: str) -> dict[str, Any]:
    """The d3-format locale of ``lang``: its decimal sign, grouping and digits (CLDR)."""
    loc = i18n.locale(lang)
    return {
        "decimal": get_decimal_symbol(loc, numbering_system="default"),
        "thousands": get_group_symbol(loc, numbering_system="default"),
        "grouping": [3],
        "currency": ["", ""],
        "numerals": [format_decimal(d, locale=loc, numbering_system="default") for d in range(10)],
    }


def _year(year: int, lang: str) -> str:
    digits = number_locale(lang)["numerals"]
    return "".join(digits[int(d)] for d in str(year))


def alt_text(series: Series, label: str, unit: str, lang: str) -> str:
    """ "Children repatriated, 2019–2022: 156, 201, 279, 310" in the language's digits."""
    first, last = series.points[0][0], series.points[-1][0]
    values = i18n.comma(lang).join(i18n.format_number(v, lang) for _, v in series.points)
    name = f"{label} ({unit})" if unit else label
    return f"{name}{i18n.comma(lang)}{_year(first, lang)}–{_year(last, lang)}: {values}"


def spec(series: Series, lang: str, color: str, font: str) -> dict[str, Any]:
    """The Vega-Lite specification of one small chart; right to left mirrors it."""
    rtl = i18n.direction(lang) == "rtl"
    data = [
        {"year": _year(year, lang), "value": float(value.value)} for year, value in series.points
    ]
    bars = len(data) <= BARS_UP_TO
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 220,
        "height": 90,
        "background": None,
        "data": {"values": data},
        "mark": {"type": "bar", "color": color, "width": {"band": 0.6}}
        if bars
        else {"type": "line", "color": color, "point": {"color": color}},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "sort": None,
                "title": None,
                "scale": {"reverse": rtl},
                "axis": {"labelAngle": 0, "ticks": False, "domainColor": "#888"},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": None,
                "axis": {
                    "format": ",~f",
                    "orient": "right" if rtl else "left",
                    "tickCount": 3,
                    "domain": False,
                    "gridColor": "#ddd",
                },
            },
        },
        "config": {
            "font": font,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 9, "labelColor": "#444"},
        },
    }


@lru_cache(maxsize=64)
def _convert(spec_json: str, lang: str, fmt: str) -> bytes:
    from briefgen.render import chart_server  # one chart process serves a build's workers

    return chart_server.draw(spec_json, number_locale(lang), fmt, PRINT_PPI)


def render(series: Series, lang: str, color: str, font: str, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes; the same input always gives the same bytes."""
    text = json.dumps(spec(series, lang, color, font), sort_keys=True, ensure_ascii=False)
    return _convert(text, lang, fmt)


CHART_FONT = "Noto Sans"
"""The axis font when the theme names none: it has the digits of every UN language."""


class ChartError(Exception):
    """The chart library could not draw a series (the message says why)."""


@dataclass(frozen=True)
class Chart:
    """One drawn series: its SVG for the PDF and the HTML, and what makes its PNG for Word."""

    series: Series
    lang: str
    color: str
    font: str
    svg: bytes

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")

    def png(self) -> bytes:
        """The same chart at print resolution (made only when a Word document needs it)."""
        return _draw(self.series, self.lang, self.color, self.font, "png")


def _draw(series: Series, lang: str, color: str, font: str, fmt: str) -> bytes:
    try:
        return render(series, lang, color, font, fmt)
    except Exception as exc:  # vl-convert raises plain ValueErrors and panics as several kinds
        raise ChartError(
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        ) from None


def draw(series: Series, lang: str, color: str, font: str) -> Chart:
    """The chart of ``series``; raises ChartError when the chart library fails."""
    return Chart(series, lang, color, font, _draw(series, lang, color, font, "svg"))
