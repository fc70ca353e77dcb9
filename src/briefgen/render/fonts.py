"""Font coverage: no document may print a missing-glyph box.

The union of what every installed font covers is read once per process from
fontconfig; text with a character outside it fails with the Debian package
that provides a font for its script. The build checks every text it prints
(``briefgen check`` reads no fonts: it answers the same on every machine);
``briefgen doctor`` checks the scripts of the six UN languages.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

_PACKAGES = (
    ((0x0600, 0x08FF), "fonts-noto-core", "Arabic"),
    ((0xFB50, 0xFEFF), "fonts-noto-core", "Arabic"),
    ((0x1100, 0x11FF), "fonts-noto-cjk", "Korean"),
    ((0x2E80, 0x9FFF), "fonts-noto-cjk", "Chinese, Japanese and Korean"),
    ((0xAC00, 0xD7AF), "fonts-noto-cjk", "Korean"),
    ((0xF900, 0xFAFF), "fonts-noto-cjk", "Chinese, Japanese and Korean"),
    ((0xFF00, 0xFFEF), "fonts-noto-cjk", "Chinese, Japanese and Korean"),
    ((0x1F300, 0x1FAFF), "fonts-noto-color-emoji", "emoji"),
    ((0x20000, 0x3FFFF), "fonts-noto-cjk", "Chinese, Japanese and Korean"),
)


@dataclass(frozen=True)
class Script:
    """A script of the six UN languages, as ``briefgen doctor`` checks it."""

    name: str
    languages: tuple[str, ...]
    sample: str
    """Letters (accented ones too), punctuation and digits its documents print."""
    family: str
    """The family the built-in stylesheet (templates/style.css) asks for first."""
    package: str
    """The Debian package that installs that family."""


SCRIPTS = (
    Script(
        "Latin",
        ("en", "es", "fr"),
        "AZaz09 Éé Èè Êê Ëë Àà Ââ Çç Îî Ïï Ôô Ùù Ûû Üü Ññ Áá Íí Óó Úú ¿¡«»€",
        "Noto Sans",
        "fonts-noto-core",
    ),
    Script(
        "Cyrillic",
        ("ru",),
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "Noto Sans",
        "fonts-noto-core",
    ),
    Script(
        "Arabic",
        ("ar",),
        "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى،؛؟٠١٢٣٤٥٦٧٨٩",
        "Noto Naskh Arabic",
        "fonts-noto-core",
    ),
    Script(
        "Han",
        ("zh",),
        "中华人民共和国联合国毒品和犯罪问题办公室会议报告发言人国家概况",
        "Noto Sans CJK SC",
        "fonts-noto-cjk",
    ),
)


def script_of(language: str) -> str | None:
    """The script (a name of :data:`SCRIPTS`) of a language tag (``zh-Hant``: Han), or None
    for a language outside the six UN languages."""
    base = language.split("-")[0]
    return next((script.name for script in SCRIPTS if base in script.languages), None)


def families(language: str) -> list[str]:
    """The installed font families that fontconfig says cover ``language``, sorted."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    out = subprocess.run(
        [fc_list, "--format", "%{family[0]}\n", f":lang={language}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sorted({line.strip() for line in out.splitlines() if line.strip()})


def can_check() -> bool:
    """Whether fontconfig's fc-list is there to tell what the installed fonts cover."""
    return _coverage() is not None


Coverage = tuple[list[int], list[int]]
"""Sorted, merged (starts, ends) of the code points the installed fonts cover."""

_read: list[Coverage | None] = []
"""This process's reading of the installed fonts, once made (or given)."""


def _coverage() -> Coverage | None:
    """What the installed fonts cover (None without fc-list), read once per process."""
    if not _read:
        _read.append(_read_coverage())
    return _read[0]


def known_coverage() -> Coverage | None:
    """What the installed fonts cover, if this process has read it already (else None)."""
    return _read[0] if _read else None


def use_coverage(coverage: Coverage) -> None:
    """Take what the installed fonts cover as another process of the same build read it
    (a worker is sent its parent's reading: engine/pool.py) rather than run fc-list again."""
    _read[:] = [coverage]


def _read_coverage() -> Coverage | None:
    """Every installed font's charset, merged, as fc-list tells it; None without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    out = subprocess.run(
        [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=False
    ).stdout
    ranges: list[tuple[int, int]] = []
    # The same ranges recur across fonts (a family's styles, shared blocks): 70,000
    # ranges on a system with Noto, 4,000 of them distinct. Their union is the same.
    for token in set(out.split()):
        first, _, last = token.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for low, high in ranges:
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return starts, ends


def _covered(code: int, coverage: tuple[list[int], list[int]]) -> bool:
    starts, ends = coverage
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def package_for(char: str) -> tuple[str, str]:
    """(Debian package, script name) that provides a font for ``char``."""
    code = ord(char)
    for (low, high), package, script in _PACKAGES:
        if low <= code <= high:
            return package, script
    name = unicodedata.name(char, "UNKNOWN")
    return "fonts-noto-core", name.split()[0].title()


def missing_fonts(text: str) -> list[str]:
    """One message per script of ``text`` that no installed font covers."""
    return [message for _char, message in uncovered(text)]


def uncovered(text: str) -> list[tuple[str, str]]:
    """(first character, message) per script of ``text`` that no installed font covers."""
    coverage = _coverage()
    if coverage is None or text.isascii():
        return []
    problems: dict[str, tuple[str, str]] = {}
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            continue
        if not _covered(ord(char), coverage):
            if unicodedata.category(char) in ("Co", "Cn"):
                problems.setdefault(
                    f"U+{ord(char):04X}",
                    (
                        char,
                        f"no installed font covers U+{ord(char):04X} (a private-use or "
                        "unassigned character): remove it from the content",
                    ),
                )
                continue
            package, script = package_for(char)
            problems.setdefault(
                package + script,
                (
                    char,
                    f"no installed font covers {script} text (e.g. U+{ord(char):04X}): "
                    f"install the Debian package {package}",
                ),
            )
    return list(problems.values())
