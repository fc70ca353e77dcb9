"""A contents page laid out twice, not three times, for its ``target-counter()`` numbers.

A contents entry's page number (``target-counter(attr(href), page)``, style.css) is
known only once the page it points to is laid out. WeasyPrint 70 lays the contents
page out a first time without the numbers, then again for every change it sees, and
sees one change too many, through two slips in its bookkeeping (reported upstream
with a minimal reproduction: docs/upstream/weasyprint-target-counter.md):

1. ``compute_content_list`` (formatting_structure/build.py) names the target of
   ``target-counter(attr(href), …)`` from the token before ``attr()`` is read, so the
   entry is filed as missing the counters of an anchor named ``None``. The pages it
   points to then never tell it their numbers (``cache_target_page_counters`` looks
   the entry up by the anchor's real name).
2. The same function keeps the target's missing counters in the variable that holds
   the entry's own (page-based) missing counters, so the entry is filed as missing
   its own ``page`` counter as well. Each layout of the contents page then compares
   the page's counters with those of its previous layout, finds that the page count
   changed (0 on the first pass, the real count after it), and asks for one more
   layout. That extra layout is what gives the entries their numbers today, since
   (1) keeps the pages pointed to from giving them sooner.

A third change keeps the mended bookkeeping from asking for a layout that changes
nothing: when a target's page is laid out again, its counters are compared for the
counters the entries pointing to it use, not all of them (the page count is among
them, and changes from 0 between the first pass and the second).

With the three, a report's contents page is laid out twice instead of three times
(9 page layouts for 7 pages become 8) and a briefing pack's likewise; the layout of
the sample's report takes 10 % less CPU, its pack's 14 %. The PDFs are byte for byte
those WeasyPrint's own code writes (tests/test_target_counters.py). Installed by
writers/layout.py with WeasyPrint :data:`PINNED` only.
"""

from __future__ import annotations

import copy
from typing import Any

import weasyprint
from weasyprint.css import targets
from weasyprint.css.targets import TargetCollector

PINNED = "70.0"

_ORIGINAL_ANCHOR_NAME = targets.anchor_name_from_token
_ORIGINAL_LOOKUP_TARGET = TargetCollector.lookup_target
_ORIGINAL_COLLECT = TargetCollector.collect_missing_counters
_ORIGINAL_CACHE = TargetCollector.cache_target_page_counters
_COUNTERS = ("counter()", "counters()")


class _LastLookup:
    """The ``attr()`` token :func:`_lookup_target` last resolved, and the anchor it named.

    ``compute_content_list`` asks for the anchor's name with the same token object
    right after looking the target up, so the identity of the token ties the two."""

    token: object = None
    name: str | None = None
    named: str | None = None  # what the last call of _anchor_name_from_token returned


def _anchor_name_from_token(token: Any) -> str | None:
    if token[0] == "attr()" and token is _LastLookup.token:
        return _LastLookup.name
    _LastLookup.named = _ORIGINAL_ANCHOR_NAME(token)
    return _LastLookup.named


def _lookup_target(self: TargetCollector, anchor_token: Any, *args: Any) -> Any:
    _LastLookup.named = None
    item = _ORIGINAL_LOOKUP_TARGET(self, anchor_token, *args)
    if anchor_token[0] == "attr()":
        # WeasyPrint's lookup read the attribute and named the anchor through
        # _anchor_name_from_token, which kept the name.
        _LastLookup.token, _LastLookup.name = anchor_token, _LastLookup.named
    return item


def _collect_missing_counters(
    self: TargetCollector,
    parent_box: Any,
    css_token: str,
    parse_again: Any,
    missing_counters: list[str],
    missing_target_counters: dict[str | None, list[str]],
) -> None:
    shadowed = any(missing_counters is names for names in missing_target_counters.values())
    if shadowed and css_token == "content":
        content = parent_box.style["content"]
        # Only when the content has no counter() of its own can the entry's own
        # missing counters be known (none); otherwise WeasyPrint's list is kept.
        if isinstance(content, (list, tuple)) and not any(kind in _COUNTERS for kind, _ in content):
            missing_counters = []
    _ORIGINAL_COLLECT(
        self, parent_box, css_token, parse_again, missing_counters, missing_target_counters
    )


def _cache_target_page_counters(
    self: TargetCollector,
    anchor_name: str,
    page_counter_values: dict[str, list[int]],
    page_maker_index: int,
    page_maker: list[Any],
) -> None:
    item = self.target_lookup_items.get(anchor_name)
    if (
        not self.collecting
        and item is not None
        and item.state == "up-to-date"
        and item.cached_page_counter_values
        and not _changed_for_entries(
            self, anchor_name, item.cached_page_counter_values, page_counter_values
        )
    ):
        # The entries pointing here were told this target's counters before, and
        # none of those they print changed: WeasyPrint would parse them again to
        # the same text and lay their pages out again for it.
        item.page_maker_index = page_maker_index
        item.cached_page_counter_values = copy.deepcopy(page_counter_values)
        return
    _ORIGINAL_CACHE(self, anchor_name, page_counter_values, page_maker_index, page_maker)


def _changed_for_entries(
    collector: TargetCollector,
    anchor_name: str,
    before: dict[str, list[int]],
    now: dict[str, list[int]],
) -> bool:
    """Whether a counter that some entry pointing to ``anchor_name`` prints changed."""
    for (_, css_token), entry in collector.counter_lookup_items.items():
        if css_token != "content":
            continue
        names = entry.missing_target_counters.get(anchor_name)
        if names and any(before.get(name) != now.get(name) for name in names):
            return True
    return False


def installed() -> bool:
    return TargetCollector.cache_target_page_counters is _cache_target_page_counters


def install() -> bool:
    """Put the mends in place with WeasyPrint :data:`PINNED`; whether they are in place."""
    if weasyprint.__version__ != PINNED:
        return False
    targets.anchor_name_from_token = _anchor_name_from_token
    TargetCollector.lookup_target = _lookup_target
    TargetCollector.collect_missing_counters = _collect_missing_counters
    TargetCollector.cache_target_page_counters = _cache_target_page_counters
    return True


def uninstall() -> None:
    """WeasyPrint's own functions back (the tests compare the two)."""
    targets.anchor_name_from_token = _ORIGINAL_ANCHOR_NAME
    TargetCollector.lookup_target = _ORIGINAL_LOOKUP_TARGET
    TargetCollector.collect_missing_counters = _ORIGINAL_COLLECT
    TargetCollector.cache_target_page_counters = _ORIGINAL_CACHE
