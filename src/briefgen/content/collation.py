"""Alphabetical order of names: the Unicode Collation Algorithm with each language's rules.

ICU (through PyICU) carries CLDR's tailorings, so Spanish puts Ñ after N, Chinese sorts
by pinyin, and every language sorts accented letters and capitals with their base letter
(Émile before Eva before Zoe). An unknown or empty language gets CLDR's root order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=32)
def _collator(lang: str) -> Any:
    import icu  # imported on first use: checking content never sorts names

    return icu.Collator.createInstance(icu.Locale(lang.replace("-", "_") or "root"))


def collation_key(lang: str = "") -> Callable[[str], bytes]:
    """The sort key of a string in ``lang`` (a BCP 47 tag such as "es" or "zh-Hant")."""
    key: Callable[[str], bytes] = _collator(lang).getSortKey
    return key
