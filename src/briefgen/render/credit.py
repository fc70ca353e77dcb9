"""Credit lines that do not repeat themselves: position, organisation, country.

"Minister of Foreign Affairs, Ministry of Foreign Affairs of the Republic of X, X"
says two things twice. A credit line prints the position, then the innermost
organisation of the speaker's chain that the position does not already name, then
the country, unless a part already printed names it:

- an organisation is named by the position when the position contains its name or
  acronym, or every significant word of its name (articles, prepositions and the
  country's own name left out; "Ministry" and "Minister" counted as one word);
- a country is named by a part that contains its name ("National Counterterrorism
  Agency of Indonesia" is not followed by "Indonesia"), or a shorter name of it
  ("President of Bolivia" is not followed by "Bolivia (Plurinational State of)");
- "UN", in capitals, is read as "United Nations", as the Organization writes it in
  running text: "President of the UN General Assembly" names the "United Nations
  General Assembly".
"""

from __future__ import annotations

import re

_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "for",
        "in",
        "of",
        "on",
        "the",
        "to",  # English
        "à",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",  # French
        "pour",
        "sur",
        "del",
        "el",
        "los",
        "las",
        "para",
        "por",
        "y",  # French, Spanish
        "и",
        "в",
        "во",
        "для",
        "по",
        "при",  # Russian
        "republic",
        "république",
        "república",
        "республика",
    }
)
"""Words that name nothing by themselves; "republic" goes with the country's name."""

_WORD = re.compile(r"\w+")
_STEM = 6
"""Words are compared by their first letters, so that "Minister" meets "Ministry"."""
_STOP_STEMS = frozenset(w[:_STEM] for w in _STOP_WORDS)


_UN = re.compile(r"(?<!\w)UN(?!\w)")
"""The United Nations' abbreviation of its own name; in capitals only (French "un" is "a")."""


def _words(text: str) -> set[str]:
    text = _UN.sub("United Nations", text)
    return {w.casefold()[:_STEM] for w in _WORD.findall(text)}


def _significant(text: str, ignore: set[str]) -> set[str]:
    return {w for w in _words(text) if w not in ignore and w not in _STOP_STEMS}


def names(part: str, name: str, country: str | None = None) -> bool:
    """Whether ``part`` already names ``name`` (an organisation, or a country)."""
    if not name or not part:
        return False
    if not any(ch.isspace() for ch in name.strip()):  # an acronym or a one-word name
        return re.search(rf"(?<!\w){re.escape(name.strip())}(?!\w)", part) is not None
    if name.casefold() in part.casefold():
        return True
    ignore = _words(country) if country else set()
    wanted = _significant(name, ignore)
    return len(wanted) >= 2 and wanted <= _words(part)


def credit_line(
    position: str,
    chain: list[list[str]],
    country: str | None,
    country_also: tuple[str, ...] = (),
) -> list[str]:
    """The parts of a credit line: ``position``; the innermost organisation of ``chain``
    (each one its name followed by its acronym, if any) that the position does not name;
    ``country`` unless a part printed before names it, by that name or one of
    ``country_also`` ("President of Bolivia" names "Bolivia (Plurinational State of)")."""
    parts = [position] if position else []
    for org_names in chain:
        if not any(names(position, n, country) for n in org_names if n):
            parts.append(org_names[0])
            break
    called = [name.casefold() for name in (country, *country_also) if name]
    if country and not any(name in p.casefold() for name in called for p in parts):
        parts.append(country)
    return parts
