"""Load a project: configuration, every content file, validation, and the content graph.

Every problem of every file is collected; nothing stops at the first. An
entity whose file has errors is left out of the graph, but its id still
counts as existing, so one mistake is never reported again as a dangling
reference elsewhere.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.content import models
from briefgen.content import schema as s
from briefgen.content.config import CONFIG_FILE, Config, load_config
from briefgen.content.consistency import CROSS_CHECKS, check_sessions, sound_part
from briefgen.content.declare import build, fields_of, has_extra
from briefgen.content.entities import KINDS
from briefgen.content.graph import ContentGraph
from briefgen.content.schema import Context, FontCheck, Ref
from briefgen.content.yamlio import YMap, YScalar, read_mapping
from briefgen.diagnostics import SPEAKER_WITHOUT_EVENT, Diagnostics, Location

CONTENT_DIR = "content"
ASSETS_DIR = "assets"
_SUFFIXES = (".yaml", ".yml")
_KIND_NAMES = {
    "events": "event",
    "speakers": "speaker",
    "countries": "country",
    "organisations": "organisation",
    "programmes": "programme",
}


@dataclass
class Project:
    """A loaded project: where it is, its settings, its content and what is wrong with it."""

    root: Path
    config: Config
    graph: ContentGraph
    diagnostics: Diagnostics
    files: dict[str, str] = field(default_factory=dict)
    """Every content file read (project-relative path) and its sha256."""
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, id) -> project-relative path of the entity's file."""
    invalid: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of entities whose files have errors and are not in the graph."""
    translations: dict[str, tuple[int, int, dict[str, int]]] = field(default_factory=dict)
    """File -> (text fields, plain ones, {language: fields without it}), for coverage."""
    dangling: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) named by a reference that leads nowhere (an error where it is named)."""
    asset_fields: dict[str, list[Location]] = field(default_factory=dict)
    """Asset path (inside content/assets/) -> every field that names it, to report
    a problem met while rendering that asset where an editor can fix it."""

    def file_location(self, kind: str, entity_id: str) -> Location | None:
        """The start of the content file of an entity, to report a document's failure at;
        None for a document without a file (a country only referenced)."""
        source = self.sources.get((kind, entity_id))
        return Location(source, 1, 1) if source else None

    def broken_files(self) -> list[str]:
        """Files with errors (sorted): content, briefgen.yaml, catalogs."""
        found = {d.location.path for d in self.diagnostics.errors if d.location is not None}
        return sorted(found)

    def settings_broken(self) -> list[str]:
        """briefgen.yaml or a catalog has errors: no document can be built as it should."""
        return [p for p in self.broken_files() if p == CONFIG_FILE or p.startswith("locale/")]

    @property
    def assets_dir(self) -> Path:
        return self.root / CONTENT_DIR / ASSETS_DIR

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.output


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _entity_files(root: Path, kind: str, diags: Diagnostics, limit: int) -> list[tuple[str, Path]]:
    """(id, path) of every entity file of a kind, reporting x.yaml beside x.yml."""
    folder = root / CONTENT_DIR / kind
    if not folder.is_dir():
        if folder.exists():
            diags.warning(
                "unused-file",
                f"{CONTENT_DIR}/{kind} should be a folder of {kind}; this file is ignored",
                Location(_rel(root, folder)),
            )
        return []
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        rel = _rel(root, path)
        if path.suffix not in _SUFFIXES or not path.is_file():
            diags.warning(
                "unused-file",
                f"not a content file (expected {CONTENT_DIR}/{kind}/<id>.yaml); it is ignored",
                Location(rel),
            )
            continue
        entity_id = path.stem
        if not path.resolve().is_relative_to(root):
            diags.error(
                "outside-project",
                "this file is a link to a file outside the project; it is not read",
                Location(rel),
            )
            continue
        if entity_id in found:
            other = _rel(root, found[entity_id])
            diags.error(
                "duplicate-file",
                f'two files for one {_KIND_NAMES[kind]} "{entity_id}": {other} and {rel}',
                Location(rel, 1, 1),
            )
            continue
        found[entity_id] = path
        if len(found) > limit:
            break
    return sorted(found.items())


def _check_file_id(kind: str, entity_id: str, node: YMap, ctx: Context) -> bool:
    """The file name is a valid id, and an ``id:`` key (if any) repeats it."""
    loc = Location(ctx.relpath, 1, 1)
    ok = True
    if kind == "countries":
        ok = not isinstance(s.country_code(entity_id, ctx, loc), s._Invalid)
    elif not s.SLUG_RE.match(entity_id):
        ctx.error(
            "id",
            f'file name "{entity_id}" is not a valid id: use lower-case letters, digits and '
            "single hyphens",
            loc,
        )
        ok = False
    entry = node.get("id")
    value = entry.value if entry is not None else None
    if isinstance(value, YScalar) and not value.is_null and value.value != entity_id:
        ctx.error(
            "id-mismatch",
            f'id "{value.value}" does not match the file name "{entity_id}"',
            value.loc,
        )
        ok = False
    return ok


