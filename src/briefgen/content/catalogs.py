"""The label catalogs: briefgen's own and a project's ``locale/``, read and checked.

Templates print labels ("Contents", "Key messages") through gettext; a project's
catalog comes first, then briefgen's, then English.
"""

from __future__ import annotations

import gettext
import io
import itertools
from pathlib import Path


def base(lang: str) -> str:
    """The language of a tag without its region or script: "en" for "en-US"."""
    return lang.split("-", 1)[0]


LOCALE_DIR = Path(__file__).parent.parent / "locale"
"""The catalogs briefgen ships."""
DOMAIN = "briefgen"
PROJECT_LOCALE = "locale"
"""A project's own catalogs: ``locale/<lang>/LC_MESSAGES/briefgen.po`` (or ``.mo``)."""


def _compile_po(path: Path) -> gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _catalog(folder: Path, lang: str) -> gettext.GNUTranslations | None:
    base = folder / lang / "LC_MESSAGES" / DOMAIN
    po, mo = base.with_suffix(".po"), base.with_suffix(".mo")
    if po.is_file() and (not mo.is_file() or folder != LOCALE_DIR):
        return _compile_po(po)
    if mo.is_file():
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    return None


def check_catalogs(project_root: Path) -> list[tuple[str, int, int, str]]:
    """(path, line, column, problem) for every project catalog that cannot be read."""
    from babel.messages.pofile import PoFileError, read_po

    problems: list[tuple[str, int, int, str]] = []
    folder = project_root / PROJECT_LOCALE
    if not folder.is_dir():
        return problems
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.*")):
        rel = path.relative_to(project_root).as_posix()
        data = path.read_bytes()
        if path.suffix == ".mo":
            try:
                gettext.GNUTranslations(io.BytesIO(data))
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                problems.append((rel, 0, 0, f"not a compiled gettext catalog: {exc}"))
            continue
        if path.suffix != ".po":
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            problems.append((rel, line, column, "catalog is not valid UTF-8; save it as UTF-8"))
            continue
        try:
            read_po(io.BytesIO(data), abort_invalid=True, domain=DOMAIN)
        except PoFileError as exc:
            problems.append(
                (rel, int(getattr(exc, "lineno", 0) or 0), 1, f"invalid catalog: {exc}")
            )
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append((rel, 0, 0, f"invalid catalog: {exc}"))
    return problems


def _tags(lang: str) -> tuple[str, ...]:
    """The catalog folders for a tag, most specific first: ("fr-CA", "fr")."""
    return (lang,) if base(lang) == lang else (lang, base(lang))


def translations(lang: str, project_root: Path | None = None) -> gettext.NullTranslations:
    """Labels in ``lang``: the project's catalog first, then briefgen's, then English.

    A tag with a region or script ("fr-CA") uses a catalog of its own where there is
    one, and its base language's ("fr") for every label it lacks."""
    found: list[gettext.NullTranslations] = []
    for tag in _tags(lang):
        if project_root is not None:
            own = _catalog(project_root / PROJECT_LOCALE, tag)
            if own is not None:
                found.append(own)
        builtin = _catalog(LOCALE_DIR, tag)
        if builtin is not None:
            found.append(builtin)
    if not found:
        return gettext.NullTranslations()
    for outer, inner in itertools.pairwise(found):
        outer.add_fallback(inner)
    return found[0]


def has_catalog(lang: str, project_root: Path | None = None) -> bool:
    """Whether any catalog translates the labels into ``lang`` or its base language
    (English needs none)."""
    if base(lang) == "en":
        return True
    folders = [LOCALE_DIR] + ([project_root / PROJECT_LOCALE] if project_root else [])
    return any(
        (folder / tag / "LC_MESSAGES" / f"{DOMAIN}{suffix}").is_file()
        for folder in folders
        for tag in _tags(lang)
        for suffix in (".po", ".mo")
    )
