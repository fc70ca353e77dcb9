"""A fact series that cannot be drawn is a `check` error at the fact that breaks it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from conftest import diagnostics_of

Check = Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]
KAZ = "content/countries/KAZ.yaml"
SERIES = (
    "facts:\n"
    "  - {label: Children repatriated, value: 156, year: 2019}\n"
    "  - {label: Children repatriated, value: 201, year: 2020}\n"
    "  - {label: Children repatriated, value: 279, year: 2021}\n"
)


def test_a_sound_series_and_a_repeated_label_in_two_years_are_valid(check: Check) -> None:
    population = (
        "  - {label: Population, value: about 19 million, year: 2021}\n"
        "  - {label: Population, value: 19.6, year: 2022}\n"
    )
    code, lines = check({KAZ: SERIES + population})
    assert (code, diagnostics_of(lines)) == (0, [])


def test_every_fact_that_breaks_a_series_is_reported_at_its_line(check: Check) -> None:
    breaking = (
        "  - label: Children repatriated\n"
        "    value: 310\n"
        "    year: 2021\n"
        "  - {label: Children repatriated, value: 320, year: 2022, unit: people}\n"
        "  - {label: Children repatriated, value: many, year: 2023}\n"
        "  - {label: Children repatriated, value: 12}\n"
    )
    code, lines = check({KAZ: SERIES + breaking})
    assert code == 1
    assert diagnostics_of(lines) == [
        f'{KAZ}:7:11: error: "Children repatriated" has two values for 2021 (the other at '
        "line 4) [fact-series]",
        f'{KAZ}:8:65: error: "Children repatriated" mixes units in one series (the first '
        "value, at line 2, has another unit) [fact-series]",
        f'{KAZ}:9:42: error: "Children repatriated" has numbers in 4 years, so it is drawn as '
        "a chart: every value must be a number [fact-series]",
        f'{KAZ}:10:5: error: "Children repatriated" is a series: this value needs a year '
        "[fact-series]",
    ]


def test_series_mistakes_come_with_the_files_other_mistakes(check: Check) -> None:
    """A series mistake does not wait for the file's other mistakes to be fixed."""
    broken = SERIES + "  - {label: Children repatriated, value: x, year: 2024}\n"
    code, lines = check({KAZ: broken + "contacts:\n  - {email: 5}\n"})
    assert code == 1
    assert [line.split(": error: ")[0] for line in diagnostics_of(lines)] == [
        f"{KAZ}:5:42",
        f"{KAZ}:7:13",
    ]
