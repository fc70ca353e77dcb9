"""The JSON Schemas for editors (``briefgen schema``), and what else the field declarations
give: docs/content.md's tables, and validation messages made from the declared names.

Content is read here as an editor's YAML language server reads it: by YAML 1.2's core
schema, where ``since: 2019`` is an integer, ``verbatim: true`` a boolean, ``value: 12.5``
a number, and ``2021-03-07``, ``09:30`` and ``yes`` strings (PyYAML alone reads YAML 1.1:
dates, sexagesimal numbers and yes/no booleans).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from jsonschema import Draft202012Validator

from briefgen.content import reference
from briefgen.content import valuetypes as t
from briefgen.content.declare import declared, fields_of
from briefgen.content.jsonschema import SCHEMAS, schema_bytes
from briefgen.content.schema import Context, struct
from briefgen.content.yamlio import read_mapping
from briefgen.diagnostics import Diagnostics
from buildtools import REPO, briefgen, briefgen_unprivileged, write

NAMES = sorted(SCHEMAS)
FOLDER_KIND = {
    "events": "event",
    "speakers": "speaker",
    "countries": "country",
    "organisations": "organisation",
    "programmes": "programme",
}


class Core12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's core schema in place of YAML 1.1's resolvers."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


_CORE_12 = {
    "tag:yaml.org,2002:null": r"^(?:~|null|Null|NULL|)$",
    "tag:yaml.org,2002:bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
    "tag:yaml.org,2002:int": r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
    "tag:yaml.org,2002:float": r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
}
for _tag, _pattern in _CORE_12.items():
    Core12Loader.add_implicit_resolver(_tag, re.compile(_pattern), None)


def _int12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    return int(value)  # decimal, leading zeros too (012 is 12, not YAML 1.1's octal 10)


def _float12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = str(loader.construct_scalar(node)).lower().replace(".inf", "inf").replace(".nan", "nan")
    return float(value)


Core12Loader.add_constructor("tag:yaml.org,2002:int", _int12)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _float12)


def load_yaml12(path: Path) -> Any:
    """A file as a YAML 1.2 language server reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Core12Loader)


def test_the_yaml_12_reader_types_scalars_as_yaml_12_does(tmp_path: Path) -> None:
    path = (
        write(
            tmp_path,
            {
                "a.yaml": "a: 2021-03-07\nb: 09:30\nc: yes\nd: 012\ne: 12.5\n"
                "f: true\ng:\nh: 0o17\ni: 2019\nj: .inf\n"
            },
        )
        / "a.yaml"
    )
    assert load_yaml12(path) == {
        "a": "2021-03-07",
        "b": "09:30",
        "c": "yes",
        "d": 12,
        "e": 12.5,
        "f": True,
        "g": None,
        "h": 15,
        "i": 2019,
        "j": float("inf"),
    }


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    found = {}
    for name in NAMES:
        schema = json.loads(schema_bytes(name))
        Draft202012Validator.check_schema(schema)
        found[name] = Draft202012Validator(schema)
    return found


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    )


def _project_files(root: Path) -> list[tuple[str, Path]]:
    files = [("briefgen", root / "briefgen.yaml")] if (root / "briefgen.yaml").exists() else []
    for folder, kind in FOLDER_KIND.items():
        files += [(kind, p) for p in sorted((root / "content" / folder).glob("*.yaml"))]
    return files


@pytest.mark.parametrize("root", ["sample", "every-key"])
def test_valid_projects_are_valid_against_their_schemas(
    validators: dict[str, Draft202012Validator], root: str
) -> None:
    folder = REPO if root == "sample" else REPO / "tests/roots" / root
    assert briefgen("check", "--strict", cwd=folder).code == 0
    files = _project_files(folder)
    assert {kind for kind, _ in files} == set(NAMES)
    for kind, path in files:
        assert _errors(validators[kind], load_yaml12(path)) == [], path


