"""Command-line targets: exact, then without regard to case, then a bare id; never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.documents import DocumentRef
from briefgen.diagnostics import UsageError
from briefgen.engine.targets import select
from buildtools import briefgen, write

DOCUMENTS = [
    DocumentRef("events", "kyoto"),
    DocumentRef("countries", "KAZ"),
    DocumentRef("countries", "JPN"),
    DocumentRef("speakers", "kaz"),
    DocumentRef("speakers", "kyoto"),
    DocumentRef("speakers", "miwa-kato"),
]


def targets_of(*targets: str) -> list[str]:
    return [d.target for d in select(targets, DOCUMENTS)]


def usage_error(*targets: str) -> str:
    with pytest.raises(UsageError) as caught:
        select(targets, DOCUMENTS)
    return str(caught.value)


def test_no_target_is_every_document() -> None:
    assert targets_of() == [d.target for d in DOCUMENTS]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("countries/KAZ", ["countries/KAZ"]),
        ("countries/kaz", ["countries/KAZ"]),
        ("Countries/Kaz", ["countries/KAZ"]),
        ("content/countries/jpn.yaml", ["countries/JPN"]),
        ("SPEAKERS/Miwa-Kato", ["speakers/miwa-kato"]),
        ("miwa-kato", ["speakers/miwa-kato"]),
        ("MIWA-KATO", ["speakers/miwa-kato"]),
        ("JPN", ["countries/JPN"]),
        ("jpn", ["countries/JPN"]),
        ("KAZ", ["countries/KAZ"]),  # exactly one id is KAZ; speakers/kaz is only its casefold
        ("kaz", ["speakers/kaz"]),
        ("Speakers", ["speakers/kaz", "speakers/kyoto", "speakers/miwa-kato"]),
    ],
)
def test_a_unique_match_is_accepted(target: str, expected: list[str]) -> None:
    assert targets_of(target) == expected


def test_targets_are_unioned_in_project_order() -> None:
    assert targets_of("miwa-kato", "jpn", "countries/JPN", "events/kyoto") == [
        "events/kyoto",
        "countries/JPN",
        "speakers/miwa-kato",
    ]


def test_a_bare_id_of_two_documents_lists_them() -> None:
    assert usage_error("kyoto") == (
        'ambiguous target "kyoto": it names events/kyoto, speakers/kyoto; give one of them'
    )


def test_a_case_insensitive_id_of_two_documents_lists_them() -> None:
    assert usage_error("Kaz") == (
        'ambiguous target "Kaz": it names countries/KAZ, speakers/kaz; give one of them'
    )


def test_an_unknown_target_lists_the_closest_names() -> None:
    assert usage_error("speakers/miwa-katoo") == (
        'unknown target "speakers/miwa-katoo"; did you mean speakers/miwa-kato, speakers/kyoto, '
        "speakers/kaz?"
    )
    assert usage_error("miwa-katoo") == (
        'unknown target "miwa-katoo"; did you mean speakers/miwa-kato?'
    )
    assert usage_error("organisations/unodc") == 'unknown target "organisations/unodc"'


def test_the_command_line_lists_the_candidates_and_exits_2(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "briefgen.yaml": "title: Office\nformats: [html]\n",
            "content/speakers/kaz.yaml": "name: Kaz Tanaka\nposition: Director\n",
            "content/countries/KAZ.yaml": "name: Kazakhstan\n",
        },
    )
    run = briefgen("list", "Kaz", cwd=root)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        'briefgen: error: ambiguous target "Kaz": it names countries/KAZ, speakers/kaz; '
        "give one of them\n"
    )
    run = briefgen("list", "countries/kaz", cwd=root)
    assert (run.code, run.stdout, run.stderr) == (
        0,
        " missing  build/en/countries/KAZ.html\n",
        "1 missing\n",
    )


def test_the_closest_names_are_found_in_any_case() -> None:
    assert usage_error("Countries/Kazz") == (
        'unknown target "Countries/Kazz"; did you mean countries/KAZ, countries, countries/JPN?'
    )
    assert usage_error("jpnn") == 'unknown target "jpnn"; did you mean countries/JPN?'
