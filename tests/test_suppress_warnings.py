"""A speaker who takes part in no event (``speaker-without-event``), and briefgen.yaml's
``suppress_warnings``, which silences the warnings an office expects (modelled on Sphinx's
``suppress_warnings``; unlike Sphinx, an unknown code is reported, at its line)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from briefgen.diagnostics import ERRORS, WARNINGS
from conftest import make_project

SRC = Path(__file__).resolve().parent.parent / "src" / "briefgen"

KATO = "content/speakers/kato.yaml"
LEE = "content/speakers/lee.yaml"
EVENT = "content/events/meeting.yaml"
CONFIG = "briefgen.yaml"

SPEAKERS = {
    # ``name`` on line 2: the warning points at its key.
    KATO: "honorific: Ms.\nname: Mari Kato\nposition: Director\n",
    LEE: "name: Ann Lee\nposition: Ambassador\n",
}
KATO_WARNING = (
    'content/speakers/kato.yaml:2:1: warning: speaker "kato" takes part in no event (no '
    "session lists them as a speaker or chair, and no statement is theirs): their summary "
    "will hold only their name, position and bio; to keep them on a roster without this "
    "warning, add speaker-without-event to suppress_warnings in briefgen.yaml "
    "[speaker-without-event]"
)
KNOWN = (
    "css-ignored, empty, html-set, missing-catalog, missing-translation, pdf, "
    "speaker-without-event, state, unused-file, url"
)


def briefgen(root: Path, *args: str) -> tuple[int, list[str]]:
    """The real command line, ``python -m briefgen``, in a fresh interpreter: exit code and
    every line it printed (stdout, then stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, (done.stdout + done.stderr).splitlines()


def event(session: str = "", statements: str = "") -> str:
    return (
        f"title: Meeting\nstart: 2021-03-10\nsessions:\n  - id: one\n    title: One\n{session}"
        + (f"statements:\n{statements}" if statements else "")
    )


def test_a_speaker_in_no_event_is_warned_about_at_their_name(tmp_path: Path) -> None:
    files = {**SPEAKERS, EVENT: event("    speakers: [lee]\n")}
    root = make_project(tmp_path, files)
    assert briefgen(root, "check") == (0, [KATO_WARNING, "3 files, 0 errors, 1 warning"])
    strict = KATO_WARNING.replace(": warning: ", ": error: ")
    assert briefgen(root, "check", "--strict") == (1, [strict, "3 files, 1 error, 0 warnings"])


def test_a_project_without_events_is_a_roster_and_says_nothing(tmp_path: Path) -> None:
    assert briefgen(make_project(tmp_path, SPEAKERS), "check", "--strict") == (
        0,
        ["2 files, 0 errors, 0 warnings"],
    )


def test_a_chair_takes_part(tmp_path: Path) -> None:
    files = {**SPEAKERS, EVENT: event("    chair: kato\n    speakers: [lee]\n")}
    assert briefgen(make_project(tmp_path, files), "check", "--strict") == (
        0,
        ["3 files, 0 errors, 0 warnings"],
    )


def test_a_statement_outside_any_session_is_taking_part(tmp_path: Path) -> None:
    said = "  - speaker: kato\n    quote: We agree.\n"
    files = {**SPEAKERS, EVENT: event("    speakers: [lee]\n", said)}
    assert briefgen(make_project(tmp_path, files), "check", "--strict") == (
        0,
        ["3 files, 0 errors, 0 warnings"],
    )


def test_a_speaker_named_in_an_event_with_errors_is_not_warned_about(tmp_path: Path) -> None:
    files = {**SPEAKERS, EVENT: event("    chair: kato\n    speakers: [lee]\n    date: soon\n")}
    code, lines = briefgen(make_project(tmp_path, files), "check")
    assert code == 1
    assert [line for line in lines if "speaker-without-event" in line] == []


def test_without_speaker_summaries_a_speaker_in_no_event_is_a_roster_entry(
    tmp_path: Path,
) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee]\n"),
        CONFIG: "documents: [events, countries, packs]\n",
    }
    assert briefgen(make_project(tmp_path, files), "check", "--strict") == (
        0,
        ["4 files, 0 errors, 0 warnings"],
    )


def test_suppress_warnings_silences_it_and_strict_passes(tmp_path: Path) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee]\n"),
        CONFIG: "formats: [html]\nsuppress_warnings: [speaker-without-event]\n",
    }
    root = make_project(tmp_path, files)
    assert briefgen(root, "check", "--strict") == (0, ["4 files, 0 errors, 0 warnings"])
    code, lines = briefgen(root, "build", "--strict")
    assert code == 0
    assert not [line for line in lines if "warning" in line or "error" in line], lines
    assert (root / "build/en/speakers/kato.html").is_file()


