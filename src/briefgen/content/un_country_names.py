"""The United Nations' short names of its Member States and observer States, in its six
official languages (``un_short_names.tsv`` beside this module).

A UN office writes a country's name as the UN does: "Republic of Korea", "Iran (Islamic
Republic of)", "State of Palestine", "République-Unie de Tanzanie", "Iraq" in French and
Spanish, "Nigéria" in French. These are the short names of the UN Terminology Database
(UNTERM), which the UN Statistics Division's standard country codes (M49) list in the six
languages. They are the ISO 3166 short names in the UN's own wording and word order
("Republic of Korea", which ISO 3166 files as "Korea (the Republic of)"). The table has
the changes since M49's last six-language list: "Türkiye" (2022) and "Netherlands
(Kingdom of the)" (2023), in English, French and Spanish.

CLDR's everyday names ("South Korea", "Syria", "Palestinian Territories", "Congo-Kinshasa",
"Irak") remain what :func:`briefgen.render.i18n.country_name` gives in other languages and
for territories outside this table; an editor who needs another form sets the country's
``name`` in its YAML file.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")


@cache
def _text() -> str:
    return (files("briefgen.content") / "un_short_names.tsv").read_text(encoding="utf-8")


def un_names_digest() -> str:
    """A digest of the table, among the inputs every document reads (engine/inputs.py): a
    change to a name rebuilds what printed it."""
    return hashlib.sha256(_text().encode("utf-8")).hexdigest()[:16]


@cache
def _table() -> dict[str, tuple[str, ...]]:
    """ISO 3166 alpha-3 code -> the names in the order of :data:`UN_LANGUAGES`."""
    text = _text()
    header, *rows = text.splitlines()
    assert tuple(header.split("\t")[1:]) == UN_LANGUAGES, header
    return {code: tuple(names) for code, *names in (row.split("\t") for row in rows if row)}


def un_member_codes() -> frozenset[str]:
    """The alpha-3 codes of the 193 Member States and the two observer States."""
    return frozenset(_table())


def un_short_name(code: str, lang: str) -> str | None:
    """The UN's short name of the country ``code`` (ISO 3166 alpha-3) in ``lang`` or its base
    language (``fr-CH``: ``fr``); None when that is not a UN language or the country is not
    in the table."""
    names = _table().get(code)
    base = lang.replace("_", "-").split("-")[0].lower()
    if names is None or base not in UN_LANGUAGES:
        return None
    return names[UN_LANGUAGES.index(base)]
