"""Which ISO 3166 country an editor meant by a code that is not one (KYR: KGZ, Kyrgyzstan)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pycountry

from briefgen.content.un_country_names import un_short_name


def _fold(name: str) -> str:
    """Upper case without accents, to compare a typed code with a country's name."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii()).upper()


def _one_edit(a: str, b: str) -> int | None:
    """1 when two neighbouring letters are swapped (KZA, KAZ), 2 when one letter differs
    (a swap is the likelier slip), else None."""
    if len(a) != len(b):
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return 2
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and (a[diff[1]] == b[diff[0]])
    ):
        return 1
    return None


def closest_country(value: str, project: set[str]) -> tuple[str, str] | None:
    """The ISO 3166 code (and name) an editor most likely meant by ``value``, or None.

    An alpha-2 code or a country's name names its country. Otherwise a country whose
    name begins with the letters typed (KYR: Kyrgyzstan, KGZ) comes first, then a code
    with two letters swapped (KZA: KAZ), then one with a letter changed; among equals,
    the project's own countries.
    """
    typed = value.strip().upper()
    if not typed:
        return None
    if typed == "UK":  # the one alpha-2 code in common use that ISO 3166 does not assign
        typed = "GB"
    found = pycountry.countries.get(alpha_2=typed) if len(typed) == 2 else None
    if found is None and len(typed) > 3:
        try:
            found = pycountry.countries.lookup(value.strip())
        except LookupError:
            found = None
    if found is not None:
        return found.alpha_3, _country_name(found)
    ranked: list[tuple[int, bool, str]] = []
    for country in pycountry.countries:
        code = country.alpha_3
        names = {_fold(_country_name(country)), _fold(country.name)}
        if len(typed) >= 3 and any(name.startswith(typed) for name in names):
            ranked.append((0, code not in project, code))
        elif (edit := _one_edit(typed, code)) is not None:
            ranked.append((edit, code not in project, code))
    if not ranked:
        return None
    best = min(ranked)[2]
    return best, _country_name(pycountry.countries.get(alpha_3=best))


def _country_name(country: Any) -> str:
    """The English name a document prints for ``country`` (render/i18n.country_name)."""
    return un_short_name(country.alpha_3, "en") or str(
        getattr(country, "common_name", None) or country.name
    )