def test_suppress_warnings_silences_only_the_codes_it_lists(tmp_path: Path) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee]\n"),
        CONFIG: "languages: [en, fr]\nsuppress_warnings:\n  - missing-translation\n",
        LEE: "name: Ann Lee\nposition: {en: Ambassador}\n",
    }
    assert briefgen(make_project(tmp_path, files), "check") == (
        0,
        [KATO_WARNING, "4 files, 0 errors, 1 warning"],
    )


def test_an_unknown_code_is_an_error_at_its_line_naming_the_known_codes(tmp_path: Path) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee]\n"),
        CONFIG: "suppress_warnings:\n  - speaker-without-events\n  - unused-file\n",
    }
    assert briefgen(make_project(tmp_path, files), "check") == (
        1,
        [
            'briefgen.yaml:2:5: error: "suppress_warnings": "speaker-without-events" is not '
            f"the code of a warning (the codes of warnings: {KNOWN}); did you mean "
            '"speaker-without-event"? [choice]',
            KATO_WARNING,
            "4 files, 1 error, 1 warning",
        ],
    )


def test_an_error_code_is_reported_and_its_errors_still_are(tmp_path: Path) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee, le]\n"),
        CONFIG: "suppress_warnings: [speaker-without-event, unknown-reference]\n",
    }
    assert briefgen(make_project(tmp_path, files), "check") == (
        1,
        [
            'briefgen.yaml:1:44: error: "suppress_warnings": "unknown-reference" is the code '
            f"of an error, and errors cannot be suppressed (the codes of warnings: {KNOWN}) "
            "[choice]",
            'content/events/meeting.yaml:6:21: error: unknown speaker "le" (no '
            'content/speakers/le.yaml); did you mean "lee"? [unknown-reference]',
            "4 files, 2 errors, 0 warnings",
        ],
    )


def test_a_code_shared_by_a_warning_and_an_error_suppresses_only_the_warning(
    tmp_path: Path,
) -> None:
    files = {
        **SPEAKERS,
        EVENT: event("    speakers: [lee]\n    summary: ''\n") + "kind: ''\n",
        CONFIG: "suppress_warnings: [empty, speaker-without-event]\n",
    }
    files[EVENT] = files[EVENT].replace("title: Meeting\n", "title: ''\n")
    assert briefgen(make_project(tmp_path, files), "check") == (
        1,
        [
            'content/events/meeting.yaml:1:8: error: "title" is empty; it needs a value [empty]',
            "4 files, 1 error, 0 warnings",
        ],
    )


def _codes_in_source() -> dict[str, set[str]]:
    """Every code the source reports with a literal (or a module constant), by severity."""
    constants: dict[str, str] = {}
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SRC.rglob("*.py"))]
    for tree in trees:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                constants[node.targets[0].id] = node.value.value
    found: dict[str, set[str]] = {"error": set(), "warning": set()}

    def literal(arg: ast.expr) -> str | None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        return constants.get(arg.id) if isinstance(arg, ast.Name) else None

    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("error", "warning") and node.args:
                code = literal(node.args[0])
                if code is not None:
                    found[name].add(code)
            elif name == "Diagnostic" and len(node.args) >= 3:
                severity, code = literal(node.args[0]), literal(node.args[2])
                if severity in found and code is not None:
                    found[severity].add(code)
    return found


def test_the_tables_of_codes_are_the_codes_the_source_reports() -> None:
    found = _codes_in_source()
    assert set(WARNINGS) == found["warning"]
    assert found["error"] == ERRORS


def test_the_builds_own_warnings_are_suppressed_too(tmp_path: Path) -> None:
    """A warning met while building (a stylesheet declaration the renderer ignores) is
    suppressed as the content's are: not printed, not in the --json report, not failing
    --strict."""
    files = {
        **SPEAKERS,
        EVENT: event("    chair: kato\n    speakers: [lee]\n"),
        CONFIG: "formats: [html]\nsuppress_warnings: [css-ignored]\n",
        "templates/style.css": "h2 { border-width: thick-ish }\n",
    }
    root = make_project(tmp_path, files)
    code, lines = briefgen(root, "build", "--strict", "--json", str(tmp_path / "report.json"))
    assert code == 0, lines
    assert not [line for line in lines if "css-ignored" in line], lines
    assert "css-ignored" not in (tmp_path / "report.json").read_text(encoding="utf-8")
    (root / CONFIG).write_text("formats: [html]\n", encoding="utf-8")
    code, lines = briefgen(root, "build", "--strict", "--force")
    assert code == 1
    assert [line for line in lines if "css-ignored" in line] == [  # a build's own: a warning
        'templates/style.css:1:6: warning: property "border-width" ignored: invalid value '
        '"thick-ish" [css-ignored]'
    ]
