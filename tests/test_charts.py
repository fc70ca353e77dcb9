"""Fact series and their charts: which facts form a series, and what the chart says."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pytest

from briefgen.content.models import Fact
from briefgen.content.values import Number, Text
from briefgen.render import charts


def fact(label: str, value: str, year: int | None, unit: str | None = None) -> Fact:
    number = Number(value, Decimal(value)) if re.fullmatch(r"[0-9.]+", value) else Text.of(value)
    return Fact(Text.of(label), number, Text.of(unit) if unit else None, year)


REPATRIATED = [
    fact("Children repatriated", v, y)
    for y, v in [(2021, "279"), (2019, "156"), (2022, "310"), (2020, "201")]
]


def test_three_years_of_numbers_form_a_series_sorted_by_year() -> None:
    (series,) = charts.find_series([*REPATRIATED, fact("Population", "19000000", 2022)])
    assert [year for year, _ in series.points] == [2019, 2020, 2021, 2022]
    assert series.latest[1].raw == "310"


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(REPATRIATED[:2], id="two years"),
        pytest.param([*REPATRIATED[:2], fact("Children repatriated", "many", 2023)], id="text"),
        pytest.param([*REPATRIATED[:2], fact("Children repatriated", "9", 2019)], id="same year"),
        pytest.param([*REPATRIATED[:2], fact("Children repatriated", "9", None)], id="no year"),
        pytest.param([*REPATRIATED[:3], fact("Children repatriated", "9", 2024, "%")], id="units"),
    ],
)
def test_facts_that_break_a_rule_form_no_series(facts: list[Fact]) -> None:
    assert charts.find_series(facts) == ()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Children repatriated, 2019–2022: 156, 201, 279, 310"),
        ("ar", "Children repatriated، 2019–2022: 156، 201، 279، 310"),
        ("zh", "Children repatriated，2019–2022: 156，201，279，310"),
    ],
)
def test_alt_text_reads_the_numbers_in_the_language(lang: str, expected: str) -> None:
    (series,) = charts.find_series(REPATRIATED)
    assert charts.alt_text(series, "Children repatriated", "", lang) == expected


def _year_positions(svg: str) -> dict[str, float]:
    found = re.findall(r'transform="translate\(([-0-9.]+),[-0-9.]+\)"[^>]*>(20\d\d)</text>', svg)
    return {year: float(x) for x, year in found}


def test_the_chart_is_mirrored_right_to_left_in_arabic() -> None:
    (series,) = charts.find_series(REPATRIATED)
    ltr = _year_positions(charts.render(series, "en", "#0b5ea8", "Noto Sans", "svg").decode())
    rtl = _year_positions(charts.render(series, "ar", "#0b5ea8", "Noto Sans", "svg").decode())
    assert ltr["2019"] < ltr["2022"]
    assert rtl["2019"] > rtl["2022"]


def test_the_axis_uses_the_languages_number_format() -> None:
    series = charts.Series(
        Text.of("Seizures"),
        None,
        tuple(
            (2018 + i, Number(v, Decimal(v)))
            for i, v in enumerate(["1200000", "2500000", "3100000"])
        ),
    )
    en = charts.render(series, "en", "#0b5ea8", "Noto Sans", "svg").decode()
    fr = charts.render(series, "fr", "#0b5ea8", "Noto Sans", "svg").decode()
    assert ">3,000,000</text>" in en
    assert ">3\u202f000\u202f000</text>" in fr


def test_the_chart_names_no_external_resource_and_uses_the_theme_colour() -> None:
    (series,) = charts.find_series(REPATRIATED)
    svg = charts.render(series, "en", "#0b5ea8", "Noto Sans", "svg").decode()
    assert 'fill="#0b5ea8"' in svg
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces
    assert "href" not in without_namespaces


def test_png_is_at_print_resolution() -> None:
    (series,) = charts.find_series(REPATRIATED)
    png = charts.render(series, "en", "#0b5ea8", "Noto Sans", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 220 * charts.PRINT_PPI // 72 * 0.9


def test_two_processes_give_the_same_bytes() -> None:
    code = (
        "import sys, hashlib\n"
        "from tests.test_charts import REPATRIATED\n"
        "from briefgen.render import charts\n"
        "(s,) = charts.find_series(REPATRIATED)\n"
        "for fmt in ('svg', 'png'):\n"
        "    data = charts.render(s, 'ar', '#123456', 'Noto Sans', fmt)\n"
        "    print(hashlib.sha256(data).hexdigest())\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert len(runs[0].split()) == 2
