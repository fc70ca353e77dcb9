"""The two independent accessibility checkers, run as an accessibility office runs them.

- page-validation (the ``page`` module): PDF/UA-1 and PDF/A rules, calibrated on
  the veraPDF corpus; ``validate_pdf(path, profile=...)``.
- outloud: PDF/UA-1 conformance rules plus semantic checks (reading order,
  furniture, link text); ``check(path)``.

A checker rule is skipped only where it contradicts the standard's own text;
each skip quotes the clause and is as narrow as the case it covers.
"""

from __future__ import annotations

import re
from pathlib import Path

import page
from outloud import check

PROFILES = {"pdf/ua-1": ("ua1",), "pdf/a-3a": ("3a", "ua1"), "pdf/a-3b": ("3b", "ua1")}
"""The profiles each variant claims: an archival file claims PDF/UA-1 too."""

ARABIC_CONTEXTUAL_FORMS = """
outloud's TXT-004 reads "5 different codes all map to U+0644" as a wrong ToUnicode
map. For Arabic it is the right one. PDF/UA-1 (ISO 14289-1:2014), 7.21.7: "The font
dictionary of all fonts shall define the map of all used character codes to Unicode
values". The Unicode Standard, 9.2 Arabic: "Each letter receives only one Unicode
character value in the basic Arabic block, no matter how many different contextual
appearances it may exhibit in text." The isolated, initial, medial and final glyphs
of one letter (and its ligatures' parts) are therefore all that letter, and a map
that gave them different values (presentation forms) would break search and speech.
Skipped only when every letter the collision names is in the Arabic block.
"""

_COLLISION = re.compile(r"all map to ((?:U\+[0-9A-F]{4,6} ?)+)")


def page_validation_failures(path: Path, variant: str) -> list[str]:
    """``rule: message`` for every failed rule of every profile the file claims."""
    failures: list[str] = []
    for profile in PROFILES[variant]:
        report = page.validate_pdf(path, profile=profile)
        failures += [f"{profile} {f.rule_id}: {f.message}" for f in report.failures]
    return failures


def is_arabic_contextual_forms(rule: str, message: str) -> bool:
    if rule != "TXT-004":
        return False
    match = _COLLISION.search(message)
    if match is None or "control characters" in message or "private-use" in message:
        return False
    letters = [int(code[2:], 16) for code in match.group(1).split()]
    return all(0x0600 <= letter <= 0x06FF for letter in letters)


def outloud_findings(path: Path) -> list[str]:
    """Every error and warning outloud reports, less the documented Arabic TXT-004 case."""
    result = check(str(path))
    assert result.error is None, f"{path}: outloud could not read it: {result.error}"
    return [
        f"{f.rule} ({f.severity}, page {f.page}): {f.message}"
        for f in result.sorted_findings()
        if f.severity in ("error", "warning") and not is_arabic_contextual_forms(f.rule, f.message)
    ]


def outloud_skipped(path: Path) -> list[str]:
    """The findings :func:`outloud_findings` leaves out (to show the skip is used, and narrow)."""
    result = check(str(path), only=["TXT-004"])
    findings = result.sorted_findings()
    return [f.message for f in findings if is_arabic_contextual_forms(f.rule, f.message)]