def _unused_entries(root: Path, diags: Diagnostics) -> None:
    content = root / CONTENT_DIR
    for path in sorted(content.iterdir()):
        if path.name.startswith(".") or path.name in (*KINDS, ASSETS_DIR):
            continue
        diags.warning(
            "unused-file",
            f"not part of the content model (expected one of {', '.join(KINDS)}, "
            f"{ASSETS_DIR}); it is ignored",
            Location(_rel(root, path)),
        )


def _resolve_refs(
    refs: list[Ref], known: dict[str, set[str]], diags: Diagnostics, dangling: set[tuple[str, str]]
) -> set[str]:
    """Report dangling references (and add them to ``dangling``); return the countries
    referenced anywhere."""
    countries: set[str] = set()
    for ref in refs:
        if ref.kind == "countries":
            countries.add(ref.id)
            continue
        if ref.id not in known[ref.kind]:
            dangling.add((ref.kind, ref.id))
            what = _KIND_NAMES[ref.kind]
            hint = s.did_you_mean(ref.id, known[ref.kind])
            diags.error(
                "unknown-reference",
                f'unknown {what} "{ref.id}" (no {CONTENT_DIR}/{ref.kind}/{ref.id}.yaml){hint}',
                ref.loc,
            )
    return countries


def _parent_cycles(
    organisations: dict[str, models.Organisation], refs: list[Ref], diags: Diagnostics
) -> None:
    """Report each organisation whose parents lead back to it, at its ``parent:`` value."""
    where = {(r.loc.path, r.id): r.loc for r in refs if r.kind == "organisations"}
    for start in sorted(organisations):
        seen = [start]
        current = organisations[start].parent
        while current is not None and current in organisations:
            if current == start:
                chain = " -> ".join([*seen, start])
                diags.error(
                    "parent-cycle",
                    f"organisation parents form a cycle: {chain}",
                    where.get(
                        (organisations[start].source, organisations[start].parent or ""),
                        Location(organisations[start].source, 1, 1),
                    ),
                )
                break
            if current in seen:
                break
            seen.append(current)
            current = organisations[current].parent


