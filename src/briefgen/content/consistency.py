"""Checks across the values of one content file: session ids and the sessions statements
name, and dates in order.

They run on the YAML itself or on the part of a file's values that converted, so that
their mistakes are reported in the same run as the file's others, not once those are
fixed (an editor should meet every mistake at once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from briefgen.content import schema as s
from briefgen.content.schema import Context
from briefgen.content.yamlio import YMap, YNode, YScalar, YSeq


def _scalar_of(item: YMap, key: str) -> YScalar | None:
    entry = item.get(key)
    if entry is None or not isinstance(entry.value, YScalar) or entry.value.is_null:
        return None
    return entry.value


def _items(node: YMap, key: str) -> list[YNode]:
    """The items of the list under ``key``; none when the key is missing or not a list."""
    entry = node.get(key)
    return list(entry.value.items) if entry and isinstance(entry.value, YSeq) else []


def check_sessions(node: YMap, ctx: Context) -> bool:
    """Session ids are unique and every statement's session exists. Read from the YAML
    itself, so these are reported with the file's other mistakes, not after they are
    fixed."""
    ok = True
    seen: dict[str, int] = {}  # session id -> the line of its first use
    sessions = node.get("sessions")
    for item in _items(node, "sessions"):
        sid = _scalar_of(item, "id") if isinstance(item, YMap) else None
        if sid is None:
            continue
        if sid.value in seen:
            ctx.error(
                "duplicate-session",
                f'session id "{sid.value}" is used twice in this '
                f"event (first at line {seen[sid.value]})",
                sid.loc,
            )
            ok = False
        seen.setdefault(sid.value, sid.loc.line)
    if sessions is not None and not isinstance(sessions.value, YSeq):
        return ok  # reported as the wrong kind of value: no session is known
    for item in _items(node, "statements"):
        ref = _scalar_of(item, "session") if isinstance(item, YMap) else None
        if ref is not None and ref.value not in seen:
            ctx.error(
                "unknown-session",
                f'unknown session "{ref.value}" in this event'
                f"{s.did_you_mean(ref.value, set(seen))}",
                ref.loc,
            )
            ok = False
    return ok


def check_event_dates(values: dict[str, Any], failed: set[str], node: YMap, ctx: Context) -> bool:
    """The event ends after it starts, each session lies within it and ends after it
    starts. Runs on whatever converted soundly (``failed``: keys whose values did not),
    so these are reported with the file's other mistakes."""
    ok = True
    start: dt.date | None = values.get("start")
    end: dt.date | None = None if "end" in failed else values.get("end", start)
    if start is not None and end is not None and end < start:
        entry = node.get("end")
        ctx.error(
            "date-order",
            f"the event ends ({end}) before it starts ({start})",
            entry.value.loc if entry else node.loc,
        )
        return False
    for raw, snode in zip(values.get("sessions", ()), _items(node, "sessions"), strict=False):
        assert isinstance(snode, YMap)
        day = raw.get("date", start)
        if start is not None and end is not None and not start <= day <= end:
            date_entry = snode.get("date")
            ctx.error(
                "date-range",
                f"session date {day} is outside the event ({start} to {end})",
                date_entry.value.loc if date_entry else snode.loc,
            )
            ok = False
        if raw.get("start") and raw.get("end") and raw["end"] < raw["start"]:
            end_entry = snode.get("end")
            ctx.error(
                "time-order",
                "the session ends before it starts",
                end_entry.value.loc if end_entry else snode.loc,
            )
            ok = False
    return ok


def check_programme_years(
    values: dict[str, Any], failed: set[str], node: YMap, ctx: Context
) -> bool:
    if values.get("start") and values.get("end") and values["end"] < values["start"]:
        entry = node.get("end")
        ctx.error(
            "date-order",
            "the programme ends before it starts",
            entry.value.loc if entry else node.loc,
        )
        return False
    return True


def _label(fact: Any) -> str:
    canonical = fact.label.canonical()
    return canonical if isinstance(canonical, str) else next(iter(canonical.values()), "")


def check_fact_series(values: dict[str, Any], failed: set[str], node: YMap, ctx: Context) -> bool:
    """Facts of one label with numbers in three or more years are a series (drawn as a
    chart): then every fact of that label is a number, with a year of its own, in one
    unit. Each fact that breaks this is reported at its line."""
    if "facts" in failed:
        return True
    groups: dict[str, list[tuple[Any, YMap]]] = {}
    for fact, item in zip(values.get("facts", ()), _items(node, "facts"), strict=False):
        assert isinstance(item, YMap)  # a fact that converted was written as a mapping
        groups.setdefault(repr(fact.label.canonical()), []).append((fact, item))
    ok = True
    for group in groups.values():
        years = {f.year for f, _ in group if f.year is not None and hasattr(f.value, "raw")}
        if len(years) < 3:
            continue
        label = _label(group[0][0])
        first_unit: tuple[object, int] | None = None
        seen_years: dict[int, int] = {}
        for fact, item in group:
            if not hasattr(fact.value, "raw"):
                value_entry = item.get("value")
                ctx.error(
                    "fact-series",
                    f'"{label}" has numbers in {len(years)} years, so it '
                    "is drawn as a chart: every value must be a number",
                    value_entry.value.loc if value_entry else item.loc,
                )
                ok = False
            unit_entry = item.get("unit")
            unit = fact.unit.canonical() if fact.unit else None
            if first_unit is None:
                first_unit = (unit, item.loc.line)
            elif unit != first_unit[0]:
                ctx.error(
                    "fact-series",
                    f'"{label}" mixes units in one series (the first '
                    f"value, at line {first_unit[1]}, has another unit)",
                    unit_entry.value.loc if unit_entry else item.loc,
                )
                ok = False
            year_entry = item.get("year")
            if fact.year is None:
                ctx.error(
                    "fact-series", f'"{label}" is a series: this value needs a year', item.loc
                )
                ok = False
            elif fact.year in seen_years:
                ctx.error(
                    "fact-series",
                    f'"{label}" has two values for {fact.year} (the '
                    f"other at line {seen_years[fact.year]})",
                    year_entry.value.loc if year_entry else item.loc,
                )
                ok = False
            else:
                seen_years[fact.year] = item.loc.line
    return ok


def sound_part(values: dict[str, Any] | s._Invalid) -> tuple[dict[str, Any], set[str]]:
    """The values that converted, and the keys that did not."""
    if isinstance(values, s.Partial):
        return values.values, values.failed
    if isinstance(values, s._Invalid):
        return {}, set()
    return values, set()


CrossCheck = Callable[[dict[str, Any], set[str], YMap, Context], bool]

CROSS_CHECKS: dict[str, CrossCheck] = {
    "events": check_event_dates,
    "programmes": check_programme_years,
    "countries": check_fact_series,
}
"""Checks across the fields of one file, run on the sound part of an invalid file too."""