def test_yaml_12_values_are_typed_as_an_editor_types_them() -> None:
    """The sample holds the values the schemas must accept typed, not as strings."""
    kaz = load_yaml12(REPO / "content/countries/KAZ.yaml")
    assert isinstance(kaz["partnership"]["since"], int)
    event = next((REPO / "content/events").glob("*.yaml"))
    statements = load_yaml12(event)["statements"]
    assert any(isinstance(s.get("verbatim"), bool) for s in statements)


def test_a_new_project_is_valid_and_maps_its_folders_to_the_schemas(
    tmp_path: Path, validators: dict[str, Draft202012Validator]
) -> None:
    run = briefgen("new", "brief", cwd=tmp_path)
    assert run.code == 0, run.output
    assert "schemas/ and .vscode/settings.json let an editor check the YAML" in run.stderr
    root = tmp_path / "brief"
    for kind, path in _project_files(root):
        assert _errors(validators[kind], load_yaml12(path)) == [], path
    for name in NAMES:
        assert (root / f"schemas/{name}.schema.json").read_bytes() == schema_bytes(name)
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings == {
        "yaml.schemas": {
            "./schemas/briefgen.schema.json": ["briefgen.yaml"],
            "./schemas/country.schema.json": [
                "content/countries/*.yaml",
                "content/countries/*.yml",
            ],
            "./schemas/event.schema.json": ["content/events/*.yaml", "content/events/*.yml"],
            "./schemas/organisation.schema.json": [
                "content/organisations/*.yaml",
                "content/organisations/*.yml",
            ],
            "./schemas/programme.schema.json": [
                "content/programmes/*.yaml",
                "content/programmes/*.yml",
            ],
            "./schemas/speaker.schema.json": [
                "content/speakers/*.yaml",
                "content/speakers/*.yml",
            ],
        }
    }


UNUSUAL_BUT_VALID = {
    "briefgen.yaml": "title: 2021\nlanguages: [en, fr-CA]\nstrict: False\nlimits: {files: 100, "
    "asset_bytes: '5000000'}\ntheme: {font_family: Noto Serif}\nextra:\n",
    "content/events/forum.yaml": "title: {en: 2021, fr: NO}\nstart: 2021-03-10\nend:\n"
    "kind: yes\nsessions:\n  - {id: 2021, title: 12.5, start: 9:30, end: '10:15'}\n"
    "statements:\n  - {speaker: ann-lee, session: 2021, quote: Yes., verbatim: True, "
    "topics: [2021, on]}\npartners: [KAZ, 007]\nextra: {anything: [1, 2]}\n",
    "content/speakers/ann-lee.yaml": "name: Ann Lee\nposition: Director\nsort_name: 12\n"
    "honorific:\nbio: {en: '*Lee*'}\n",
    "content/organisations/007.yaml": "name: Office 007\nkind: un\nurl: 7\n",
    "content/countries/KAZ.yaml": "region:\npartnership: {since: 2019, areas: [1]}\nfacts:\n"
    "  - {label: Rate, value: 12.5, year: '2020'}\n  - {label: Code, value: 012345}\n",
    "content/programmes/p.yaml": "name: P\nstart: 2019\nend: +2022\nfunders: [KAZ]\n",
}
"""Values an editor may type that are valid, typed by YAML 1.2 as numbers, booleans and
nulls: the schemas must accept them as ``check`` does."""


def test_unusual_but_valid_values_are_valid_against_the_schemas(
    tmp_path: Path, validators: dict[str, Draft202012Validator]
) -> None:
    root = write(tmp_path, UNUSUAL_BUT_VALID)
    run = briefgen("check", cwd=root)
    assert (run.code, run.stdout.splitlines()) == (
        0,
        [
            'content/organisations/007.yaml:3:6: warning: "url" is not an http, https or mailto '
            "address; it is not linked [url]",
            'content/speakers/ann-lee.yaml:5:6: warning: "bio" has no "fr-CA" text; the "en" '
            "text is used [missing-translation]",
            "6 files, 0 errors, 2 warnings",
        ],
    )
    for kind, path in _project_files(root):
        assert _errors(validators[kind], load_yaml12(path)) == [], path


EVENT = "title: Forum\nstart: 2021-03-10\n"
SPEAKER = "name: Ann Lee\nposition: Director\n"

