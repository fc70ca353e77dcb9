"""The table of hostile and faulty projects: what each case changes in the baseline project,
and what must happen when it is built.

Every case starts from a copy of the built baseline (``BASELINE``: one speaker, one event,
one country sheet, in PDF and Word) and applies its changes. Text written by a case, and
every expected line, may use these placeholders:

``{LISTENER}``  ``http://127.0.0.1:<port>`` of a loopback server started for the case; the
                test asserts it received no connection at all.
``{ROOT}``      the case's project folder (absolute); ``{ROOT_URI}`` the same as a file: URI.
``{MARKER}``    a path in /tmp that must never come to exist (python object tags try to
                create it).

Files named ``secret*`` (the baseline has ``secret.png`` and ``secret.txt`` at the project
root, outside content/assets/) are watched with inotify: nothing may open them.

See README.md in this folder for how to add a case.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# -- what can go wrong: each check of the test raises its own kind, so that a case
#    marked as a known bug (``bug=``) fails for that reason only -----------------------


class TracebackError(AssertionError):
    """A Python traceback on stdout or stderr."""


class RequestError(AssertionError):
    """The loopback listener received a connection."""


class SecretReadError(AssertionError):
    """A file outside content/assets/ (a ``secret*`` file) was opened."""


class CodeRanError(AssertionError):
    """Content made briefgen run code (the marker file exists)."""


class AttachmentError(AssertionError):
    """A PDF carries an attachment."""


class LinkError(AssertionError):
    """A PDF or Word document links to something other than http, https, mailto or itself."""


class LeftoverError(AssertionError):
    """A temporary file survived under build/."""


class ExitCodeError(AssertionError):
    """The command exited with another code than expected (or ran past its time)."""


class DiagnosticsError(AssertionError):
    """The diagnostic lines differ from the expected ones (message or position)."""


class BrokenOutputError(AssertionError):
    """An output is not whole: a PDF pypdf cannot read, a DOCX python-docx cannot open."""


class OutputLostError(AssertionError):
    """A previous output changed or disappeared although the case must keep it."""


class TextError(AssertionError):
    """A built document does not show the expected text."""


# -- the baseline project ------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 94, 168)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()

CONFIG = "briefgen.yaml"
SPEAKER = "content/speakers/ana.yaml"
EVENT = "content/events/forum.yaml"

CONFIG_TEXT = "title: Hostile Briefings\nlanguages: [en]\nformats: [pdf, docx]\n"
# (No briefing packs: a pack is made of these documents, and fails or holds as they do;
# the cases are about what an input does to the documents that read it.)
CONFIG_TEXT += "documents: [events, countries, speakers]\n"

# Line numbers matter: expected positions below are counted in these texts.
ANA = (
    "name: Ana Lima\n"  # 1
    "position: Analyst\n"  # 2
    "country: BRA\n"  # 3
    "photo: ok.png\n"  # 4
    "bio: Ana works on *prevention*.\n"  # 5
)
FORUM = (
    "title: Forum on Prevention\n"  # 1
    "start: 2021-03-10\n"  # 2
    "sessions:\n"  # 3
    "  - id: opening\n"  # 4
    "    title: Opening\n"  # 5
    '    start: "10:00"\n'  # 6
    "    speakers: [ana]\n"  # 7
    "statements:\n"  # 8
    "  - speaker: ana\n"  # 9
    "    session: opening\n"  # 10
    "    quote: Prevention works.\n"  # 11
)

BASELINE: dict[str, str | bytes] = {
    CONFIG: CONFIG_TEXT,
    SPEAKER: ANA,
    EVENT: FORUM,
    "content/assets/ok.png": PNG,
    "secret.png": PNG,  # outside content/assets/: nothing may ever open it
    "secret.txt": "TOP SECRET\n",
}

OUTPUTS = tuple(
    f"build/en/{doc}.{fmt}"
    for doc in ("countries/BRA", "events/forum", "speakers/ana")
    for fmt in ("pdf", "docx")
)
ALL = frozenset(OUTPUTS)
ANA_OUT = frozenset({"build/en/speakers/ana.pdf", "build/en/speakers/ana.docx"})
FORUM_OUT = frozenset({"build/en/events/forum.pdf", "build/en/events/forum.docx"})
BRA_OUT = frozenset({"build/en/countries/BRA.pdf", "build/en/countries/BRA.docx"})

# -- the case record -------------------------------------------------------------------------

Mode = Literal["build", "unprivileged", "interrupt"]
Expected = str | re.Pattern[str]


@dataclass(frozen=True)
class Case:
    id: str
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    """Written over the baseline (paths relative to the project; ``../x`` is outside it)."""
    remove: tuple[str, ...] = ()
    symlinks: Mapping[str, str] = field(default_factory=dict)
    """Link (relative to the project) -> target, as ``ln -s target link`` would write it."""
    code: int = 1
    """Exit code of ``briefgen build``."""
    errors: tuple[Expected, ...] = ()
    """Every diagnostic line (``...: error: ...``, ``...: warning: ...``) of the run, exactly:
    each string must be printed, each pattern must match a printed line, and no other
    diagnostic line may be printed (repeats of an expected line are tolerated)."""
    failed: frozenset[str] | None = None
    """Outputs the JSON report must list as failed (None: not checked)."""
    changed: frozenset[str] = frozenset()
    """Baseline outputs the case may legitimately change; every other one must stay
    byte-identical."""
    pdf_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Output -> lines (stripped) its text must contain, each as a whole line."""
    docx_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Output -> paragraphs its text must contain, each as a whole paragraph."""
    check: bool = False
    """Also run ``briefgen check``: same exit code, same diagnostic lines."""
    timeout: float = 120.0
    """Seconds the build may take (a hang is a failure)."""
    mode: Mode = "build"
    """``unprivileged``: run without the power to write read-only folders (root ignores
    permissions); ``interrupt``: Ctrl-C once the first output is written, then build again."""
    readonly: tuple[str, ...] = ()
    """Folders made read-only before an ``unprivileged`` run."""
    report: bool = True
    """Whether ``--json`` must have been written."""
    args: tuple[str, ...] = ()
    to_group: bool = True
    """``interrupt``: SIGINT to the whole process group, as a terminal's Ctrl-C does (False:
    to the main build process only)."""
    elsewhere: bool = False
    """Run in another folder than the one the baseline was built in."""
    bug: tuple[type[AssertionError], str] | None = None
    """A known bug: the test is ``xfail(strict=True, raises=<kind>, reason=<reason>)``."""


# -- fixture builders -------------------------------------------------------------------------


def ana(old: str, new: str) -> str:
    """The baseline speaker with one piece of text replaced."""
    assert old in ANA
    return ANA.replace(old, new, 1)


def forum(old: str, new: str) -> str:
    assert old in FORUM
    return FORUM.replace(old, new, 1)


def svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20" height="20">{body}</svg>'
    )


def svg_image(href: str) -> str:
    return svg(f'<image xlink:href="{href}" href="{href}" width="20" height="20"/>')


def refused(url: str, why: str) -> tuple[str, str]:
    """The two lines (PDF and Word) of the speaker document refusing to read ``url`` inside
    the SVG photo, each at the ``photo:`` field that names the SVG."""
    line = "content/speakers/ana.yaml:4:8: error: speakers/ana: refused to read"
    svg = "(in content/assets/evil.svg)"
    return (f'{line} "{url}": {why} {svg} [pdf]', f'{line} "{url}": {why} {svg} [docx]')


OUTSIDE = "outside content/assets/"
REMOTE = "only files in content/assets/ may be used"


def photo_svg(text: str) -> dict[str, str]:
    """The speaker's photo replaced by an SVG asset."""
    return {SPEAKER: ana("ok.png", "evil.svg"), "content/assets/evil.svg": text}


