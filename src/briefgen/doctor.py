"""``briefgen doctor``: what this machine gives briefgen, and what to install for the rest.

Each finding is one line an editor can act on: ``ok``, ``warning`` (briefgen works, less
well) or ``error`` (a build cannot succeed here), and for each gap the Debian package that
fills it. Nothing here is needed by ``check`` or ``build``: it only reports.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from briefgen.render import bidi, fonts
from briefgen.writers.native_libraries import PANGO_PACKAGES, weasyprint_unavailable

PANGO_MINIMUM = (1, 44)
"""The oldest Pango WeasyPrint supports (its installation notes)."""
UN_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


@dataclass(frozen=True)
class Finding:
    status: str  # "ok", "warning" or "error"
    subject: str
    detail: str
    package: str | None = None
    """The Debian package that fills the gap, for the closing apt-get line."""

    def format(self) -> str:
        return f"  {self.status:<7}  {self.subject}: {self.detail}"


def font_findings(languages: tuple[str, ...]) -> list[Finding]:
    """One finding per script of the six UN languages (and one per project language
    outside them): an error when the project prints that script and no font covers it."""
    if not fonts.can_check():
        return [
            Finding(
                "warning",
                "fonts",
                "fc-list not found, so the fonts cannot be checked "
                "(nor the build's text): install the Debian package fontconfig",
                "fontconfig",
            )
        ]
    used = {fonts.script_of(lang) for lang in languages} | {"Latin"}  # labels, numbers, names
    findings: list[Finding] = []
    for script in fonts.SCRIPTS:
        subject = f"{script.name} ({', '.join(script.languages)})"
        problems = fonts.uncovered(script.sample)
        if problems:
            status = "error" if script.name in used else "warning"
            unused = "" if script.name in used else "not needed by these languages, but "
            findings.append(Finding(status, subject, unused + problems[0][1], script.package))
            continue
        found = fonts.families(script.languages[0])
        if script.family in found:
            others = len(found) - 1
            more = f" (and {_plural(others, 'other family')})" if others else ""
            findings.append(Finding("ok", subject, script.family + more))
        else:
            findings.append(
                Finding(
                    "warning",
                    subject,
                    f"covered, but not by {script.family}, "
                    "which the built-in stylesheet asks for: install the Debian "
                    f"package {script.package}",
                    script.package,
                )
            )
    for lang in languages:
        if fonts.script_of(lang) is None:
            findings.append(
                Finding(
                    "warning",
                    f"language {lang}",
                    "not one of the six UN languages, so its fonts are not checked here",
                )
            )
    return findings


def renderer_findings() -> list[Finding]:
    """WeasyPrint and Pango (a build needs both) and HarfBuzz's subsetter (PDFs about 20×
    faster with it)."""
    problem = weasyprint_unavailable()
    if problem is not None:
        return [Finding("error", "WeasyPrint", problem, PANGO_PACKAGES)]
    import weasyprint
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset, pango

    findings = [Finding("ok", "WeasyPrint", weasyprint.__version__)]
    number = int(pango.pango_version())
    version = (number // 10000, number // 100 % 100, number % 100)
    shown = ".".join(map(str, version))
    if version[:2] < PANGO_MINIMUM:
        findings.append(
            Finding(
                "error",
                "Pango",
                f"{shown} is older than WeasyPrint's minimum "
                f"{'.'.join(map(str, PANGO_MINIMUM))}: install a newer "
                "libpango-1.0-0",
                "libpango-1.0-0",
            )
        )
    else:
        findings.append(Finding("ok", "Pango", shown))
    findings.append(_bidi_finding())
    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        findings.append(
            Finding(
                "ok",
                "fast font subsetting",
                f"HarfBuzz {_harfbuzz_version()} with libharfbuzz-subset",
            )
        )
    else:
        findings.append(
            Finding(
                "warning",
                "fast font subsetting",
                "libharfbuzz-subset (HarfBuzz "
                "4.1 or newer) not found, so PDFs are written about 20 times "
                "slower: install the Debian package libharfbuzz-subset0",
                "libharfbuzz-subset0",
            )
        )
    return findings


def _bidi_finding() -> Finding:
    """GNU FriBidi: Pango's bidi algorithm, and the Word writer's (right-to-left runs)."""
    try:
        version = bidi.version()
    except bidi.BidiLibraryError as exc:
        return Finding("error", "Unicode bidi algorithm", str(exc), bidi.PACKAGE)
    return Finding("ok", "Unicode bidi algorithm", f"GNU FriBidi {version}")


def _harfbuzz_version() -> str:
    name = ctypes.util.find_library("harfbuzz")
    if name is None:  # pragma: no cover - WeasyPrint has just loaded it
        return "(version unknown)"
    library = ctypes.CDLL(name)
    library.hb_version_string.restype = ctypes.c_char_p
    return str(library.hb_version_string().decode("ascii"))


def libreoffice_findings() -> list[Finding]:
    """LibreOffice is optional: briefgen writes Word files itself; soffice converts them to
    PDF for a reader without Word (and for briefgen's own tests)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return [
            Finding(
                "warning",
                "LibreOffice",
                "not found (optional: it converts the Word "
                "files to PDF to look at them): install the Debian package "
                "libreoffice-writer-nogui",
                "libreoffice-writer-nogui",
            )
        ]
    try:
        out = subprocess.run(
            [soffice, "--version"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    found = re.search(r"LibreOffice (\S+)", out)
    return [Finding("ok", "LibreOffice", f"{found[1] if found else 'version unknown'} ({soffice})")]


def diagnose(languages: tuple[str, ...] | None, project: Path | None) -> tuple[list[str], bool]:
    """The report's lines, and whether a build can succeed on this machine.

    ``languages``: the project's (None outside a project: the six UN languages are all
    needed)."""
    needed = languages if languages is not None else UN_LANGUAGES
    where = (
        f"the languages of {project / 'briefgen.yaml'}: "
        if project is not None
        else "no project here, so all six UN languages: "
    )
    sections = [
        (f"fonts ({where}{', '.join(needed)})", font_findings(needed)),
        ("PDF renderer", renderer_findings()),
        ("Word to PDF", libreoffice_findings()),
    ]
    lines: list[str] = []
    for title, findings in sections:
        lines.append(title)
        lines += [finding.format() for finding in findings]
    every = [finding for _title, findings in sections for finding in findings]
    errors = sum(1 for f in every if f.status == "error")
    warnings = sum(1 for f in every if f.status == "warning")
    verdict = "cannot" if errors else "can"
    lines.append("")
    lines.append(
        f"a build {verdict} succeed on this machine: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )
    packages = dict.fromkeys(p for f in every if f.package for p in f.package.split())
    if packages:
        lines.append(f"to install what is missing: sudo apt-get install {' '.join(packages)}")
    return lines, not errors


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"
