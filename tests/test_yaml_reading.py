"""Reading YAML: YAML 1.2 scalar meaning, and every way a file can be unreadable.

Expected positions are worked out from the fixture text (lines and columns
counted from 1), never copied from the tool's output.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from briefgen.content.project import load_project
from briefgen.content.values import Number, Text
from conftest import diagnostics_of, make_project, run_check

Check = Callable[[Mapping[str, str | bytes]], tuple[int, list[str]]]

SPEAKER = "content/speakers/ann-lee.yaml"
VALID_SPEAKER = "name: Ann Lee\nposition: Director\n"


# -- YAML 1.2 meaning: scalars are what the content model expects ------------------


def test_yes_no_on_are_text_where_text_is_expected(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            SPEAKER: "name: NO\nhonorific: on\nposition: yes\nsort_name: ON\n",
            "content/events/e.yaml": (
                "title: Off\n"
                "start: 2021-03-10\n"
                "kind: yes\n"
                "key_messages:\n"
                "  - NO\n"
                "  - n\n"
                "statements:\n"
                "  - speaker: ann-lee\n"
                "    quote: y\n"
                "    topics: [no, off, true, null]\n"
            ),
        },
    )
    project = load_project(root)
    assert [d.format() for d in project.diagnostics] == []
    speaker = project.graph.speakers["ann-lee"]
    assert speaker.name == Text.of("NO")
    assert speaker.honorific == Text.of("on")
    assert speaker.position == Text.of("yes")
    assert speaker.sort_name == "ON"
    event = project.graph.events["e"]
    assert event.title == Text.of("Off")
    assert event.kind == Text.of("yes")
    assert event.key_messages == (Text.of("NO"), Text.of("n"))
    assert event.statements[0].quote == Text.of("y")
    assert event.statements[0].topics == ("no", "off", "true", "null")


def test_session_time_1030_is_a_time_not_a_sexagesimal_number(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/events/e.yaml": (
                "title: T\n"
                "start: 2021-03-10\n"
                "sessions:\n"
                "  - id: morning\n"
                "    title: Morning\n"
                "    start: 10:30\n"
                '    end: "12:05"\n'
            ),
        },
    )
    project = load_project(root)
    assert [d.format() for d in project.diagnostics] == []
    session = project.graph.events["e"].sessions[0]
    assert session.start == dt.time(10, 30)
    assert session.end == dt.time(12, 5)
    assert session.date == dt.date(2021, 3, 10)


def test_fact_values_leading_zero_is_text_plain_digits_a_number(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/countries/KAZ.yaml": (
                "facts:\n"
                "  - label: Postcode\n"
                "    value: 012345\n"
                "  - label: Population\n"
                "    value: 12345\n"
                "  - label: Quoted\n"
                '    value: "12345"\n'
                "  - label: Share\n"
                "    value: 1.50\n"
                "  - label: Hex\n"
                "    value: 0x1F\n"
                "  - label: Yes\n"
                "    value: yes\n"
            ),
        },
    )
    project = load_project(root)
    assert [d.format() for d in project.diagnostics] == []
    values = [fact.value for fact in project.graph.countries["KAZ"].facts]
    assert values[0] == Text.of("012345")
    assert values[1] == Number("12345", Decimal(12345))
    assert values[2] == Text.of("12345")
    assert values[3] == Number("1.50", Decimal("1.50"))
    assert isinstance(values[3], Number) and values[3].decimals == 2
    assert values[4] == Text.of("0x1F")
    assert values[5] == Text.of("yes")


def test_yes_is_not_a_boolean(check: Check) -> None:
    code, lines = check(
        {
            SPEAKER: VALID_SPEAKER,
            "content/events/e.yaml": (
                "title: T\n"
                "start: 2021-03-10\n"
                "statements:\n"
                "  - speaker: ann-lee\n"
                "    quote: Q\n"
                "    verbatim: yes\n"
            ),
        }
    )
    assert code == 1
    assert diagnostics_of(lines) == [
        'content/events/e.yaml:6:15: error: "verbatim" must be true or false, not "yes" [type]'
    ]


# -- files that cannot be read as one mapping ---------------------------------------

BOMB = (
    "name: Ann Lee\n"
    "position: Director\n"
    "extra:\n"
    '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"  {key}: &{key} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, key in zip("abcdefgh", "bcdefghi", strict=True)
    )
)

BAD_FILES: list[tuple[str, str | bytes, list[str]]] = [
    (
        "duplicate-key",
        "name: Ann Lee\nposition: Director\nname: Ann Smith\n",
        ['3:1: error: duplicate key "name" (first defined at line 1) [duplicate-key]'],
    ),
    (
        "duplicate-key-nested",
        "name:\n  en: Ann\n  fr: Anne\n  en: Annie\nposition: Director\n",
        ['4:3: error: duplicate key "en" (first defined at line 2) [duplicate-key]'],
    ),
    (
        "anchor-and-alias",
        "name: &who Ann Lee\nposition: Director\nhonorific: *who\n",
        [
            "1:7: error: anchors (&who) are not allowed; write the value out [anchor]",
            "3:12: error: aliases (*who) are not allowed; write the value out [alias]",
        ],
    ),
    (
        "anchor-on-mapping",
        "name: Ann Lee\nposition: Director\nextra: &x\n  a: 1\n",
        ["3:8: error: anchors (&x) are not allowed; write the value out [anchor]"],
    ),
    (
        "custom-tag",
        "name: !custom Ann Lee\nposition: Director\n",
        ["1:7: error: YAML tags (!custom) are not allowed [tag]"],
    ),
    (
        "python-name-tag",
        "name: Ann Lee\nposition: !!python/name:os.system\n",
        ["2:11: error: YAML tags (!!python/name:os.system) are not allowed [tag]"],
    ),
    (
        "str-tag",
        "name: !!str Ann Lee\nposition: Director\n",
        ["1:7: error: YAML tags (!!str) are not allowed [tag]"],
    ),
    (
        "latin-1",
        "name: Andr\u00e9 Lee\nposition: Director\n".encode("latin-1"),
        ["1:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]"],
    ),
    (
        "latin-1-second-line",
        "name: Ann Lee\nposition: Caf\u00e9 owner\n".encode("latin-1"),
        ["2:14: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]"],
    ),
    (
        "latin-1-after-bom",  # the byte-order mark is not a column
        b"\xef\xbb\xbf" + "name: Andr\u00e9 Lee\nposition: P\n".encode("latin-1"),
        ["1:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]"],
    ),
    (
        "latin-1-after-utf8",  # columns count characters, not bytes
        "name: Ann Lee\nposition: Zo\u00eb Caf".encode() + b"\xe9\n",
        ["2:18: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]"],
    ),
    (
        "control-soh",
        "name: Ann\x01Lee\nposition: Director\n",
        ["1:10: error: control character U+0001 is not allowed in content [control-character]"],
    ),
    (
        "control-nul",
        "name: Ann Lee\nposition: Dir\x00ector\n",
        ["2:14: error: control character U+0000 is not allowed in content [control-character]"],
    ),
    (
        "control-escape",
        "name: Ann Lee\n\x1b[31mposition: Director\n",
        ["2:1: error: control character U+001B is not allowed in content [control-character]"],
    ),
    (
        "control-del",
        "name: Ann Lee\x7f\nposition: Director\n",
        ["1:14: error: control character U+007F is not allowed in content [control-character]"],
    ),
    (
        "control-c1-nel",
        "name: Ann\u0085Lee\nposition: Director\n",
        ["1:10: error: control character U+0085 is not allowed in content [control-character]"],
    ),
    (
        "control-by-escape",  # "\x01" in a double-quoted scalar is a control character too
        'name: "Ann\\x01Lee"\nposition: Director\n',
        ["1:7: error: control character U+0001 is not allowed in content [control-character]"],
    ),
    (
        "nul-by-escape",
        'name: Ann Lee\nposition: "Dir\\0ector"\n',
        ["2:11: error: control character U+0000 is not allowed in content [control-character]"],
    ),
    (
        "carriage-return-by-escape",
        'name: "Ann\\rLee"\nposition: Director\n',
        ["1:7: error: control character U+000D is not allowed in content [control-character]"],
    ),
    (
        "noncharacter-ffff",
        "name: Ann\uffffLee\nposition: Director\n",
        ["1:10: error: character U+FFFF is not allowed in content [control-character]"],
    ),
    (
        "several-documents",
        "name: Ann Lee\nposition: Director\n---\nname: Bob\n",
        [
            "3:1: error: a content file holds one document; found another one here "
            "[multiple-documents]"
        ],
    ),
    ("empty", "", ["1:1: error: file is empty [empty-file]"]),
    ("empty-bytes-only-bom", b"\xef\xbb\xbf", ["1:1: error: file is empty [empty-file]"]),
    ("comment-only", "# nothing here yet\n", ["1:1: error: file is empty [empty-file]"]),
    (
        "root-list",
        "- name: Ann Lee\n- position: Director\n",
        ["1:1: error: the file must hold a mapping of keys, not a list [root-not-mapping]"],
    ),
    (
        "root-scalar",
        "Ann Lee, Director\n",
        ["1:1: error: the file must hold a mapping of keys, not a single value [root-not-mapping]"],
    ),
    (
        "root-scalar-after-comment",
        "# who\n  Ann Lee\n",
        ["2:3: error: the file must hold a mapping of keys, not a single value [root-not-mapping]"],
    ),
    (
        "syntax-error",
        "name: [Ann Lee\nposition: Director\n",
        [
            "2:9: error: invalid YAML: expected ',' or ']', but got ':' "
            "(in the list opened with [ at line 1, column 7)"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "colon-in-a-value",
        "name: Ann Lee\nposition: Director: Policy\n",
        [
            "2:19: error: invalid YAML: a colon followed by a space cannot stand here: if it "
            "is part of the text, put the whole value in quotes; if it starts a key, check the "
            "indentation of this line and of the line above"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "line-without-a-colon",
        "name: Ann Lee\nDirector\nposition: Director\n",
        [
            '2:1: error: invalid YAML: this line is not "key: value": add the key and a '
            "colon, or indent the line if it continues the value above"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "list-item-key-indented-wrongly",
        "name: Ann Lee\nitems:\n  - id: a\n    title: A\n   note: B\n",
        [
            "5:4: error: invalid YAML: this line is indented more or less than the lines of "
            "its block (in the list that starts at line 3, column 3)"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "double-quote-inside-double-quotes",
        'name: Ann Lee\nbio: "She said "yes" to it."\n',
        [
            '2:17: error: invalid YAML: text follows the closing " of a quoted value: write a '
            '" inside the text as \\", or quote the whole value with \' instead'
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "apostrophe-inside-single-quotes",
        "name: Ann Lee\nbio: 'It's fine.'\n",
        [
            "2:10: error: invalid YAML: text follows the closing ' of a quoted value: a ' "
            "inside the text must be doubled ('')"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "unclosed-flow-mapping",
        "name: {Ann\n",
        [
            "2:1: error: invalid YAML: expected ',' or '}', but got '<stream end>' "
            "(in the mapping opened with { at line 1, column 7)"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "unclosed-quote",
        'name: "Ann Lee\nposition: Director\n',
        [
            "3:1: error: invalid YAML: found unexpected end of stream "
            "(in the quoted text that starts at line 1, column 7)"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        "tab-indentation",
        "name: Ann Lee\n\tposition: Director\n",
        [
            "2:1: error: invalid YAML: a tab cannot indent YAML; use spaces"
            "; the rest of this file was not checked [yaml-syntax]"
        ],
    ),
    (
        # root mapping = level 1, "name" and its value = level 2, so the 32nd "[" (column
        # 7 + 31 = 38) opens level 33, the first one too deep.
        "deep-flow",
        "name: " + "[" * 10_000 + "]" * 10_000 + "\nposition: Director\n",
        ["1:38: error: nesting deeper than 32 levels is not allowed [too-deep]"],
    ),
    (
        # Block style: "- " opens a nested block sequence two columns further right; the
        # first at column 1 of line 2 is level 2, level 33 is at column 1 + 31 * 2 = 63.
        "deep-block",
        "name:\n" + "- " * 10_000 + "x\nposition: Director\n",
        ["2:63: error: nesting deeper than 32 levels is not allowed [too-deep]"],
    ),
    (
        "deep-flow-mapping",
        "extra: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        # "extra" value at level 2 (column 8), each "{a: " is 4 columns and holds its key
        # one level deeper: the mapping at level 32 is at column 8 + 30 * 4 = 128 and its
        # key "a", at level 33, at column 129.
        ["1:129: error: nesting deeper than 32 levels is not allowed [too-deep]"],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [pytest.param(content, expected, id=name) for name, content, expected in BAD_FILES],
)
def test_unreadable_file(check: Check, content: str | bytes, expected: list[str]) -> None:
    code, lines = check({SPEAKER: content})
    assert code == 1
    assert diagnostics_of(lines) == [f"{SPEAKER}:{line}" for line in expected]
    errors = len(expected)
    assert lines[-1] == f"1 file, {errors} error{'s' if errors > 1 else ''}, 0 warnings"


def test_alias_in_a_required_field_is_reported(check: Check) -> None:
    code, lines = check({SPEAKER: "name: &n Ann Lee\nposition: *n\n"})
    assert code == 1
    diagnostics = diagnostics_of(lines)
    assert f"{SPEAKER}:1:7: error: anchors (&n) are not allowed; write the value out [anchor]" in (
        diagnostics
    )
    assert f"{SPEAKER}:2:11: error: aliases (*n) are not allowed; write the value out [alias]" in (
        diagnostics
    )


def test_python_tags_construct_nothing(tmp_path: Path, check: Check) -> None:
    marker = tmp_path / "executed"
    code, lines = check(
        {
            SPEAKER: (
                f"name: !!python/object/apply:os.system ['touch {marker}']\n"
                f"position: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:"
                f"pathlib.Path ['{marker}']]\n"
            ),
        }
    )
    assert code == 1
    assert not marker.exists()
    diagnostics = diagnostics_of(lines)
    assert (
        f"{SPEAKER}:1:7: error: YAML tags (!!python/object/apply:os.system) are not allowed [tag]"
        in diagnostics
    )
    assert (
        f"{SPEAKER}:2:11: error: YAML tags (!!python/object/apply:pathlib.Path.touch) are not "
        "allowed [tag]" in diagnostics
    )
    assert (
        f"{SPEAKER}:2:53: error: YAML tags (!!python/object/apply:pathlib.Path) are not "
        "allowed [tag]" in diagnostics
    )


def test_alias_bomb_is_refused_without_expanding(check: Check) -> None:
    started = time.monotonic()
    code, lines = check({SPEAKER: BOMB})
    elapsed = time.monotonic() - started
    assert code == 1
    diagnostics = diagnostics_of(lines)
    # 9 anchors and 8 lines of 9 aliases, each reported once, nothing else.
    assert len(diagnostics) == 9 + 8 * 9
    assert diagnostics[0] == (
        f"{SPEAKER}:4:6: error: anchors (&a) are not allowed; write the value out [anchor]"
    )
    # line 5: '  b: &b [*a, *a, ...': the first alias at column 10, then every 4 columns
    assert diagnostics[2] == (
        f"{SPEAKER}:5:10: error: aliases (*a) are not allowed; write the value out [alias]"
    )
    assert diagnostics[-1] == (
        f"{SPEAKER}:12:42: error: aliases (*h) are not allowed; write the value out [alias]"
    )
    assert all("[anchor]" in d or "[alias]" in d for d in diagnostics)
    # Expanding 9**9 strings would take minutes and gigabytes; refusing takes milliseconds.
    assert elapsed < 10


# -- byte-order mark and CRLF ----------------------------------------------------------


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = (
        "\ufeffname: Ann Lee\r\nposition: Director\r\nbio: |\r\n  First line.\r\n  Second line.\r\n"
    )
    root = make_project(tmp_path, {SPEAKER: text})
    code, lines = run_check(root)
    assert (code, lines) == (0, ["1 file, 0 errors, 0 warnings"])
    speaker = load_project(root).graph.speakers["ann-lee"]
    assert speaker.name == Text.of("Ann Lee")
    assert speaker.bio is not None and speaker.bio.plain == "First line.\nSecond line.\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "\ufefftitel: Dr.\r\nname: Ann Lee\r\nposition: Director\r\n",
            '1:1: error: unknown key "titel" [unknown-key]',
            id="bom-first-line",
        ),
        pytest.param(
            "\ufeffname: Ann Lee\r\nposition: Director\r\n\r\nbio: |\r\n  One.\r\n  Two.\r\n"
            "honorfic: Dr.\r\n",
            '7:1: error: unknown key "honorfic"; did you mean "honorific"? [unknown-key]',
            id="bom-crlf-after-block",
        ),
        pytest.param(
            "name: Ann Lee\r\nposition: Director\r\ncountry: kaz\r\n",
            '3:10: error: country codes are written in upper case: "KAZ" [country]',
            id="crlf-value-column",
        ),
        pytest.param(
            "\ufeffname: Ann Lee\r\nposition: Dir\x01ector\r\n",
            "2:14: error: control character U+0001 is not allowed in content [control-character]",
            id="bom-crlf-control-character",
        ),
    ],
)
def test_bom_and_crlf_positions(check: Check, content: str, expected: str) -> None:
    code, lines = check({SPEAKER: content})
    assert code == 1
    assert diagnostics_of(lines) == [f"{SPEAKER}:{expected}"]


def test_briefgen_yaml_is_read_the_same_way(check: Check) -> None:
    code, lines = check({"briefgen.yaml": "title: A\ntitle: B\nstrict: &s true\n"})
    assert code == 1
    assert diagnostics_of(lines) == [
        'briefgen.yaml:2:1: error: duplicate key "title" (first defined at line 1) [duplicate-key]',
        "briefgen.yaml:3:9: error: anchors (&s) are not allowed; write the value out [anchor]",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("", "1:1: error: file is empty [empty-file]", id="empty"),
        pytest.param(
            "- en\n- fr\n",
            "1:1: error: the file must hold a mapping of keys, not a list [root-not-mapping]",
            id="list",
        ),
        pytest.param(
            b"title: Caf\xe9\n",
            "1:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8 [encoding]",
            id="latin-1",
        ),
    ],
)
def test_unreadable_briefgen_yaml(check: Check, content: str | bytes, expected: str) -> None:
    code, lines = check({"briefgen.yaml": content, SPEAKER: VALID_SPEAKER})
    assert code == 1
    assert diagnostics_of(lines) == [f"briefgen.yaml:{expected}"]