def positions(text: str, pattern: str) -> list[tuple[int, int, str]]:
    """(line, column, match) of every match of ``pattern`` in ``text``, counted from 1."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in re.finditer(pattern, line):
            found.append((number, match.start() + 1, match.group()))
    return found


def billion_laughs() -> tuple[str, tuple[str, ...]]:
    """A speaker with a classic alias bomb under ``extra:`` and every line it must cause."""
    text = ANA + "extra:\n  a: &a [" + ", ".join(["lol"] * 9) + "]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    lines = []
    for line, column, token in positions(text, r"[&*][a-i]\b"):
        kind, what = ("anchor", "anchors") if token[0] == "&" else ("alias", "aliases")
        lines.append(
            f"content/speakers/ana.yaml:{line}:{column}: error: {what} ({token}) are not "
            f"allowed; write the value out [{kind}]"
        )
    assert len(lines) == 9 + 8 * 9
    return text, tuple(lines)


BOMB, BOMB_LINES = billion_laughs()

DEPTH = 10_000
LIMIT = 32  # briefgen's deepest accepted nesting; the 33rd level is reported
TOO_DEEP = "error: nesting deeper than 32 levels is not allowed [too-deep]"
# Flow sequences: "extra: [[[...": the value of extra is level 2, so the 32nd "[" is level 33.
DEEP_FLOW = ANA + "extra: " + "[" * DEPTH + "]" * DEPTH + "\n"
DEEP_FLOW_AT = f"6:{len('extra: ') + LIMIT}"
# Flow mappings: "{a: {a: ...": map n is level n+1 and its key level n+2: the key of map 31.
DEEP_MAP = ANA + "extra: " + "{a: " * DEPTH + "x" + "}" * DEPTH + "\n"
DEEP_MAP_AT = f"6:{len('extra: ') + 4 * (LIMIT - 2) + 2}"
# Block sequences on one line: "- - - ... x": the 32nd "- " is level 33.
DEEP_BLOCK = ANA + "extra:\n" + "- " * DEPTH + "x\n"
DEEP_BLOCK_AT = f"7:{2 * (LIMIT - 1) + 1}"

MANY_SPEAKERS = {
    f"content/speakers/sp{i:02d}.yaml": (
        f"name: Speaker {i}\nposition: Analyst\ncountry: BRA\nbio: {'A long paragraph. ' * 150}\n"
    )
    for i in range(12)
}
ROSTER_WARNINGS: tuple[Expected, ...] = (
    # A roster of speakers in no event: each is told (content model: a warning).
    re.compile(
        r'content/speakers/sp\d\d\.yaml:1:1: warning: speaker "sp\d\d" takes part in no event'
        r" .+ \[speaker-without-event\]"
    ),
)

# -- the table -----------------------------------------------------------------------------------

CASES: list[Case] = [
    # YAML 1.1 scalars where text is expected: printed exactly as written.
    Case(
        "yaml11-boolean-NO-is-text",
        files={SPEAKER: ana("Analyst", "NO")},
        code=0,
        changed=ALL,
        pdf_lines={"build/en/speakers/ana.pdf": ("NO",)},
        docx_lines={"build/en/speakers/ana.docx": ("NO",)},
    ),
    Case(
        "yaml11-sexagesimal-is-text",
        files={SPEAKER: ana("Analyst", "10:30")},
        code=0,
        changed=ALL,
        pdf_lines={"build/en/speakers/ana.pdf": ("10:30",)},
        docx_lines={"build/en/speakers/ana.docx": ("10:30",)},
    ),
    Case(
        "yaml11-numbers-are-text",
        files={SPEAKER: ana("name: Ana Lima\nposition: Analyst", "name: 0x1F\nposition: 1_000")},
        code=0,
        changed=ALL,
        pdf_lines={"build/en/speakers/ana.pdf": ("0x1F", "1_000")},
    ),
    # YAML structure.
    Case(
        "duplicate-key",
        files={SPEAKER: ANA + "name: Ana Two\n"},
        errors=(
            'content/speakers/ana.yaml:6:1: error: duplicate key "name" (first defined at '
            "line 1) [duplicate-key]",
        ),
        check=True,
    ),
    Case(
        "billion-laughs",
        files={SPEAKER: BOMB},
        errors=BOMB_LINES,
        check=True,
        timeout=30,
    ),
    Case(
        "python-object-apply-tag",
        files={SPEAKER: ana("Analyst", '!!python/object/apply:os.system ["touch {MARKER}"]')},
        errors=(
            'content/speakers/ana.yaml:2:11: error: "position" must be text (a string, or a '
            "mapping of languages to strings), not a list [type]",
            "content/speakers/ana.yaml:2:11: error: YAML tags "
            "(!!python/object/apply:os.system) are not allowed [tag]",
        ),
        check=True,
    ),
    Case(
        "python-name-tag",
        files={SPEAKER: ana("Analyst", "!!python/name:os.system")},
        errors=(
            "content/speakers/ana.yaml:2:11: error: YAML tags (!!python/name:os.system) are "
            "not allowed [tag]",
        ),
        check=True,
    ),
    Case(
        "python-tag-through-TAG-directive",
        files={
            SPEAKER: "%TAG !e! tag:yaml.org,2002:python/object/apply:\n---\n"
            + ana("Analyst", '!e!os.system ["touch {MARKER}"]')
        },
        errors=(
            'content/speakers/ana.yaml:4:11: error: "position" must be text (a string, or a '
            "mapping of languages to strings), not a list [type]",
            "content/speakers/ana.yaml:4:11: error: YAML tags "
            "(!!python/object/apply:os.system) are not allowed [tag]",
        ),
        check=True,
    ),
    Case(
        "custom-tag",
        files={SPEAKER: ana("Analyst", "!custom Analyst")},
        errors=(
            "content/speakers/ana.yaml:2:11: error: YAML tags (!custom) are not allowed [tag]",
        ),
        check=True,
    ),
    Case(
        "python-tag-in-briefgen.yaml",
        files={
            CONFIG: 'title: !!python/object/apply:os.system ["touch {MARKER}"]\n'
            "languages: [en]\nformats: [pdf, docx]\n"
        },
        errors=(
            'briefgen.yaml:1:8: error: "title" must be text (a string, or a mapping of '
            "languages to strings), not a list [type]",
            "briefgen.yaml:1:8: error: YAML tags (!!python/object/apply:os.system) are not "
            "allowed [tag]",
        ),
        check=True,
    ),
    Case(
        "briefgen.yaml-syntax-error",
        files={CONFIG: "title: Hostile Briefings\nlanguages: [en]\nformats: [pdf, docx\n"},
        errors=(
            "briefgen.yaml:4:1: error: invalid YAML: expected ',' or ']', but got "
            "'<stream end>' (in the list opened with [ at line 3, column 10)"
            "; the rest of this file was not checked [yaml-syntax]",
        ),
        check=True,
    ),
    Case(
        "deep-nesting-flow-sequences",
        files={SPEAKER: DEEP_FLOW},
        errors=(f"content/speakers/ana.yaml:{DEEP_FLOW_AT}: {TOO_DEEP}",),
        check=True,
        timeout=30,
    ),
    Case(
        "deep-nesting-flow-mappings",
        files={SPEAKER: DEEP_MAP},
        errors=(f"content/speakers/ana.yaml:{DEEP_MAP_AT}: {TOO_DEEP}",),
        check=True,
        timeout=30,
    ),
    Case(
        "deep-nesting-block-sequences",
        files={SPEAKER: DEEP_BLOCK},
        errors=(f"content/speakers/ana.yaml:{DEEP_BLOCK_AT}: {TOO_DEEP}",),
        check=True,
        timeout=30,
    ),
    Case(
        "empty-file",
        files={SPEAKER: ""},
        errors=("content/speakers/ana.yaml:1:1: error: file is empty [empty-file]",),
        check=True,
    ),
    Case(
        "comment-only-file",
        files={SPEAKER: "# nothing here yet\n"},
        errors=("content/speakers/ana.yaml:1:1: error: file is empty [empty-file]",),
        check=True,
    ),
    Case(
        "list-rooted-file",
        files={SPEAKER: "- name: Ana Lima\n  position: Analyst\n"},
        errors=(
            "content/speakers/ana.yaml:1:1: error: the file must hold a mapping of keys, not "
            "a list [root-not-mapping]",
        ),
        check=True,
    ),
    Case(
        "scalar-rooted-file",
        files={SPEAKER: "Ana Lima, Analyst\n"},
        errors=(
            "content/speakers/ana.yaml:1:1: error: the file must hold a mapping of keys, not "
            "a single value [root-not-mapping]",
        ),
        check=True,
    ),
    Case(
        "multi-document-file",
        files={SPEAKER: ANA + "---\nname: Ben Ode\nposition: Analyst\n"},
        errors=(
            "content/speakers/ana.yaml:6:1: error: a content file holds one document; found "
            "another one here [multiple-documents]",
        ),
        check=True,
    ),
    Case(
        "tab-indentation",
        files={SPEAKER: ANA + "extra:\n\tnote: x\n"},
        errors=(
            "content/speakers/ana.yaml:7:1: error: invalid YAML: a tab cannot indent YAML; "
            "use spaces"
            "; the rest of this file was not checked [yaml-syntax]",
        ),
        check=True,
    ),
    # Encoding and characters.
    Case(
        "latin-1-file",
        files={SPEAKER: ana("Ana Lima", "Ana Lim\xe9").encode("latin-1")},
        errors=(
            "content/speakers/ana.yaml:1:14: error: file is not valid UTF-8 (byte 0xe9); save "
            "it as UTF-8 [encoding]",
        ),
        check=True,
    ),
    Case(
        "control-character-raw-BEL",
        files={SPEAKER: ana("Analyst", "Ana\x07lyst")},
        errors=(
            "content/speakers/ana.yaml:2:14: error: control character U+0007 is not allowed in "
            "content [control-character]",
        ),
        check=True,
    ),
    Case(
        "control-character-escaped-BEL",
        files={SPEAKER: ana("Analyst", '"Ana\\x07lyst"')},
        errors=(
            "content/speakers/ana.yaml:2:11: error: control character U+0007 is not allowed in "
            "content [control-character]",
        ),
        check=True,
    ),
    Case(
        "control-character-raw-NUL",
        files={SPEAKER: ana("Analyst", "Ana\x00lyst")},
        errors=(
            "content/speakers/ana.yaml:2:14: error: control character U+0000 is not allowed in "
            "content [control-character]",
        ),
        check=True,
    ),
    Case(
        "noncharacter-U+FFFE",
        files={SPEAKER: ana("Analyst", "Ana\ufffelyst")},
        errors=(
            "content/speakers/ana.yaml:2:14: error: character U+FFFE is not allowed in content "
            "[control-character]",
        ),
        check=True,
    ),
    Case(
        "bom-and-crlf-keep-positions",
        files={
            SPEAKER: "\ufeff"
            + (
                ana("Ana works on *prevention*.", "'[x](javascript:alert(1))'") + "titel: x\n"
            ).replace("\n", "\r\n")
        },
        errors=(
            'content/speakers/ana.yaml:5:11: error: link target "javascript:alert(1)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
            'content/speakers/ana.yaml:6:1: error: unknown key "titel" [unknown-key]',
        ),
        check=True,
    ),
    Case(
        "line-separator-U+2028-is-not-a-line-break",
        files={SPEAKER: ana("Analyst", '"Ana\u2028lyst"') + "titel: x\n"},
        errors=('content/speakers/ana.yaml:6:1: error: unknown key "titel" [unknown-key]',),
        check=True,
    ),
    Case(
        "invalid-dates",
        files={EVENT: forum("start: 2021-03-10\n", "start: 2021-02-30\nend: 2021-13-01\n")},
        errors=(
            'content/events/forum.yaml:2:8: error: "start": 2021-02-30 is not a date '
            "(YYYY-MM-DD): February 2021 has 28 days [date]",
            'content/events/forum.yaml:3:6: error: "end": 2021-13-01 is not a date '
            "(YYYY-MM-DD); did you mean 2021-01-13? [date]",
        ),
        check=True,
    ),
    Case(
        "three-megabyte-field",
        files={SPEAKER: ana("Analyst", "x" * 3_000_000)},
        errors=(
            'content/speakers/ana.yaml:2:11: error: "position" is 3,000,000 characters long; '
            "the limit is 100,000 [too-long]",
        ),
        check=True,
        timeout=30,
    ),
    # Markdown: raw HTML is text; only http, https and mailto links; images are assets.
    Case(
        "raw-html-in-markdown-is-text",
        files={
            SPEAKER: ana(
                "bio: Ana works on *prevention*.\n",
                "bio: |-\n"
                "  <script>alert(1)</script>\n\n"
                '  <style>@import url("{LISTENER}/x.css")</style>\n\n'
                '  <link rel="attachment" href="ok.png">\n\n'
                '  <a rel="attachment" href="ok.png">x</a>\n',
            )
        },
        code=0,
        changed=ANA_OUT,
        pdf_lines={
            "build/en/speakers/ana.pdf": (
                "<script>alert(1)</script>",
                '<style>@import url("{LISTENER}/x.css")</style>',
                '<link rel="attachment" href="ok.png">',
                '<a rel="attachment" href="ok.png">x</a>',
            )
        },
        docx_lines={
            "build/en/speakers/ana.docx": (
                "<script>alert(1)</script>",
                '<style>@import url("{LISTENER}/x.css")</style>',
                '<link rel="attachment" href="ok.png">',
                '<a rel="attachment" href="ok.png">x</a>',
            )
        },
    ),
    Case(
        "markdown-link-file-url",
        files={SPEAKER: ana("Ana works on *prevention*.", "'[x](file:///etc/passwd)'")},
        errors=(
            'content/speakers/ana.yaml:5:11: error: link target "file:///etc/passwd" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-image-file-url",
        files={SPEAKER: ana("Ana works on *prevention*.", "'![x](file:///etc/passwd)'")},
        errors=(
            'content/speakers/ana.yaml:5:12: error: image: asset "file:///etc/passwd" must be a '
            "path relative to content/assets/ [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-image-parent-path",
        files={SPEAKER: ana("Ana works on *prevention*.", "'![x](../../secret.png)'")},
        errors=(
            'content/speakers/ana.yaml:5:12: error: image: asset "../../secret.png" leaves '
            "content/assets/ [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-image-absolute-path",
        files={SPEAKER: ana("Ana works on *prevention*.", "'![x](/etc/passwd)'")},
        errors=(
            'content/speakers/ana.yaml:5:12: error: image: asset "/etc/passwd" must be a path '
            "relative to content/assets/ [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-image-http",
        files={SPEAKER: ana("Ana works on *prevention*.", "'![x]({LISTENER}/x.png)'")},
        errors=(
            'content/speakers/ana.yaml:5:12: error: image: asset "{LISTENER}/x.png" must be a '
            "path relative to content/assets/ [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-link-http-is-allowed",
        files={
            SPEAKER: ana("Ana works on *prevention*.", "'Ana runs [the listener]({LISTENER}/).'")
        },
        code=0,
        changed=ANA_OUT,
        pdf_lines={"build/en/speakers/ana.pdf": ("Ana runs the listener.",)},
    ),
    Case(
        "markdown-links-javascript",
        files={
            SPEAKER: ana(
                "bio: Ana works on *prevention*.\n",
                "bio: |-\n"  # line 5; the value starts at column 6
                "  [a](javascript:alert(1))\n"
                "  [b](JaVaScRiPt:alert(2))\n"
                "  <jAvAsCrIpT:alert(3)>\n"
                "  [d](java&#115;cript:alert(4))\n",
            )
        },
        errors=(
            'content/speakers/ana.yaml:6:7: error: link target "javascript:alert(1)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
            'content/speakers/ana.yaml:7:7: error: link target "JaVaScRiPt:alert(2)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
            'content/speakers/ana.yaml:8:4: error: link target "jAvAsCrIpT:alert(3)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
            # written with an entity, the target is not found as such: the field is pointed at
            'content/speakers/ana.yaml:5:6: error: link target "javascript:alert(4)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
        ),
        check=True,
    ),
    Case(
        "markdown-link-target-also-in-the-text",
        files={
            SPEAKER: ana(
                "Ana works on *prevention*.",
                "'Never write javascript:alert(1) as a [link](javascript:alert(1)).'",
            )
        },
        errors=(
            'content/speakers/ana.yaml:5:51: error: link target "javascript:alert(1)" is not '
            "allowed: links may use http, https and mailto [markdown-link]",
        ),
        check=True,
    ),
    # Assets: paths relative to content/assets/ that stay inside it.
    Case(
        "asset-path-leaving-assets",
        files={SPEAKER: ana("ok.png", "../../secret.png")},
        errors=(
            'content/speakers/ana.yaml:4:8: error: asset "../../secret.png" leaves '
            "content/assets/ [asset]",
        ),
        check=True,
    ),
    Case(
        "asset-absolute-path",
        files={SPEAKER: ana("ok.png", "/etc/passwd")},
        errors=(
            'content/speakers/ana.yaml:4:8: error: asset "/etc/passwd" must be a path relative '
            "to content/assets/ [asset]",
        ),
        check=True,
    ),
    Case(
        "asset-symlink-leaving-assets",
        files={SPEAKER: ana("ok.png", "link.png")},
        symlinks={"content/assets/link.png": "../../secret.png"},
        errors=(
            'content/speakers/ana.yaml:4:8: error: asset "link.png" leaves content/assets/ [asset]',
        ),
        check=True,
    ),
    Case(
        "theme-logo-leaving-assets",
        files={CONFIG: CONFIG_TEXT + "theme:\n  logo: ../../secret.png\n"},
        errors=(
            'briefgen.yaml:6:9: error: asset "../../secret.png" leaves content/assets/ [asset]',
        ),
        check=True,
    ),
    # SVG assets: whatever they refer to goes through the asset resolver, which refuses it.
    Case(
        "svg-image-remote-url",
        files=photo_svg(svg_image("{LISTENER}/x.png")),
        errors=refused("{LISTENER}/x.png", REMOTE),
        failed=ANA_OUT,
    ),
    Case(
        "svg-image-file-url",
        files=photo_svg(svg_image("{ROOT_URI}/secret.png")),
        errors=refused("{ROOT_URI}/secret.png", OUTSIDE),
        failed=ANA_OUT,
    ),
    Case(
        "svg-image-parent-path",
        files=photo_svg(svg_image("../../secret.png")),
        # Renderers see content/assets/ at a fixed internal URL: "../.." leaves it, to nowhere.
        errors=refused("file:///secret.png", OUTSIDE),
        failed=ANA_OUT,
    ),
    Case(
        "svg-image-symlink-leaving-assets",
        files=photo_svg(svg_image("link.png")),
        symlinks={"content/assets/link.png": "../../secret.png"},
        errors=(
            "content/speakers/ana.yaml:4:8: error: speakers/ana: refused to read "
            "content/assets/link.png: it leads outside content/assets/ "
            "(in content/assets/evil.svg) [pdf]",
            "content/speakers/ana.yaml:4:8: error: speakers/ana: refused to read "
            "content/assets/link.png: it leads outside content/assets/ "
            "(in content/assets/evil.svg) [docx]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "svg-font-face-remote-url",
        files=photo_svg(
            svg(
                "<style>@font-face { font-family: X; src: url({LISTENER}/f.woff) } "
                'text { font-family: X }</style><text y="10">hi</text>'
            )
        ),
        errors=refused("{LISTENER}/f.woff", REMOTE),
        failed=ANA_OUT,
    ),
    Case(
        "svg-data-url-svg-with-remote-image",
        files=photo_svg(
            svg(
                '<image width="20" height="20" href="data:image/svg+xml;utf8,'
                "%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='{LISTENER}/d.png' "
                "width='5' height='5'/%3E%3C/svg%3E\"/>"
            )
        ),
        errors=refused("{LISTENER}/d.png", REMOTE),
        failed=ANA_OUT,
    ),
    Case(
        "svg-external-entity",
        files=photo_svg(
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "{ROOT_URI}/secret.txt">]>'
            + svg('<text y="10">&x;</text>')
        ),
        errors=(
            re.compile(
                r"content/speakers/ana\.yaml:4:8: error: speakers/ana: cannot use "
                r"content/assets/evil\.svg: .+ \[pdf\]"
            ),
            "content/speakers/ana.yaml:4:8: error: speakers/ana: cannot use "
            "content/assets/evil.svg: unreadable or malformed image [docx]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "corrupt-png-asset",
        files={"content/assets/ok.png": b"\x89PNG\r\n\x1a\n" + b"garbage" * 10},
        errors=(
            re.compile(
                r"content/speakers/ana\.yaml:4:8: error: speakers/ana: cannot use "
                r"content/assets/ok\.png: .+ \[pdf\]"
            ),
            "content/speakers/ana.yaml:4:8: error: speakers/ana: cannot use "
            "content/assets/ok.png: unreadable or malformed image [docx]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "malformed-svg-asset",
        files=photo_svg("<svg><unclosed"),
        errors=(
            re.compile(
                r"content/speakers/ana\.yaml:4:8: error: speakers/ana: cannot use "
                r"content/assets/evil\.svg: .+ \[pdf\]"
            ),
            "content/speakers/ana.yaml:4:8: error: speakers/ana: the SVG image is not "
            "well-formed XML (Couldn't find end of Start Tag unclosed line 1, line 1, column 15 "
            "(<string>, line 1)) (in content/assets/evil.svg) [docx]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "reference-docx-not-a-zip",
        files={"templates/reference.docx": b"not a zip"},
        errors=(
            "templates/reference.docx: error: templates/reference.docx is not a readable Word "
            "document: File is not a zip file [docx]",
        ),
        failed=frozenset(path for path in OUTPUTS if path.endswith(".docx")),
    ),
    # WeasyPrint does not follow these at all: the document builds and nothing is read.
    Case(
        "svg-use-remote-is-ignored",
        files=photo_svg(svg('<use href="{LISTENER}/u.svg#a"/>')),
        code=0,
        changed=ANA_OUT,
    ),
    Case(
        "svg-style-import-remote-is-ignored",
        files=photo_svg(
            svg('<style>@import url("{LISTENER}/s.css");</style><rect width="5" height="5"/>')
        ),
        code=0,
        changed=ANA_OUT,
    ),
    Case(
        "svg-xinclude-is-ignored",
        files=photo_svg(
            svg(
                '<text y="10" xmlns:xi="http://www.w3.org/2001/XInclude">'
                '<xi:include href="{ROOT_URI}/secret.txt" parse="text"/></text>'
            )
        ),
        code=0,
        changed=ANA_OUT,
    ),
    # Content is data, never a template.
    Case(
        "template-syntax-in-content-is-text",
        files={
            SPEAKER: ana(
                "name: Ana Lima\nposition: Analyst",
                'name: "{{ 7*7 }}"\nposition: "{% raw %}x{% endraw %}"',
            )
        },
        code=0,
        changed=ALL,
        pdf_lines={"build/en/speakers/ana.pdf": ("{{ 7*7 }}", "{% raw %}x{% endraw %}")},
        docx_lines={"build/en/speakers/ana.docx": ("{{ 7*7 }}", "{% raw %}x{% endraw %}")},
    ),
    Case(
        "css-string-breakout-in-title",
        files={
            CONFIG: 'title: \'"); } @import url("{LISTENER}/x.css"); @page { @top-left { '
            "content: (\"'\nlanguages: [en]\nformats: [pdf, docx]\n"
        },
        code=0,
        changed=ALL,
        docx_lines={
            "build/en/speakers/ana.docx": (
                'Speaker summary · "); } @import url("{LISTENER}/x.css"); @page { @top-left { '
                'content: ("',
            )
        },
    ),
    Case(
        "source-urls-that-are-not-web-addresses",
        files={
            EVENT: FORUM + "sources:\n"
            "  - {title: Record, url: 'javascript:alert(1)'}\n"  # line 13
            "  - {title: Local, url: 'file:///etc/passwd'}\n"  # line 14
        },
        code=0,
        errors=(
            'content/events/forum.yaml:13:26: warning: "url" is not an http, https or mailto '
            "address; it is not linked [url]",
            'content/events/forum.yaml:14:25: warning: "url" is not an http, https or mailto '
            "address; it is not linked [url]",
        ),
        changed=FORUM_OUT,
        check=True,
    ),
    # References that lead nowhere.
    Case(
        "dangling-speaker",
        files={EVENT: FORUM + "  - speaker: bob\n    quote: Hello.\n"},
        errors=(
            'content/events/forum.yaml:12:14: error: unknown speaker "bob" (no '
            "content/speakers/bob.yaml) [unknown-reference]",
        ),
        failed=FORUM_OUT,
        check=True,
    ),
    Case(
        "dangling-session",
        files={EVENT: forum("    session: opening", "    session: closing")},
        errors=(
            'content/events/forum.yaml:10:14: error: unknown session "closing" in this event '
            "[unknown-session]",
        ),
        failed=ALL,
        check=True,
    ),
    Case(
        "dangling-organisation",
        files={SPEAKER: ANA + "organisation: unodc\n"},
        errors=(
            'content/speakers/ana.yaml:6:15: error: unknown organisation "unodc" (no '
            "content/organisations/unodc.yaml) [unknown-reference]",
        ),
        failed=ALL,
        check=True,
    ),
    Case(
        "dangling-programme",
        files={EVENT: FORUM + "programmes: [strive]\n"},
        errors=(
            'content/events/forum.yaml:12:14: error: unknown programme "strive" (no '
            "content/programmes/strive.yaml) [unknown-reference]",
        ),
        failed=FORUM_OUT,
        check=True,
    ),
    Case(
        "unknown-country-code",
        files={
            EVENT: forum(
                "start: 2021-03-10\n", "start: 2021-03-10\nvenue: {city: Kyoto, country: XYZ}\n"
            )
        },
        errors=(
            'content/events/forum.yaml:3:31: error: "XYZ" is not an ISO 3166-1 alpha-3 country '
            "code (e.g. KAZ) [country]",
        ),
        failed=ALL,
        check=True,
    ),
    # Project templates: trusted code, but their mistakes are errors with file and line.
    Case(
        "template-syntax-error",
        files={
            "templates/speaker.html": '{% extends "!builtin/speaker.html" %}\n'
            "{% block body %}\n{% if %}\n{% endblock %}\n"
        },
        errors=(
            "templates/speaker.html:3:1: error: template syntax error: Expected an expression, "
            "got 'end of statement block' [template]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "template-undefined-variable",
        files={
            "templates/speaker.html": '{% extends "!builtin/speaker.html" %}\n'
            "{% block body %}\n<p>{{ no_such_thing }}</p>\n{{ super() }}\n{% endblock %}\n"
        },
        errors=(
            "templates/speaker.html:3:1: error: template error: 'no_such_thing' is undefined "
            "[template]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "partial-template-syntax-error",
        files={
            "templates/_macros.html": '{% import "!builtin/_macros.html" as b %}\n'
            "{% macro speaker_name(s) %}{{ s.name | t }{% endmacro %}\n"
        },
        errors=(
            "templates/_macros.html:2:1: error: template syntax error: unexpected '}' [template]",
        ),
        failed=ALL,
    ),
    # Project catalogs.
    Case(
        "catalog-not-utf-8",
        files={
            SPEAKER: ana("Ana works", "Ana now works"),
            "locale/en/LC_MESSAGES/briefgen.po": b'msgid "Biography"\nmsgstr "Biograph\xe9"\n',
        },
        errors=(re.compile(r"locale/en/LC_MESSAGES/briefgen\.po(:\d+:\d+)?: error: .+"),),
    ),
    Case(
        "catalog-label-change-rebuilds",
        files={"locale/en/LC_MESSAGES/briefgen.po": 'msgid "Biography"\nmsgstr "Life"\n'},
        code=0,
        changed=ALL,
        pdf_lines={"build/en/speakers/ana.pdf": ("Life",)},
    ),
    # Files outside the project.
    Case(
        "content-file-symlink-leaving-the-project",
        files={"../secret-speaker.yaml": "name: Eve Secret\nposition: Keeper of hunter2\n"},
        symlinks={"content/speakers/eve.yaml": "../../../secret-speaker.yaml"},
        errors=(re.compile(r"content/speakers/eve\.yaml(:\d+:\d+)?: error: .+"),),
    ),
    # The output folder.
    Case(
        "read-only-output-folder",
        mode="unprivileged",
        files={SPEAKER: ana("Ana works", "Ana now works")},
        readonly=("build",),
        errors=("briefgen: error: output folder {ROOT}/build is not writable [output]",),
        report=False,
    ),
    Case(
        "read-only-output-subfolder",
        mode="unprivileged",
        files={SPEAKER: ana("Ana works", "Ana now works")},
        readonly=("build/en/speakers",),
        errors=(
            "briefgen: error: cannot write build/en/speakers/ana.pdf: Permission denied [output]",
            "briefgen: error: cannot write build/en/speakers/ana.docx: Permission denied [output]",
        ),
        failed=ANA_OUT,
    ),
    Case(
        "read-only-build-state",
        mode="unprivileged",
        files={SPEAKER: ana("Ana works", "Ana now works")},
        readonly=("build/.briefgen",),
        errors=("briefgen: error: cannot save the build state: Permission denied [output]",),
        changed=ANA_OUT,
        failed=frozenset(),
    ),
    Case(
        "output-folder-blocked-by-a-file",
        files={CONFIG: CONFIG_TEXT + "output: out\n", "out": "not a folder\n"},
        errors=("briefgen: error: output folder {ROOT}/out is blocked by a file [output]",),
        report=False,
    ),
    Case(
        "output-subfolder-blocked-by-a-file",
        files={CONFIG: CONFIG_TEXT.replace("[en]", "[en, fr]"), "build/fr": "not a folder\n"},
        errors=tuple(
            f"briefgen: error: cannot write build/fr/{doc}.{fmt}: Not a directory [output]"
            for doc in ("countries/BRA", "events/forum", "speakers/ana")
            for fmt in ("pdf", "docx")
        ),
        failed=frozenset(
            f"build/fr/{doc}.{fmt}"
            for doc in ("countries/BRA", "events/forum", "speakers/ana")
            for fmt in ("pdf", "docx")
        ),
    ),
    # The same project in another folder: the same bytes (the README's promise).
    Case(
        "forced-rebuild-in-another-folder",
        elsewhere=True,
        args=("--force",),
        code=0,
    ),
    # Ctrl-C.
    Case(
        "ctrl-c-during-a-build",
        mode="interrupt",
        files=MANY_SPEAKERS,
        errors=ROSTER_WARNINGS,
        code=130,
        changed=BRA_OUT,
        report=False,
        args=("-j", "2"),
    ),
    Case(
        "sigint-to-the-main-process-only",
        mode="interrupt",
        to_group=False,
        files=MANY_SPEAKERS,
        errors=ROSTER_WARNINGS,
        code=130,
        changed=BRA_OUT,
        report=False,
        args=("-j", "2"),
    ),
]