def _check_catalogs(root: Path, config: Config, diags: Diagnostics) -> None:
    """Warn about a language whose labels no catalog translates (they stay in English)."""
    from briefgen.content.catalogs import has_catalog

    missing = [lang for lang in config.languages if not has_catalog(lang, root)]
    if not missing:
        return
    try:
        lines = (root / CONFIG_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    first = next((i for i, line in enumerate(lines) if line.startswith("languages")), 0)
    for lang in missing:
        loc = Location(CONFIG_FILE, first + 1, 1)
        for number, line in enumerate(lines[first:], start=first + 1):
            match = re.search(rf"(?<![\w-]){re.escape(lang)}(?![\w-])", line.split("#")[0])
            if match:
                loc = Location(CONFIG_FILE, number, match.start() + 1)
                break
        diags.warning(
            "missing-catalog",
            f'no catalog translates the labels into "{lang}"; they stay in English '
            f"(add locale/{lang}/LC_MESSAGES/briefgen.po)",
            loc,
        )


def _speakers_without_event(
    config: Config,
    events: set[str],
    speakers: list[Any],
    refs: list[Ref],
    names: dict[str, Location],
    diags: Diagnostics,
) -> None:
    """Warn, at its ``name:``, about each speaker no event names: no session lists them as
    a speaker or chair and no statement is theirs, so their summary says who they are and
    nothing more. Only events name speakers (a session's ``chair`` and ``speakers``, a
    statement's ``speaker``), so this is the graph's ``participation`` being empty, and a
    speaker named by an event file that has errors is not reported (its errors are).

    Nothing is said when the project builds no speaker summaries (such a speaker is
    printed nowhere, an entry of a roster), nor when it has no event at all (every
    summary is a biography: a roster, or a project whose events are still to come)."""
    if "speakers" not in config.documents or not events:
        return
    named = {ref.id for ref in refs if ref.kind == "speakers"}
    for speaker in speakers:
        if speaker.id in named or speaker.id not in names:
            continue
        diags.warning(
            SPEAKER_WITHOUT_EVENT,
            f'speaker "{speaker.id}" takes part in no event (no session lists them as a '
            "speaker or chair, and no statement is theirs): their summary will hold only "
            "their name, position and bio; to keep them on a roster without this warning, "
            f"add {SPEAKER_WITHOUT_EVENT} to suppress_warnings in {CONFIG_FILE}",
            names[speaker.id],
        )


def load_project(root: Path, *, fonts: FontCheck | None = None) -> Project:
    """Read and validate everything under ``root``; never raises for content problems.

    ``fonts``: also report text that no installed font covers (a build passes
    ``render.fonts.uncovered``; ``check`` does not, so that its answer is the same on every
    machine)."""
    root = root.resolve()
    diags = Diagnostics()
    assets_dir = root / CONTENT_DIR / ASSETS_DIR
    config_ctx = Context(CONFIG_FILE, diags, assets_dir, fonts=fonts)
    config = load_config(root, config_ctx)
    refs: list[Ref] = list(config_ctx.refs)
    asset_fields: dict[str, list[Location]] = {}
    for asset_name, where in config_ctx.assets:
        asset_fields.setdefault(asset_name, []).append(where)
    files: dict[str, str] = {}
    config_path = root / CONFIG_FILE
    if config_path.is_file():
        files[CONFIG_FILE] = hashlib.sha256(config_path.read_bytes()).hexdigest()

    _check_catalogs(root, config, diags)
    from briefgen.content.catalogs import check_catalogs

    for catalog, line, column, problem in check_catalogs(root):
        where = Location(catalog, line, column) if line else Location(catalog)
        diags.error("catalog", problem, where)
    translations: dict[str, tuple[int, int, dict[str, int]]] = {}
    loaded: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    sources: dict[tuple[str, str], str] = {}
    invalid: set[tuple[str, str]] = set()
    names: dict[str, Location] = {}
    """Speaker id -> where its file's ``name:`` key is."""
    if (root / CONTENT_DIR).is_dir():
        _unused_entries(root, diags)
    budget = config.limits.files
    for kind in KINDS:
        for entity_id, path in _entity_files(root, kind, diags, budget):
            relpath = _rel(root, path)
            if len(files) >= budget:
                diags.error(
                    "too-many-files",
                    f"the project has more than {budget:,} content files "
                    "(limits.files in briefgen.yaml)",
                )
                break
            known[kind].add(entity_id)
            sources[(kind, entity_id)] = relpath
            ctx = Context(
                relpath,
                diags,
                assets_dir,
                config.languages,
                config.limits.field_length,
                config.limits.asset_bytes,
                fonts=fonts,
            )
            try:
                data = path.read_bytes()
            except OSError as exc:
                diags.error("read", f"cannot read file: {exc.strerror}", Location(relpath))
                invalid.add((kind, entity_id))
                continue
            files[relpath] = hashlib.sha256(data).hexdigest()
            ctx.lines = data.decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
            errors_before = len(diags.errors)
            node = read_mapping(path, relpath, diags, data=data)
            entity: Any = s.INVALID
            if node is not None:
                name = node.get("name") if kind == "speakers" else None
                if name is not None:
                    names[entity_id] = name.key_loc
                id_ok = _check_file_id(kind, entity_id, node, ctx)
                model = models.ENTITIES[kind]
                values = s.struct(node, ctx, relpath, fields_of(model), extra=has_extra(model))
                consistent = kind != "events" or check_sessions(node, ctx)
                cross_check = CROSS_CHECKS.get(kind)
                if cross_check is not None and not cross_check(*sound_part(values), node, ctx):
                    consistent = False
                if id_ok and consistent and not isinstance(values, s._Invalid):
                    entity = build(
                        model, values, config.default_language, id=entity_id, source=relpath
                    )
            refs.extend(ctx.refs)
            for asset_name, where in ctx.assets:
                asset_fields.setdefault(asset_name, []).append(where)
            translations[relpath] = (ctx.text_fields, ctx.plain_fields, dict(ctx.untranslated))
            if isinstance(entity, s._Invalid) or len(diags.errors) > errors_before:
                invalid.add((kind, entity_id))
            else:
                loaded[kind].append(entity)

    dangling: set[tuple[str, str]] = set()
    referenced = _resolve_refs(refs, known, diags, dangling)
    organisations = {o.id: o for o in loaded["organisations"]}
    _parent_cycles(organisations, refs, diags)
    countries = list(loaded["countries"])
    for code in sorted(referenced - known["countries"]):
        countries.append(models.Country(id=code, source=None))
    _speakers_without_event(config, known["events"], loaded["speakers"], refs, names, diags)
    graph = ContentGraph.build(
        loaded["events"],
        loaded["speakers"],
        countries,
        organisations.values(),
        loaded["programmes"],
    )
    return Project(
        root, config, graph, diags, files, sources, invalid, translations, dangling, asset_fields
    )
