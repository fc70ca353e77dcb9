"""What WeasyPrint drops from a stylesheet (an unknown property, an invalid value), found by
WeasyPrint's own parse and validation of it, for the build's check of the project's
stylesheets (:mod:`briefgen.render.stylesheet_check`), once per build.

The text is parsed as the PDF writer parses the stylesheet (a print medium, the assets'
base URL) but fetches nothing: a sheet it would import is the render's to read and check.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

from weasyprint import CSS, URLFetcher
from weasyprint.urls import URLFetchingError

from briefgen.render.fetch import ASSETS_URL
from briefgen.writers.layout import captured_logs

_IGNORED = "Ignored `%s:%s` at %d:%d, %s."
"""WeasyPrint's message for a declaration it drops (weasyprint.css.validation)."""
_SYNTAX = (
    "Parse error at %d:%d: %s",
    "Error: %s at %d:%d.",
    "Invalid or unsupported selector, %s",
)
"""WeasyPrint's messages for what the syntax check reports as errors itself."""
_UNKNOWN_RULES = ("Unknown rule %s at %d:%d", "Unknown empty rule %s at %d:%d")
_AT = re.compile(r",? at (\d+):(\d+)")


def _named(arg: object) -> object:
    """A rule in a message as its at-keyword (``@bogus``), not tinycss2's repr of it."""
    keyword = getattr(arg, "at_keyword", None)
    return f"@{keyword}" if isinstance(keyword, str) else arg


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


class _NoFetch(URLFetcher):  # type: ignore[misc]
    def fetch(self, url: str, headers: object = None) -> Any:
        raise URLFetchingError(f"{url} is not read while the stylesheet is checked")


def ignored_declarations(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of everything WeasyPrint ignores in the CSS ``text``."""
    # What WeasyPrint cannot parse at all, the syntax check reports.
    with captured_logs() as logs, contextlib.suppress(Exception):
        CSS(string=text, base_url=ASSETS_URL, url_fetcher=_NoFetch())
    found: list[tuple[int, int, str]] = []
    for record in logs.records:
        if record.levelno != logging.WARNING or record.msg in _SYNTAX:
            continue
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == _IGNORED and len(args) == 5:
            name, value, line, column, reason = args
            value = " ".join(str(value).split())
            if reason == "invalid value" and value:
                reason = f'invalid value "{value}"'
            found.append((_int(line), _int(column), f'property "{name}" ignored: {reason}'))
            continue
        if record.msg in _UNKNOWN_RULES and len(args) == 3:
            rule = _named(args[0])
            found.append((_int(args[1]), _int(args[2]), f"unknown at-rule {rule} ignored"))
            continue
        message = str(record.msg) % tuple(_named(arg) for arg in args) if args else str(record.msg)
        where = _AT.search(message)
        if where is None:
            continue  # nowhere in the file to show it
        shown = (message[: where.start()] + message[where.end() :]).rstrip(". ")
        found.append((int(where.group(1)), int(where.group(2)), shown))
    return found
