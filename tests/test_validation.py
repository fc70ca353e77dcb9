"""Validation of content against the content model: one exact message per mistake.

Every case is a small project (the entities in ``WORLD`` plus the files of the
case) and the complete list of diagnostics ``briefgen check`` must print for
it. Positions are worked out from the fixture text: ``key: value`` on a line
puts the value at column len("key: ") + 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_root, diagnostics_of, make_project, run_check

Check = Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]

EVENT = "content/events/e.yaml"
SPEAKER = "content/speakers/ann-lee.yaml"
ORG = "content/organisations/acme.yaml"
PROGRAMME = "content/programmes/p.yaml"
KAZ = "content/countries/KAZ.yaml"
CONFIG = "briefgen.yaml"

WORLD: dict[str, str | bytes] = {
    "content/speakers/miwa-kato.yaml": "name: Miwa Kato\nposition: Director\n",
    "content/organisations/unodc.yaml": "name: United Nations Office on Drugs and Crime\n",
    "content/organisations/eu.yaml": "name: European Union\n",
    "content/programmes/gp-end-vac.yaml": "name: Global Programme to End Violence\n",
}
"""Valid entities the cases refer to."""

EVENT_HEAD = "title: T\nstart: 2021-03-10\n"
"""Lines 1-2 of an event file."""


def case(name: str, files: dict[str, str | bytes], *expected: str) -> Any:
    """One parametrize case: the files of a project and every diagnostic expected, in order."""
    return pytest.param(files, list(expected), id=name)


ROSTER = "[speaker-without-event]"
"""The warning about a speaker in no event: WORLD's speakers are in none of the cases'
events, and each case is about its own mistake (tests/test_suppress_warnings.py tests it)."""


def run(check: Check, files: Mapping[str, str | bytes]) -> tuple[int, list[str]]:
    code, lines = check({**WORLD, **files})
    return code, [line for line in lines if not line.endswith(ROSTER)]


def assert_errors(check: Check, files: Mapping[str, str | bytes], expected: list[str]) -> None:
    code, lines = run(check, files)
    assert diagnostics_of(lines) == expected
    assert code == (1 if any(": error: " in e for e in expected) else 0)


# -- required keys ------------------------------------------------------------------

MISSING = [
    case(
        "event",
        {EVENT: "kind: Side Event\n"},
        f'{EVENT}:1:1: error: missing required key "start" [missing]',
        f'{EVENT}:1:1: error: missing required key "title" [missing]',
    ),
    case(
        "speaker",
        {SPEAKER: "honorific: Ms.\n"},
        f'{SPEAKER}:1:1: error: missing required key "name" [missing]',
        f'{SPEAKER}:1:1: error: missing required key "position" [missing]',
    ),
    case(
        "organisation",
        {ORG: "acronym: ACME\n"},
        f'{ORG}:1:1: error: missing required key "name" [missing]',
    ),
    case(
        "programme",
        {PROGRAMME: "acronym: P\n"},
        f'{PROGRAMME}:1:1: error: missing required key "name" [missing]',
    ),
    case(
        "session",
        {EVENT: EVENT_HEAD + "sessions:\n  - title: Opening\n  - id: closing\n"},
        f'{EVENT}:4:5: error: missing required key "id" [missing]',
        f'{EVENT}:5:5: error: missing required key "title" [missing]',
    ),
    case(
        "statement",
        {EVENT: EVENT_HEAD + "statements:\n  - verbatim: false\n"},
        f'{EVENT}:4:5: error: missing required key "quote" [missing]',
        f'{EVENT}:4:5: error: missing required key "speaker" [missing]',
    ),
    case(
        "source",
        {EVENT: EVENT_HEAD + "sources:\n  - url: https://example.org\n"},
        f'{EVENT}:4:5: error: missing required key "title" [missing]',
    ),
    case(
        "fact",
        {KAZ: "facts:\n  - label: Population\n  - value: 19000000\n"},
        f'{KAZ}:2:5: error: missing required key "value" [missing]',
        f'{KAZ}:3:5: error: missing required key "label" [missing]',
    ),
    case(
        "null-values",
        {SPEAKER: "name:\nposition: ~\n"},
        f'{SPEAKER}:1:6: error: "name" needs a value [missing]',
        f'{SPEAKER}:2:11: error: "position" needs a value [missing]',
    ),
    case(
        "empty-values",
        {SPEAKER: "name: ''\nposition: \"  \"\nbio: ''\n"},
        f'{SPEAKER}:1:7: error: "name" is empty; it needs a value [empty]',
        f'{SPEAKER}:2:11: error: "position" is empty; it needs a value [empty]',
        f'{SPEAKER}:3:6: warning: "bio" is empty and is left out; '
        "give it a value or remove the key [empty]",
    ),
    case(
        "empty-translation",
        {SPEAKER: "name: Ann Lee\nposition:\n  en: Director\n  fr: ''\n"},
        f'{SPEAKER}:4:7: error: "position.fr" is empty [empty]',
    ),
]


@pytest.mark.parametrize(("files", "expected"), MISSING)
def test_missing_required_keys(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


def test_country_file_needs_no_key(check: Check) -> None:
    assert_errors(check, {KAZ: "region: Central Asia\n"}, [])


# -- unknown keys ---------------------------------------------------------------------

UNKNOWN = [
    case(
        "did-you-mean-title",
        {EVENT: "titel: T\nstart: 2021-03-10\n"},
        f'{EVENT}:1:1: error: missing required key "title" [missing]',
        f'{EVENT}:1:1: error: unknown key "titel"; did you mean "title"? [unknown-key]',
    ),
    case(
        "did-you-mean-honorific",
        {SPEAKER: "name: Ann Lee\nposition: Director\nhonorfic: Ms.\n"},
        f'{SPEAKER}:3:1: error: unknown key "honorfic"; did you mean "honorific"? [unknown-key]',
    ),
    case(
        "no-suggestion",
        {SPEAKER: "name: Ann Lee\nposition: Director\nshoe_size: 38\n"},
        f'{SPEAKER}:3:1: error: unknown key "shoe_size" [unknown-key]',
    ),
    case(
        "in-a-session",
        {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    titel: A\n"},
        f'{EVENT}:4:5: error: missing required key "title" [missing]',
        f'{EVENT}:5:5: error: unknown key "titel"; did you mean "title"? [unknown-key]',
    ),
    case(
        "in-briefgen-yaml",
        {CONFIG: "languagse: [en]\n"},
        f'{CONFIG}:1:1: error: unknown key "languagse"; did you mean "languages"? [unknown-key]',
    ),
    case(
        "in-theme",
        {CONFIG: "theme:\n  primary_colour: '#000000'\n"},
        f'{CONFIG}:2:3: error: unknown key "primary_colour"; did you mean "primary_color"? '
        "[unknown-key]",
    ),
    case(
        "in-a-language-mapping",  # a language mapping's keys are language codes
        {SPEAKER: "name: Ann Lee\nposition:\n  en: Director\n  title: Directrice\n"},
        f'{SPEAKER}:4:3: error: "title" is not an ISO 639-1 language code (two lower-case '
        "letters, e.g. en, fr, ar) [language]",
    ),
]


@pytest.mark.parametrize(("files", "expected"), UNKNOWN)
def test_unknown_keys(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


def test_anything_goes_under_extra(check: Check) -> None:
    extra = "extra:\n  titel: x\n  nested: {deep: [1, {deeper: yes}]}\n  empty:\n"
    assert_errors(
        check,
        {
            CONFIG: "title: T\n" + extra,
            SPEAKER: "name: Ann Lee\nposition: Director\n" + extra,
            EVENT: EVENT_HEAD + extra,
            KAZ: extra,
            ORG: "name: Acme\n" + extra,
            PROGRAMME: "name: P\n" + extra,
        },
        [],
    )


def test_extra_must_be_a_mapping_and_only_at_the_top(check: Check) -> None:
    assert_errors(
        check,
        {
            SPEAKER: "name: Ann Lee\nposition: Director\nextra: [a, b]\n",
            EVENT: EVENT_HEAD + "venue:\n  city: Kyoto\n  extra: {a: 1}\n",
        },
        [
            f'{EVENT}:5:3: error: unknown key "extra" [unknown-key]',
            f'{SPEAKER}:3:8: error: "extra" must be a mapping [type]',
        ],
    )


# -- value types --------------------------------------------------------------------------

TYPES = [
    case(
        "list-for-text",
        {SPEAKER: "name: [Ann, Lee]\nposition: Director\n"},
        f'{SPEAKER}:1:7: error: "name" must be text (a string, or a mapping of languages to '
        "strings), not a list [type]",
    ),
    case(
        "mapping-for-date",
        {EVENT: "title: T\nstart: {year: 2021, month: 3}\n"},
        f'{EVENT}:2:8: error: "start" must be a date (YYYY-MM-DD), not a mapping [type]',
    ),
    case(
        "list-for-date",
        {EVENT: EVENT_HEAD + "end:\n  - 2021-03-11\n"},
        f'{EVENT}:4:3: error: "end" must be a date (YYYY-MM-DD), not a list [type]',
    ),
    case(
        "scalar-for-list",
        {EVENT: EVENT_HEAD + "organisers: unodc\n"},
        f'{EVENT}:3:13: error: "organisers" must be a list [type]',
    ),
    case(
        "scalar-for-mapping",
        {EVENT: EVENT_HEAD + "venue: Kyoto\n"},
        f'{EVENT}:3:8: error: "venue" must be a mapping of keys (name:, city:, country:), '
        "not a single value [type]",
    ),
    case(
        "scalar-for-session",
        {EVENT: EVENT_HEAD + "sessions:\n  - Opening\n"},
        f'{EVENT}:4:5: error: each item of "sessions" must be a mapping of keys (id:, title:), '
        "not a single value [type]",
    ),
    case(
        "list-for-fact",
        {"content/countries/KAZ.yaml": "facts:\n  - [Population, 19]\n"},
        'content/countries/KAZ.yaml:2:5: error: each item of "facts" must be a mapping of keys '
        "(label:, value:), not a list [type]",
    ),
    case(
        "mapping-for-string",
        {SPEAKER: "name: Ann Lee\nposition: Director\nsort_name: {en: Lee}\n"},
        f'{SPEAKER}:3:12: error: "sort_name" must be a string, not a mapping [type]',
    ),
    case(
        "list-in-language-mapping",
        {SPEAKER: "name: Ann Lee\nposition: {en: [Director]}\n"},
        f'{SPEAKER}:2:16: error: "position.en" must be a string [type]',
    ),
    case(
        "empty-language-mapping",
        {SPEAKER: "name: {}\nposition: Director\n"},
        f'{SPEAKER}:1:7: error: "name" has no text in any language [type]',
    ),
    case(
        "boolean",
        {
            EVENT: EVENT_HEAD
            + "statements:\n  - speaker: miwa-kato\n    quote: Q\n    verbatim: quoted\n"
        },
        f'{EVENT}:6:15: error: "verbatim" must be true or false, not "quoted" [type]',
    ),
    case(
        "enum-with-suggestion",
        {ORG: "name: Acme\nkind: goverment\n"},
        f'{ORG}:2:7: error: "kind" must be one of un, government, regional, intergovernmental, '
        'civil-society, other; not "goverment"; did you mean "government"? [choice]',
    ),
    case(
        "email",
        {KAZ: "contacts:\n  - name: Ann Lee\n    email: ann.lee.example.org\n"},
        f'{KAZ}:3:12: error: "email" is not an e-mail address: "ann.lee.example.org" [email]',
    ),
    case(
        "url-warning",
        {ORG: "name: Acme\nurl: www.acme.example\n"},
        f'{ORG}:2:6: warning: "url" is not an http, https or mailto address; it is not linked '
        "[url]",
    ),
    case(
        "multi-line-value-stays-on-one-line",
        {EVENT: "title: T\nstart: |\n  10 March\n  2021\n"},
        f'{EVENT}:2:8: error: "start" must be a date (YYYY-MM-DD), not "10 March\\n2021\\n" [date]',
    ),
]


@pytest.mark.parametrize(("files", "expected"), TYPES)
def test_wrong_types(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


# -- dates, years, times ----------------------------------------------------------------

DATES = [
    case(
        "february-30",
        {EVENT: "title: T\nstart: 2021-02-30\n"},
        f'{EVENT}:2:8: error: "start": 2021-02-30 is not a date (YYYY-MM-DD): February 2021 '
        "has 28 days [date]",
    ),
    case(
        "month-13",
        {EVENT: EVENT_HEAD + "end: 2021-13-01\n"},
        f'{EVENT}:3:6: error: "end": 2021-13-01 is not a date (YYYY-MM-DD); did you mean '
        "2021-01-13? [date]",
    ),
    case(
        "written-out",
        {EVENT: EVENT_HEAD + "sources:\n  - title: Minutes\n    date: 10 March 2021\n"},
        f'{EVENT}:5:11: error: "date" must be a date (YYYY-MM-DD), not "10 March 2021" [date]',
    ),
    case(
        "single-digit-month",
        {EVENT: "title: T\nstart: 2021-3-10\n"},
        f'{EVENT}:2:8: error: "start" must be a date (YYYY-MM-DD), not "2021-3-10" [date]',
    ),
    case(
        "year-1899",
        {PROGRAMME: "name: P\nstart: 1899\n"},
        f'{PROGRAMME}:2:8: error: "start" must be a year from 1900 to 2200, not "1899" [year]',
    ),
    case(
        "year-2201",
        {PROGRAMME: "name: P\nend: 2201\n"},
        f'{PROGRAMME}:2:6: error: "end" must be a year from 1900 to 2200, not "2201" [year]',
    ),
    case(
        "year-in-partnership",
        {KAZ: "partnership:\n  since: 1899\n"},
        f'{KAZ}:2:10: error: "since" must be a year from 1900 to 2200, not "1899" [year]',
    ),
    case(
        "year-of-fact",
        {KAZ: "facts:\n  - label: Population\n    value: 19000000\n    year: twenty\n"},
        f'{KAZ}:4:11: error: "year" must be a year from 1900 to 2200, not "twenty" [year]',
    ),
    case(
        "time-25",
        {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    title: A\n    start: 25:00\n"},
        f'{EVENT}:6:12: error: "start" must be a 24-hour time (HH:MM), not "25:00" [time]',
    ),
    case(
        "time-minute-60",
        {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    title: A\n    end: '10:60'\n"},
        f'{EVENT}:6:10: error: "end" must be a 24-hour time (HH:MM), not "10:60" [time]',
    ),
    case(
        "session-ends-before-it-starts",
        {
            EVENT: EVENT_HEAD
            + "sessions:\n  - id: a\n    title: A\n    start: 10:30\n    end: 09:00\n"
        },
        f"{EVENT}:7:10: error: the session ends before it starts [time-order]",
    ),
    case(
        "event-ends-before-it-starts",
        {EVENT: EVENT_HEAD + "end: 2021-03-09\n"},
        f"{EVENT}:3:6: error: the event ends (2021-03-09) before it starts (2021-03-10) "
        "[date-order]",
    ),
    case(
        "programme-ends-before-it-starts",
        {PROGRAMME: "name: P\nstart: 2020\nend: 2019\n"},
        f"{PROGRAMME}:3:6: error: the programme ends before it starts [date-order]",
    ),
    case(
        "session-after-the-event",
        {
            EVENT: EVENT_HEAD
            + "end: 2021-03-11\nsessions:\n  - id: a\n    title: A\n    date: 2021-03-12\n"
        },
        f"{EVENT}:7:11: error: session date 2021-03-12 is outside the event "
        "(2021-03-10 to 2021-03-11) [date-range]",
    ),
    case(
        "session-before-a-one-day-event",
        {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    title: A\n    date: 2021-03-09\n"},
        f"{EVENT}:6:11: error: session date 2021-03-09 is outside the event "
        "(2021-03-10 to 2021-03-10) [date-range]",
    ),
]


@pytest.mark.parametrize(("files", "expected"), DATES)
def test_dates_years_times(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


def test_valid_dates_years_and_times(check: Check) -> None:
    assert_errors(
        check,
        {
            EVENT: EVENT_HEAD
            + "end: 2021-03-12\n"
            + "sessions:\n"
            + "  - id: a\n    title: A\n    date: 2021-03-12\n    start: 00:00\n    end: 23:59\n"
            + "  - id: b\n    title: B\n    start: '9:05'\n",
            PROGRAMME: "name: P\nstart: 1900\nend: 2200\n",
            KAZ: "partnership:\n  since: 2024\n",
        },
        [],
    )


def test_duplicate_session_ids(check: Check) -> None:
    files = {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    title: A\n  - id: a\n    title: B\n"}
    assert_errors(
        check,
        files,
        [
            f'{EVENT}:6:9: error: session id "a" is used twice in this event (first at line 4) '
            "[duplicate-session]"
        ],
    )


# -- colours, languages, translations ----------------------------------------------------

CONFIG_CASES = [
    case(
        "unquoted-colour-is-null",  # "#abc" starts a comment: the value is empty, after the ":"
        {CONFIG: "theme:\n  primary_color: #abc\n"},
        f'{CONFIG}:2:17: error: "primary_color" has no value: quote the colour ("#0b5ea8"), '
        "an unquoted # starts a YAML comment [null]",
    ),
    case(
        "empty-colour",
        {CONFIG: "theme:\n  primary_color:\n"},
        f'{CONFIG}:2:17: error: "primary_color" has no value: quote the colour ("#0b5ea8"), '
        "an unquoted # starts a YAML comment [null]",
    ),
    case(
        "bad-colour",
        {CONFIG: "theme:\n  primary_color: 'blu'\n"},
        f'{CONFIG}:2:18: error: "primary_color" must be a CSS colour such as "#0b5ea8", '
        'not "blu" [color]',
    ),
    case(
        "bad-hex-colour",
        {CONFIG: 'theme:\n  primary_color: "#12345"\n'},
        f'{CONFIG}:2:18: error: "primary_color" must be a CSS colour such as "#0b5ea8", '
        'not "#12345" [color]',
    ),
    case(
        "font-family",
        {CONFIG: "theme:\n  font_family: [Noto Sans, 'x;y']\n"},
        f'{CONFIG}:2:28: error: font family "x;y" may hold letters, digits, spaces and hyphens '
        "only [font]",
    ),
    case(
        "languages",
        {CONFIG: "languages: [en, EN, xx, en]\n"},
        f'{CONFIG}:1:17: error: "EN" is not an ISO 639-1 language code (two lower-case '
        "letters, e.g. en, fr, ar) [language]",
        f'{CONFIG}:1:21: error: "xx" is not an ISO 639-1 language code (two lower-case '
        "letters, e.g. en, fr, ar) [language]",
        f'{CONFIG}:1:25: error: "en" is listed twice in "languages" [duplicate-item]',
    ),
    case(
        "formats",
        {CONFIG: "formats: [pdf, odt]\n"},
        f'{CONFIG}:1:16: error: "formats" must be one of pdf, docx, html; not "odt" [choice]',
    ),
    case(
        "pdf-variant",
        {CONFIG: "pdf_variant: pdf/ua1\n"},
        f'{CONFIG}:1:14: error: "pdf_variant" must be one of pdf/ua-1, pdf/a-3a, pdf/a-3b, '
        'none; not "pdf/ua1"; did you mean "pdf/ua-1"? [choice]',
    ),
    case(
        "strict-yes",
        {CONFIG: "strict: yes\n"},
        f'{CONFIG}:1:9: error: "strict" must be true or false, not "yes" [type]',
    ),
    case(
        "limit-not-positive",
        {CONFIG: "limits: {field_length: 0}\n"},
        f'{CONFIG}:1:24: error: "field_length" must be a positive whole number [type]',
    ),
    case(
        "publisher",
        {CONFIG: "title: T\npublisher: unodcc\n"},
        f'{CONFIG}:2:12: error: unknown organisation "unodcc" '
        '(no content/organisations/unodcc.yaml); did you mean "unodc"? [unknown-reference]',
    ),
    case(
        "language-code-in-text",
        {SPEAKER: "name: {en: Ann, xx: Anne, EN: Annie}\nposition: Director\n"},
        f'{SPEAKER}:1:17: error: "xx" is not an ISO 639-1 language code (two lower-case '
        "letters, e.g. en, fr, ar) [language]",
        f'{SPEAKER}:1:27: error: "EN" is not an ISO 639-1 language code (two lower-case '
        "letters, e.g. en, fr, ar) [language]",
    ),
    case(
        "missing-translation",
        {
            CONFIG: "languages: [en, fr]\n",
            SPEAKER: "name: Ann Lee\nposition: {en: Director}\nhonorific:\n  fr: Mme\n",
        },
        f'{SPEAKER}:2:11: warning: "position" has no "fr" text; the "en" text is used '
        "[missing-translation]",
        f'{SPEAKER}:4:3: warning: "honorific" has no "en" text; the "fr" text is used '
        "[missing-translation]",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CONFIG_CASES)
def test_colours_languages_settings(
    check: Check, files: dict[str, str], expected: list[str]
) -> None:
    assert_errors(check, files, expected)


def test_valid_colours_and_plain_strings_are_never_untranslated(check: Check) -> None:
    assert_errors(
        check,
        {
            CONFIG: "languages: [en, fr]\ntheme:\n  primary_color: '#abc'\n",
            SPEAKER: "name: Ann Lee\nposition: {en: Director, fr: Directrice}\n",
            ORG: "name: Acme\nacronym: ACME\n",
        },
        [],
    )


# -- ids, file names, countries -------------------------------------------------------------

IDS = [
    case(
        "unknown-country-code",
        {SPEAKER: "name: Ann Lee\nposition: Director\ncountry: XYZ\n"},
        f'{SPEAKER}:3:10: error: "XYZ" is not an ISO 3166-1 alpha-3 country code (e.g. KAZ) '
        "[country]",
    ),
    case(
        "lower-case-country-code",
        {SPEAKER: "name: Ann Lee\nposition: Director\ncountry: kaz\n"},
        f'{SPEAKER}:3:10: error: country codes are written in upper case: "KAZ" [country]',
    ),
    case(
        "alpha-2-country-code",
        {ORG: "name: Acme\ncountry: KZ\n"},
        f'{ORG}:2:10: error: "KZ" is not an ISO 3166-1 alpha-3 country code; did you mean "KAZ" '
        "(Kazakhstan)? [country]",
    ),
    case(
        "country-file-unknown-code",
        {"content/countries/XXX.yaml": "region: Nowhere\n"},
        'content/countries/XXX.yaml:1:1: error: "XXX" is not an ISO 3166-1 alpha-3 country '
        "code (e.g. KAZ) [country]",
    ),
    case(
        "country-file-lower-case",
        {"content/countries/kaz.yaml": "region: Central Asia\n"},
        'content/countries/kaz.yaml:1:1: error: country codes are written in upper case: "KAZ" '
        "[country]",
    ),
    case(
        "venue-country",
        {EVENT: EVENT_HEAD + "venue:\n  city: Kyoto\n  country: JAP\n"},
        f'{EVENT}:5:12: error: "JAP" is not an ISO 3166-1 alpha-3 country code; did you mean '
        '"JPN" (Japan)? [country]',
    ),
    case(
        "programme-countries",
        {PROGRAMME: "name: P\ncountries: [KAZ, kaz]\n"},
        f'{PROGRAMME}:2:18: error: country codes are written in upper case: "KAZ" [country]',
    ),
    case(
        "bad-slug-file-name",
        {"content/speakers/Ann_Lee.yaml": "name: Ann Lee\nposition: Director\n"},
        'content/speakers/Ann_Lee.yaml:1:1: error: file name "Ann_Lee" is not a valid id: use '
        "lower-case letters, digits and single hyphens [id]",
    ),
    case(
        "double-hyphen-file-name",
        {"content/organisations/un--dp.yaml": "name: UNDP\n"},
        'content/organisations/un--dp.yaml:1:1: error: file name "un--dp" is not a valid id: '
        "use lower-case letters, digits and single hyphens [id]",
    ),
    case(
        "id-not-matching-file-name",
        {SPEAKER: "id: ann-smith\nname: Ann Lee\nposition: Director\n"},
        f'{SPEAKER}:1:5: error: id "ann-smith" does not match the file name "ann-lee" '
        "[id-mismatch]",
    ),
    case(
        "country-id-not-matching",
        {KAZ: "id: KGZ\n"},
        f'{KAZ}:1:5: error: id "KGZ" does not match the file name "KAZ" [id-mismatch]',
    ),
    case(
        "yaml-beside-yml",
        {
            "content/speakers/x.yaml": "name: X\nposition: P\n",
            "content/speakers/x.yml": "name: X\nposition: P\n",
        },
        'content/speakers/x.yml:1:1: error: two files for one speaker "x": '
        "content/speakers/x.yaml and content/speakers/x.yml [duplicate-file]",
    ),
    case(
        "not-a-content-file",
        {"content/speakers/notes.txt": "to do\n"},
        "content/speakers/notes.txt: warning: not a content file (expected "
        "content/speakers/<id>.yaml); it is ignored [unused-file]",
    ),
    case(
        "not-a-content-folder",
        {"content/people/ann.yaml": "name: Ann\n"},
        "content/people: warning: not part of the content model (expected one of events, "
        "speakers, countries, organisations, programmes, assets); it is ignored [unused-file]",
    ),
]


@pytest.mark.parametrize(("files", "expected"), IDS)
def test_ids_file_names_countries(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


def test_matching_ids_and_yml_files_are_accepted(check: Check) -> None:
    assert_errors(
        check,
        {
            SPEAKER: "id: ann-lee\nname: Ann Lee\nposition: Director\n",
            "content/organisations/undp.yml": "name: UNDP\n",
            "content/countries/KGZ.yml": "id: KGZ\n",
            "content/speakers/bob-2.yaml": "name: Bob\nposition: P\norganisation: undp\n",
        },
        [],
    )


# -- references --------------------------------------------------------------------------------

REFERENCES = [
    case(
        "statement-speaker",
        {EVENT: EVENT_HEAD + "statements:\n  - speaker: miwa-kat\n    quote: Q\n"},
        f'{EVENT}:4:14: error: unknown speaker "miwa-kat" (no content/speakers/miwa-kat.yaml); '
        'did you mean "miwa-kato"? [unknown-reference]',
    ),
    case(
        "session-chair",
        {EVENT: EVENT_HEAD + "sessions:\n  - id: a\n    title: A\n    chair: nobody\n"},
        f'{EVENT}:6:12: error: unknown speaker "nobody" (no content/speakers/nobody.yaml) '
        "[unknown-reference]",
    ),
    case(
        "session-speakers-flow",
        {
            EVENT: EVENT_HEAD
            + "sessions:\n  - id: a\n    title: A\n    speakers: [miwa-kato, miwa-katoo]\n"
        },
        f'{EVENT}:6:27: error: unknown speaker "miwa-katoo" '
        '(no content/speakers/miwa-katoo.yaml); did you mean "miwa-kato"? [unknown-reference]',
    ),
    case(
        "session-speakers-block",
        {
            EVENT: EVENT_HEAD
            + "sessions:\n  - id: a\n    title: A\n    speakers:\n"
            + "      - miwa-kato\n      - mwia-kato\n"
        },
        f'{EVENT}:8:9: error: unknown speaker "mwia-kato" (no content/speakers/mwia-kato.yaml); '
        'did you mean "miwa-kato"? [unknown-reference]',
    ),
    case(
        "statement-session",
        {
            EVENT: EVENT_HEAD
            + "sessions:\n  - id: opening\n    title: Opening\n"
            + "statements:\n  - speaker: miwa-kato\n    session: openin\n    quote: Q\n"
        },
        f'{EVENT}:8:14: error: unknown session "openin" in this event; did you mean "opening"? '
        "[unknown-session]",
    ),
    case(
        "statement-session-no-sessions",
        {
            EVENT: EVENT_HEAD + "statements:\n  - speaker: miwa-kato\n    session: plenary\n"
            "    quote: Q\n"
        },
        f'{EVENT}:5:14: error: unknown session "plenary" in this event [unknown-session]',
    ),
    case(
        "speaker-organisation",
        {SPEAKER: "name: Ann Lee\nposition: Director\norganisation: unodcc\n"},
        f'{SPEAKER}:3:15: error: unknown organisation "unodcc" '
        '(no content/organisations/unodcc.yaml); did you mean "unodc"? [unknown-reference]',
    ),
    case(
        "organisation-parent",
        {ORG: "name: Acme\nparent: acme-holding-group\n"},
        f'{ORG}:2:9: error: unknown organisation "acme-holding-group" '
        "(no content/organisations/acme-holding-group.yaml) [unknown-reference]",
    ),
    case(
        "event-organisers",
        {EVENT: EVENT_HEAD + "organisers: [unodc, who]\n"},
        f'{EVENT}:3:21: error: unknown organisation "who" (no content/organisations/who.yaml) '
        "[unknown-reference]",
    ),
    case(
        "event-programmes",
        {EVENT: EVENT_HEAD + "programmes: [gp-end-vc]\n"},
        f'{EVENT}:3:14: error: unknown programme "gp-end-vc" '
        '(no content/programmes/gp-end-vc.yaml); did you mean "gp-end-vac"? '
        "[unknown-reference]",
    ),
    case(
        # eu is an organisation; AUT, upper case, a country (no file needed); XYZ a bad code
        "partners-organisation-vs-country",
        {EVENT: EVENT_HEAD + "partners: [eu, AUT, unodc-x, XYZ]\n"},
        f'{EVENT}:3:21: error: unknown organisation "unodc-x" '
        '(no content/organisations/unodc-x.yaml); did you mean "unodc"? [unknown-reference]',
        f'{EVENT}:3:30: error: "XYZ" is not an ISO 3166-1 alpha-3 country code (e.g. KAZ) '
        "[country]",
    ),
    case(
        "partner-lower-case-code-is-an-organisation",
        {EVENT: EVENT_HEAD + "partners:\n  - aut\n"},
        f'{EVENT}:4:5: error: unknown organisation "aut" (no content/organisations/aut.yaml) '
        "[unknown-reference]",
    ),
    case(
        "programme-lead",
        {PROGRAMME: "name: P\nlead: unodcx\n"},
        f'{PROGRAMME}:2:7: error: unknown organisation "unodcx" '
        '(no content/organisations/unodcx.yaml); did you mean "unodc"? [unknown-reference]',
    ),
    case(
        "programme-funders",
        {PROGRAMME: "name: P\nfunders: [eux, FRA]\n"},
        f'{PROGRAMME}:2:11: error: unknown organisation "eux" '
        '(no content/organisations/eux.yaml); did you mean "eu"? [unknown-reference]',
    ),
    case(
        "partnership-programmes",
        {KAZ: "partnership:\n  programmes: [strive]\n"},
        f'{KAZ}:2:16: error: unknown programme "strive" (no content/programmes/strive.yaml) '
        "[unknown-reference]",
    ),
    case(
        "contact-organisation",
        {KAZ: "contacts:\n  - name: Ann Lee\n    organisation: acme\n"},
        f'{KAZ}:3:19: error: unknown organisation "acme" (no content/organisations/acme.yaml) '
        "[unknown-reference]",
    ),
    case(
        "reference-is-not-an-id",
        {SPEAKER: "name: Ann Lee\nposition: Director\norganisation: UN Office\n"},
        f'{SPEAKER}:3:15: error: "UN Office" is not a valid id: use lower-case letters, digits '
        "and single hyphens [id]",
    ),
    case(
        "duplicate-reference",
        {EVENT: EVENT_HEAD + "organisers: [unodc, eu, unodc]\n"},
        f'{EVENT}:3:25: error: "unodc" is listed twice in "organisers" [duplicate-item]',
    ),
]


@pytest.mark.parametrize(("files", "expected"), REFERENCES)
def test_dangling_references(check: Check, files: dict[str, str], expected: list[str]) -> None:
    assert_errors(check, files, expected)


def test_a_reference_to_a_file_with_errors_is_not_reported_again(check: Check) -> None:
    assert_errors(
        check,
        {
            ORG: "acronym: ACME\n",
            SPEAKER: "name: Ann Lee\nposition: Director\norganisation: acme\n",
        },
        [f'{ORG}:1:1: error: missing required key "name" [missing]'],
    )


def test_organisation_parent_cycle(check: Check) -> None:
    orgs = "content/organisations/"
    assert_errors(
        check,
        {
            orgs + "a.yaml": "name: A\nparent: b\n",
            orgs + "b.yaml": "name: B\nparent: c\n",
            orgs + "c.yaml": "name: C\nparent: a\n",
            orgs + "d.yaml": "name: D\nparent: d\n",
            orgs + "e.yaml": "name: E\nparent: a\n",  # leads into the cycle; not part of it
        },
        [
            f"{orgs}a.yaml:2:9: error: organisation parents form a cycle: a -> b -> c -> a "
            "[parent-cycle]",
            f"{orgs}b.yaml:2:9: error: organisation parents form a cycle: b -> c -> a -> b "
            "[parent-cycle]",
            f"{orgs}c.yaml:2:9: error: organisation parents form a cycle: c -> a -> b -> c "
            "[parent-cycle]",
            f"{orgs}d.yaml:2:9: error: organisation parents form a cycle: d -> d [parent-cycle]",
        ],
    )


# -- assets and markdown ----------------------------------------------------------------------


@pytest.fixture
def assets_project(tmp_path: Path) -> Path:
    """The ``assets`` fixture project, with a symlink out of content/assets/ made here."""
    root = copy_root("assets", tmp_path)
    assets = root / "content" / "assets"
    outside = tmp_path / "outside-secret.png"
    outside.write_bytes((root / "outside.png").read_bytes())
    (assets / "escape.png").symlink_to(outside)
    (assets / "photos" / "up.png").symlink_to(Path("..") / ".." / ".." / "outside.png")
    (assets / "inside.png").symlink_to(Path("photos") / "jane-doe.png")
    return root


def check_with(root: Path, files: Mapping[str, str]) -> tuple[int, list[str]]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run_check(root)


def test_assets_project_is_valid(assets_project: Path) -> None:
    assert run_check(assets_project) == (0, ["3 files, 0 errors, 0 warnings"])


def test_a_symlink_inside_assets_is_accepted(assets_project: Path) -> None:
    code, lines = check_with(
        assets_project, {SPEAKER: "name: Ann Lee\nposition: Director\nphoto: inside.png\n"}
    )
    assert (code, diagnostics_of(lines)) == (0, [])


ASSETS = [
    pytest.param("missing.png", 'asset "missing.png" not found in content/assets/', id="missing"),
    pytest.param(
        "photos", 'asset "photos" is a folder in content/assets/, not a file', id="a-folder"
    ),
    pytest.param(
        "Photos/Jane-Doe.PNG",
        'asset "Photos/Jane-Doe.PNG" not found in content/assets/; did you mean '
        '"photos/jane-doe.png"?',
        id="other-letter-case",
    ),
    pytest.param(
        "photos/jane_doe.png",
        'asset "photos/jane_doe.png" not found in content/assets/; did you mean '
        '"photos/jane-doe.png"?',
        id="close-name",
    ),
    pytest.param(
        "../../briefgen.yaml", 'asset "../../briefgen.yaml" leaves content/assets/', id="dot-dot"
    ),
    pytest.param(
        "photos/../../../outside.png",
        'asset "photos/../../../outside.png" leaves content/assets/',
        id="dot-dot-inner",
    ),
    pytest.param(
        "/etc/passwd",
        'asset "/etc/passwd" must be a path relative to content/assets/',
        id="absolute",
    ),
    pytest.param(
        "file:///etc/passwd",
        'asset "file:///etc/passwd" must be a path relative to content/assets/',
        id="file-url",
    ),
    pytest.param(
        "C:/logo.png",
        'asset "C:/logo.png" must be a path relative to content/assets/',
        id="drive-letter",
    ),
    pytest.param("escape.png", 'asset "escape.png" leaves content/assets/', id="symlink-out"),
    pytest.param(
        "photos/up.png", 'asset "photos/up.png" leaves content/assets/', id="relative-symlink-out"
    ),
]


@pytest.mark.parametrize(("value", "message"), ASSETS)
def test_bad_asset(assets_project: Path, value: str, message: str) -> None:
    code, lines = check_with(
        assets_project, {SPEAKER: f"name: Ann Lee\nposition: Director\nphoto: '{value}'\n"}
    )
    assert code == 1
    # "photo: '" is 7 characters: the quoted value starts at column 8
    assert diagnostics_of(lines) == [f"{SPEAKER}:3:8: error: {message} [asset]"]


def test_bad_asset_in_every_asset_field(assets_project: Path) -> None:
    code, lines = check_with(
        assets_project,
        {
            CONFIG: "title: T\ntheme:\n  logo: nologo.png\n",
            ORG: "name: Acme\nlogo: ../../briefgen.yaml\n",
        },
    )
    assert code == 1
    assert diagnostics_of(lines) == [
        f'{CONFIG}:3:9: error: asset "nologo.png" not found in content/assets/; did you mean '
        '"logo.png"? [asset]',
        f'{ORG}:2:7: error: asset "../../briefgen.yaml" leaves content/assets/ [asset]',
    ]


MARKDOWN = [
    pytest.param("[x](javascript:alert(1))", 'link target "javascript:alert(1)"', id="javascript"),
    pytest.param("[x](JaVaScRiPt:alert(1))", 'link target "JaVaScRiPt:alert(1)"', id="mixed-case"),
    pytest.param("[x](JAVASCRIPT:alert(1))", 'link target "JAVASCRIPT:alert(1)"', id="upper-case"),
    pytest.param("<javascript:alert(1)>", 'link target "javascript:alert(1)"', id="autolink"),
    pytest.param(
        "[x][r]\n\n[r]: javascript:alert(1)",
        'link target "javascript:alert(1)"',
        id="reference-definition",
    ),
    pytest.param(
        "[x](java%73cript:alert(1))", 'link target "javascript:alert(1)"', id="percent-encoded"
    ),
    pytest.param(
        "[x](&#106;avascript:alert(1))", 'link target "javascript:alert(1)"', id="entity-encoded"
    ),
    pytest.param("[x](file:///etc/passwd)", 'link target "file:///etc/passwd"', id="file"),
    pytest.param(
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        'link target "data:text/html;base64,PHNjcmlwdD4="',
        id="data",
    ),
    pytest.param("[x](vbscript:msgbox)", 'link target "vbscript:msgbox"', id="vbscript"),
    pytest.param("[x](other.html)", 'link target "other.html"', id="relative-link"),
    pytest.param(
        "![x](../../briefgen.yaml)",
        'image: asset "../../briefgen.yaml" leaves content/assets/',
        id="image-dot-dot",
    ),
    pytest.param(
        "![x](/etc/hosts)",
        'image: asset "/etc/hosts" must be a path relative to content/assets/',
        id="image-absolute",
    ),
    pytest.param(
        "![x](https://example.org/x.png)",
        'image: asset "https://example.org/x.png" must be a path relative to content/assets/',
        id="image-remote",
    ),
    pytest.param(
        "![x](data:image/png;base64,AAAA)",
        'image: asset "data:image/png;base64,AAAA" must be a path relative to content/assets/',
        id="image-data",
    ),
    pytest.param(
        "![x](escape.png)",
        'image: asset "escape.png" leaves content/assets/',
        id="image-symlink-out",
    ),
    pytest.param(
        "![x](nothere.png)",
        'image: asset "nothere.png" not found in content/assets/',
        id="image-missing",
    ),
]


def _bio(markdown: str) -> str:
    body = "".join(f"  {line}\n" if line else "\n" for line in markdown.split("\n"))
    return f"name: Ann Lee\nposition: Director\nbio: |\n{body}"


@pytest.mark.parametrize(("markdown", "problem"), MARKDOWN)
def test_bad_markdown_target(assets_project: Path, markdown: str, problem: str) -> None:
    code, lines = check_with(assets_project, {SPEAKER: _bio(markdown)})
    assert code == 1
    suffix = (
        ""
        if problem.startswith("image:")
        else (" is not allowed: links may use http, https and mailto")
    )
    # the error points at the target as written (the block's text starts on line 4,
    # column 3); an encoded target (%73, &#106;) is not written as shown: the field ("|")
    target = re.search(r'"(.*?)"', problem)
    assert target is not None
    found = [(i, text) for i, text in enumerate(markdown.split("\n")) if target.group(1) in text]
    where = f"{4 + found[0][0]}:{3 + found[0][1].index(target.group(1))}" if found else "3:6"
    assert diagnostics_of(lines) == [f"{SPEAKER}:{where}: error: {problem}{suffix} [markdown-link]"]


def test_markdown_in_every_markdown_field(check: Check) -> None:
    bad = "'[x](javascript:alert(1))'"
    message = (
        'error: link target "javascript:alert(1)" is not allowed: links may use http, https '
        "and mailto [markdown-link]"
    )
    code, lines = run(
        check,
        {
            EVENT: EVENT_HEAD
            + f"summary: {bad}\nsessions:\n  - id: a\n    title: A\n    summary: {bad}\n",
            KAZ: f"summary:\n  en: Fine.\n  fr: {bad}\n",
            PROGRAMME: f"name: P\nsummary: {bad}\n",
        },
    )
    assert code == 1
    assert diagnostics_of(lines) == [
        f"{KAZ}:3:12: {message}",
        f"{EVENT}:3:15: {message}",
        f"{EVENT}:7:19: {message}",
        f"{PROGRAMME}:2:15: {message}",
    ]


def test_allowed_markdown(assets_project: Path) -> None:
    markdown = (
        "[web](https://example.org) [plain](http://example.org) [mail](mailto:a@example.org)\n"
        "[upper](HTTPS://EXAMPLE.ORG) <https://example.org/auto>\n"
        "![Jane](photos/jane-doe.png) <b>raw</b> &amp; {{ 7*7 }} `javascript:alert(1)`"
    )
    code, lines = check_with(assets_project, {SPEAKER: _bio(markdown)})
    assert (code, diagnostics_of(lines)) == (0, [])


# -- field length and output -------------------------------------------------------------------

LONG = [
    case(
        "plain",
        {
            CONFIG: "limits: {field_length: 50}\n",
            SPEAKER: f"name: {'x' * 51}\nposition: {'y' * 50}\n",
        },
        f'{SPEAKER}:1:7: error: "name" is 51 characters long; the limit is 50 [too-long]',
    ),
    case(
        "in-a-language-mapping",
        {
            CONFIG: "limits:\n  field_length: 50\n",
            SPEAKER: f"name: Ann Lee\nposition: {{en: {'y' * 51}}}\n",
        },
        f'{SPEAKER}:2:16: error: "position.en" is 51 characters long; the limit is 50 [too-long]',
    ),
    case(
        "markdown",
        {
            CONFIG: "limits: {field_length: 50}\n",
            SPEAKER: f"name: Ann Lee\nposition: P\nbio: >\n  {'z' * 25}\n  {'z' * 25}\n",
        },
        # folded: 25 + " " + 25 + "\n" = 52 characters
        f'{SPEAKER}:3:6: error: "bio" is 52 characters long; the limit is 50 [too-long]',
    ),
    case(
        "string-field",
        {
            CONFIG: "limits: {field_length: 50}\n",
            EVENT: EVENT_HEAD + f"statements:\n  - speaker: miwa-kato\n    quote: Q\n"
            f"    topics: [{'t' * 51}]\n",
        },
        f'{EVENT}:6:14: error: "topics" is 51 characters long; the limit is 50 [too-long]',
    ),
    case(
        "default-limit",
        {SPEAKER: f"name: Ann Lee\nposition: {'p' * 100_001}\n"},
        f'{SPEAKER}:2:11: error: "position" is 100,001 characters long; the limit is 100,000 '
        "[too-long]",
    ),
]


@pytest.mark.parametrize(("files", "expected"), LONG)
def test_text_longer_than_the_limit(
    check: Check, files: dict[str, str], expected: list[str]
) -> None:
    assert_errors(check, files, expected)


def test_text_at_the_limit_is_accepted(check: Check) -> None:
    assert_errors(check, {SPEAKER: f"name: Ann Lee\nposition: {'p' * 100_000}\n"}, [])


def test_text_at_a_configured_limit_is_accepted(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {CONFIG: "limits: {field_length: 50}\n", SPEAKER: f"name: {'x' * 50}\nposition: P\n"},
    )
    assert run_check(root) == (0, ["2 files, 0 errors, 0 warnings"])


OUTPUT = [
    pytest.param(
        "../elsewhere",
        '"output" must be a folder inside the project, not "../elsewhere"',
        id="parent",
    ),
    pytest.param(
        "/tmp/briefgen-out",
        '"output" must be a folder inside the project, not "/tmp/briefgen-out"',
        id="absolute",
    ),
    pytest.param(
        "build/../..",
        '"output" must be a folder inside the project, not "build/../.."',
        id="dot-dot-inside",
    ),
    pytest.param(".", '"output" must be a folder inside the project, not "."', id="the-project"),
    pytest.param("content/build", '"output" must not be inside content/', id="content"),
    pytest.param("templates", '"output" must not be inside templates/', id="templates"),
]


@pytest.mark.parametrize(("value", "message"), OUTPUT)
def test_output_must_stay_inside_the_project(check: Check, value: str, message: str) -> None:
    code, lines = check({CONFIG: f"output: '{value}'\n"})
    assert code == 1
    assert diagnostics_of(lines) == [f"{CONFIG}:1:9: error: {message} [output]"]


def test_output_inside_the_project_is_accepted(check: Check) -> None:
    assert check({CONFIG: "output: out/documents\n"}) == (0, ["1 file, 0 errors, 0 warnings"])


def test_output_through_a_symlink_out_of_the_project(tmp_path: Path) -> None:
    root = make_project(tmp_path, {CONFIG: "output: out\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "out").symlink_to(elsewhere)
    code, lines = run_check(root)
    assert code == 1
    assert diagnostics_of(lines) == [
        f'{CONFIG}:1:9: error: "output" must be a folder inside the project, not "out" [output]'
    ]


def test_session_mistakes_come_with_the_files_other_mistakes(check: Check) -> None:
    """An unknown session and a duplicate session id are reported in the same run as a
    wrong value elsewhere in the event, not only once that value is fixed."""
    files = {
        EVENT: EVENT_HEAD + "venue: {country: ken}\n"  # 3: a wrong value
        "sessions:\n  - id: a\n    title: A\n  - id: a\n    title: B\n"  # 4-8
        "statements:\n  - speaker: ann\n    session: b\n    quote: Hi.\n",  # 9-12
        "content/speakers/ann.yaml": "name: Ann Lee\nposition: Director\n",
    }
    assert_errors(
        check,
        files,
        [
            f'{EVENT}:3:18: error: country codes are written in upper case: "KEN" [country]',
            f'{EVENT}:7:9: error: session id "a" is used twice in this event (first at line 5) '
            "[duplicate-session]",
            f'{EVENT}:11:14: error: unknown session "b" in this event [unknown-session]',
        ],
    )


def test_date_order_is_checked_beside_the_files_other_mistakes(check: Check) -> None:
    """The event ending before it starts, a session outside the event's dates and a
    programme ending before it starts are reported with a wrong value elsewhere in the
    same file; a date that is itself wrong is not compared (no second, false error)."""
    files = {
        EVENT: "title: T\nstart: 2021-03-10\nend: 2021-03-12\nkind: [x]\n"
        "sessions:\n  - id: a\n    title: A\n    date: 2021-04-01\n",
        "content/events/f.yaml": "title: F\nstart: 2021-03-10\nend: 2021-03-09\nkind: [x]\n",
        "content/events/g.yaml": "title: G\nstart: 2021-03-10\nend: 2021-02-30\n"
        "sessions:\n  - id: a\n    title: A\n    date: 2021-03-11\n",
        "content/programmes/p.yaml": "name: P\nstart: 2024\nend: 2020\nacronym: [x]\n",
    }
    assert_errors(
        check,
        files,
        [
            f'{EVENT}:4:7: error: "kind" must be text (a string, or a mapping of languages to '
            "strings), not a list [type]",
            f"{EVENT}:8:11: error: session date 2021-04-01 is outside the event (2021-03-10 to "
            "2021-03-12) [date-range]",
            "content/events/f.yaml:3:6: error: the event ends (2021-03-09) before it starts "
            "(2021-03-10) [date-order]",
            'content/events/f.yaml:4:7: error: "kind" must be text (a string, or a mapping of '
            "languages to strings), not a list [type]",
            'content/events/g.yaml:3:6: error: "end": 2021-02-30 is not a date (YYYY-MM-DD): '
            "February 2021 has 28 days [date]",
            "content/programmes/p.yaml:3:6: error: the programme ends before it starts "
            "[date-order]",
            'content/programmes/p.yaml:4:10: error: "acronym" must be text (a string, or a mapping '
            "of languages to strings), not a list [type]",
        ],
    )