MISTAKES = {
    "unknown key": (
        "event",
        EVENT + "titel: Forum\n",
        ": Additional properties are not allowed ('titel' was unexpected)",
        'content/events/forum.yaml:3:1: error: unknown key "titel"; did you mean '
        '"title"? [unknown-key]',
    ),
    "missing title": (
        "event",
        "start: 2021-03-10\n",
        ": 'title' is a required property",
        'content/events/forum.yaml:1:1: error: missing required key "title" [missing]',
    ),
    "month 13": (
        "event",
        "title: Forum\nstart: 2021-13-01\n",
        "start: '2021-13-01' does not match",
        'content/events/forum.yaml:2:8: error: "start": 2021-13-01 is not a date '
        "(YYYY-MM-DD); did you mean 2021-01-13? [date]",
    ),
    "hour 25": (
        "event",
        EVENT + "sessions:\n  - {id: opening, title: Opening, start: 25:00}\n",
        "sessions/0/start: '25:00' does not match",
        'content/events/forum.yaml:4:42: error: "start" must be a 24-hour time (HH:MM), '
        'not "25:00" [time]',
    ),
    "bad id": (
        "event",
        EVENT + "sessions:\n  - {id: Hello World, title: Opening}\n",
        "sessions/0/id: 'Hello World' is not valid under any of the given schemas",
        'content/events/forum.yaml:4:10: error: "Hello World" is not a valid id: use '
        "lower-case letters, digits and single hyphens [id]",
    ),
    "lower-case country": (
        "speaker",
        SPEAKER + "country: kaz\n",
        "country: 'kaz' is not one of",
        "content/speakers/ann-lee.yaml:3:10: error: country codes are written in upper "
        'case: "KAZ" [country]',
    ),
    "verbatim maybe": (
        "event",
        EVENT + "statements:\n  - {speaker: ann-lee, quote: Yes., verbatim: maybe}\n",
        "statements/0/verbatim: 'maybe' is not valid under any of the given schemas",
        'content/events/forum.yaml:4:47: error: "verbatim" must be true or false, not '
        '"maybe" [type]',
    ),
    "empty colour": (
        "briefgen",
        "theme:\n  primary_color: #0b5ea8\n",
        "theme/primary_color: None is not of type 'string'",
        'briefgen.yaml:2:17: error: "primary_color" has no value: quote the colour '
        '("#0b5ea8"), an unquoted # starts a YAML comment [null]',
    ),
    "bad language key": (
        "speaker",
        SPEAKER + "bio: {english: A bio.}\n",
        "bio: {'english': 'A bio.'} is not valid under any of the given schemas",
        'content/speakers/ann-lee.yaml:3:7: error: "english" is not an ISO 639-1 language '
        "code (two lower-case letters, e.g. en, fr, ar) [language]",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_typical_mistakes_are_rejected_by_the_schema_and_by_check(
    tmp_path: Path, validators: dict[str, Draft202012Validator], mistake: str
) -> None:
    kind, text, schema_error, check_error = MISTAKES[mistake]
    name = {
        "event": "content/events/forum.yaml",
        "speaker": "content/speakers/ann-lee.yaml",
        "briefgen": "briefgen.yaml",
    }
    # Ann Lee, there for the speaker's cases, is in no event: on a roster.
    config = "title: Test\nsuppress_warnings: [speaker-without-event]\n"
    files = {"briefgen.yaml": config, "content/speakers/ann-lee.yaml": SPEAKER}
    files[name[kind]] = text
    root = write(tmp_path, files)
    errors = _errors(validators[kind], load_yaml12(root / name[kind]))
    assert len(errors) == 1 and errors[0].startswith(schema_error), errors
    run = briefgen("check", cwd=root)
    assert run.code == 1
    assert run.stdout.splitlines() == [check_error, f"{len(files)} files, 1 error, 0 warnings"]


def test_schema_command_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    run = briefgen("schema", "--output", "out/schemas", cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (0, "", "wrote 6 schemas into out/schemas\n")
    folder = tmp_path / "out/schemas"
    assert sorted(p.name for p in folder.iterdir()) == [f"{n}.schema.json" for n in NAMES]
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert briefgen("schema", "-o", str(folder), cwd=tmp_path).code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first
    event = json.loads(first["event.schema.json"])
    assert event["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert event["required"] == ["title", "start"]
    assert event["additionalProperties"] is False
    assert event["properties"]["extra"]["type"] == ["object", "null"]
    assert event["properties"]["title"]["description"] == "The event's full title."
    assert first["event.schema.json"].endswith(b"}\n")
    text = first["event.schema.json"].decode()
    assert json.dumps(event, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_schema_command_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    run = briefgen("schema", "--output", "taken", cwd=tmp_path)
    assert (run.code, run.stdout, run.stderr) == (
        2,
        "",
        "briefgen: error: --output taken is a file, not a folder\n",
    )
    run = briefgen("schema", "--output", "taken/schemas", cwd=tmp_path)
    assert (run.code, run.stderr) == (
        2,
        "briefgen: error: cannot write the schemas into taken/schemas: Not a directory\n",
    )


def test_schema_command_into_an_unwritable_folder_is_a_usage_error() -> None:
    # Not in tmp_path: pytest makes its folders private to root, and nobody must read it.
    root = Path(tempfile.mkdtemp(prefix="briefgen-schemas-"))
    try:
        root.chmod(0o555)
        proc = briefgen_unprivileged("schema", "-o", "s", cwd=root)
        assert (proc.returncode, proc.stdout, proc.stderr) == (
            2,
            "",
            "briefgen: error: cannot write the schemas into s: Permission denied\n",
        )
        assert not (root / "s").exists()
    finally:
        root.chmod(0o755)
        root.rmdir()


def test_schema_help_names_the_files_and_the_editor_setup(tmp_path: Path) -> None:
    run = briefgen("schema", "--help", cwd=tmp_path)
    assert run.code == 0
    text = " ".join(run.stdout.split())
    assert "Usage: python -m briefgen schema [OPTIONS]" in text
    assert "event, speaker, country, organisation, programme and briefgen.schema.json" in text
    assert "-o, --output PATH The folder to write the schemas into (created when missing)." in text
    assert briefgen("schema", cwd=tmp_path).code == 2


def test_docs_tables_agree_with_the_declarations() -> None:
    text = (REPO / "docs/content.md").read_text(encoding="utf-8")
    assert reference.update(text) == text, (
        "docs/content.md disagrees with the field declarations: run "
        "python -m briefgen.content.reference"
    )


def test_the_reference_check_fails_on_a_stale_page(tmp_path: Path) -> None:
    text = (REPO / "docs/content.md").read_text(encoding="utf-8")
    stale = tmp_path / "content.md"
    stale.write_text(text.replace("| The first day. |", "| The day it starts. |"))
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen.content.reference", "--check", str(stale)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (
        1,
        f"{stale} disagrees with the field declarations: run "
        "python -m briefgen.content.reference\n",
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Swatch:
    """A record declared here only: validation knows its keys from the declaration."""

    colour: str = declared(t.STRING, required=True, doc="A colour.")
    shade: int | None = declared(t.YEAR, doc="A year, for the test.")


def test_validation_messages_come_from_the_declared_names(tmp_path: Path) -> None:
    path = write(tmp_path, {"swatch.yaml": "color: red\nshade: 1800\n"}) / "swatch.yaml"
    diags = Diagnostics()
    node = read_mapping(path, "swatch.yaml", diags)
    assert node is not None
    ctx = Context("swatch.yaml", diags, tmp_path)
    struct(node, ctx, "swatch.yaml", fields_of(_Swatch))
    assert [d.format() for d in diags] == [
        'swatch.yaml:1:1: error: missing required key "colour" [missing]',
        'swatch.yaml:1:1: error: unknown key "color"; did you mean "colour"? [unknown-key]',
        'swatch.yaml:2:8: error: "shade" must be a year from 1900 to 2200, not "1800" [year]',
    ]
    assert list(fields_of(_Swatch)) == ["colour", "shade"]
