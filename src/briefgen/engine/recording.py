"""Recording views: what a document reads while it renders, as keys and digests.

A render sees the content graph and the settings through views. Every read is
recorded under a key that says how to find the value again from a freshly
loaded project (its *address*), with a digest of what was read:

- ``["entity","speakers","kato"] ["a","name"]``: a field of an entity;
- ``["graph"] ["a","speakers"] ["i","kato"]``: one entity looked up by id;
- ``["graph"] ["a","speakers"] ["k"]``: the set of speakers, enumerated;
- ``["graph"] ["c","events_of_country",["KAZ"],{}]``: the result of a query;
- ``["config"] ["a","theme"] ["a","primary_color"]``: a setting.

A key is its root and its steps, each in JSON, joined by tabs (JSON never
holds a raw tab): the key of a value's parent is a prefix of its own, so each
is found again from its parent's, once, however many keys share it.

What is recorded for a value is its *shape*: primitives whole; an entity by
its kind and id (its fields are recorded when they are read); another record
(a session, a venue) by its type, likewise; a list as the shapes of its
items. A localized text counts whole, every wording of it. So a speaker's
biography that no template printed is in no record, and editing it rebuilds
nothing. The views are generic: a query added to :class:`ContentGraph` is
recorded like any other, with no change here.

:mod:`briefgen.engine.inputs` evaluates the same keys against the current
project, without rendering, to decide what is current.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import types
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from briefgen.content.models import Country, Event, Organisation, Programme, Speaker
from briefgen.content.values import Text

ENTITY_KINDS: dict[type, str] = {
    Event: "events",
    Speaker: "speakers",
    Country: "countries",
    Organisation: "organisations",
    Programme: "programmes",
}

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()
"""What a key finds when its entity, field or item no longer exists."""

VOLATILE = '["volatile"]'
_GRAPH_TABLE = '["graph"]\t["a",'
"""The key of a read that cannot be recorded faithfully: the output is never current."""


class _Unrecordable(Exception):  # noqa: N818 - reads as what the value is
    """An argument or value with no stable, serializable form."""


def shape(value: Any) -> Any:
    """The JSON-friendly part of ``value`` a read depends on (see the module docstring)."""
    if value is MISSING:
        return "<missing>"
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.date | dt.time):
        return {"D": value.isoformat()}
    if isinstance(value, Decimal):
        return {"N": str(value)}
    if type(value) is Text:  # whole: viewing each wording costs more than it saves
        return {"T": value.canonical()}
    kind = ENTITY_KINDS.get(type(value))
    if kind is not None:
        return ["E", kind, value.id]
    if isinstance(value, Mapping):
        return ["M"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ["R", type(value).__name__]
    if isinstance(value, tuple | list):
        return ["L", [shape(item) for item in value]]
    if isinstance(value, frozenset | set):
        return ["S", sorted((shape(item) for item in value), key=json.dumps)]
    raise _Unrecordable(type(value).__name__)


def whole(value: Any) -> Any:
    """Everything a value holds (entities inside it by kind and id): what comparing it reads."""
    if ENTITY_KINDS.get(type(value)) is None and dataclasses.is_dataclass(value):
        fields = (f for f in dataclasses.fields(value) if f.compare)  # as == compares them
        return {f.name: whole(getattr(value, f.name)) for f in fields}
    if isinstance(value, Mapping):
        return {str(k): whole(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, tuple | list):
        return [whole(item) for item in value]
    return shape(value)


def shape_of_keys(mapping: Mapping[Any, Any]) -> Any:
    """The shape of a mapping that was enumerated: every key with its value's shape."""
    return ["K", [[str(key), shape(mapping[key])] for key in sorted(mapping, key=str)]]


def digest(data: Any) -> str:
    """A short, stable digest of a shape (plain data: its repr is the same in every process)."""
    return hashlib.blake2b(repr(data).encode("utf-8"), digest_size=10).hexdigest()


def key_of(root: tuple[Any, ...]) -> str:
    """The key of a root: ``["graph"]``, ``["entity", kind, id]``, ``["template", name]``..."""
    return json.dumps(root, ensure_ascii=False, separators=(",", ":"))


def child(at: str, step: tuple[Any, ...]) -> str:
    """The key of a step from ``at``: ``["a", field]``, ``["i", key]``, ``["c", method, ...]``."""
    return at + "\t" + json.dumps(step, ensure_ascii=False, separators=(",", ":"))


_STEPS: dict[tuple[str, Any], str] = {}
_ENTITY_KEYS: dict[tuple[str, str], str] = {}
_PLAIN = frozenset({int, float, bool, type(None)})
_METHODS = (types.MethodType, types.BuiltinMethodType)


def _step_key(at: str, kind: str, name: Any) -> str:
    """``child(at, (kind, name))`` for the frequent steps (fields, items), without JSON each
    time: a template reads the same few hundred fields over and over."""
    step = _STEPS.get((kind, name))
    if step is None:
        form = [kind, name] if kind != "c" else ["c", name[0], list(name[1]), {}]
        step = "\t" + json.dumps(form, ensure_ascii=False, separators=(",", ":"))
        _STEPS[(kind, name)] = step
    return at + step


class Recorder:
    """The reads of one output: key -> digest, plus the entities it reached."""

    def __init__(self) -> None:
        self.reads: dict[str, str] = {}
        self.entities: set[tuple[str, str]] = set()
        """(kind, id) of every entity reached, found or not."""
        self.strings: set[str] = set()
        """Every string read (ids among them), to tell what a failed render was reaching."""
        self.asked: set[str] = set()
        """Every string passed to a query (``organisation_chain("unodc")``): ids looked up."""
        self.seen: dict[str, Any] = {}
        """Key -> what was handed out for it: content does not change during a render."""

    def note(self, key: str, value: Any) -> None:
        if key in self.reads:
            return
        try:
            self.reads[key] = digest(shape(value))
        except _Unrecordable:
            self.reads[VOLATILE] = "volatile"

    def note_keys(self, at: str, mapping: Mapping[Any, Any]) -> None:
        key = child(at, ("k",))
        if key not in self.reads:
            try:
                self.reads[key] = digest(shape_of_keys(mapping))
            except _Unrecordable:
                self.reads[VOLATILE] = "volatile"

    def note_whole(self, at: str, value: Any) -> None:
        key = child(at, ("all",))
        if key not in self.reads:
            try:
                self.reads[key] = digest(whole(value))
            except _Unrecordable:
                self.reads[VOLATILE] = "volatile"

    def note_value(self, key: str, value: Any) -> None:
        """A read that is not content (a template, a file, a catalog): its digest as given."""
        self.reads[key] = digest(value)

    def view(self, at: str, value: Any) -> Any:
        """``value`` as the template sees it: a view when it has fields or items to read."""
        kind_of_value = type(value)
        if kind_of_value in _PLAIN:
            return value
        if isinstance(value, str):
            self.strings.add(value)
            return value
        if kind_of_value is Text:
            return value
        kind = ENTITY_KINDS.get(kind_of_value)
        if kind is not None:
            self.entities.add((kind, value.id))
            root = _ENTITY_KEYS.get((kind, value.id))
            if root is None:
                root = _ENTITY_KEYS[(kind, value.id)] = key_of(("entity", kind, value.id))
            return _view_class(kind_of_value)(value, root, self)
        if isinstance(value, Mapping):
            return _MappingView(value, at, self)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _view_class(kind_of_value)(value, at, self)
        if isinstance(value, tuple | list):
            return type(value)(
                item
                if item is None or isinstance(item, str | int | float)
                else self.view(_step_key(at, "i", i), item)
                for i, item in enumerate(value)
            )
        return value

    def read(self, at: str, value: Any) -> Any:
        """Record a read of ``value`` at key ``at`` and hand it out as a view."""
        self.note(at, value)
        seen = self.seen[at] = self.view(at, value)
        return seen


def unwrap(value: Any) -> Any:
    """The real object behind a view (or the value itself)."""
    if isinstance(value, _View | _MappingView):
        return object.__getattribute__(value, "_real")
    return value


def _argument(value: Any) -> tuple[Any, Any]:
    """(real value, serialized form) of an argument passed to a query."""
    if isinstance(value, _View | _MappingView):
        return object.__getattribute__(value, "_real"), {"@": object.__getattribute__(value, "_at")}
    if value is None or isinstance(value, str | bool | int | float):
        return value, value
    if isinstance(value, dt.date):
        return value, {"date": value.isoformat()}
    if isinstance(value, Mapping) or not hasattr(value, "__iter__"):
        raise _Unrecordable(type(value).__name__)
    pairs = [_argument(item) for item in value]
    return tuple(real for real, _ in pairs), {"seq": [form for _, form in pairs]}


class _Method:
    """A method of a viewed object: its result is recorded under the call's address."""

    __slots__ = ("_name", "_owner")

    def __init__(self, owner: _View | _MappingView, name: str) -> None:
        self._owner, self._name = owner, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        real = object.__getattribute__(self._owner, "_real")
        at = object.__getattribute__(self._owner, "_at")
        recorder: Recorder = object.__getattribute__(self._owner, "_recorder")
        method = getattr(real, self._name)
        try:
            real_args = [_argument(a) for a in args]
            real_kwargs = {k: _argument(v) for k, v in sorted(kwargs.items())}
        except _Unrecordable:
            recorder.reads[VOLATILE] = "volatile"
            return recorder.view(VOLATILE, method(*map(unwrap, args), **kwargs))
        forms = tuple(f for _, f in real_args)
        recorder.asked.update(f for f in forms if type(f) is str)
        if not kwargs and all(type(f) is str or type(f) in _PLAIN for f in forms):
            address = _step_key(at, "c", (self._name, forms))
        else:
            address = child(
                at, ("c", self._name, list(forms), {k: f for k, (_, f) in real_kwargs.items()})
            )
        seen = recorder.seen.get(address, MISSING)
        if seen is not MISSING:
            return seen
        try:
            result = method(
                *(r for r, _ in real_args), **{k: r for k, (r, _) in real_kwargs.items()}
            )
        except Exception as exc:
            recorder.note_value(address, ["!", type(exc).__name__])
            raise
        return recorder.read(address, result)


class _View:
    """A record (entity, session, settings...) whose field reads are recorded."""

    __slots__ = ("_at", "_real", "_recorder")

    def __init__(self, real: Any, at: str, recorder: Recorder) -> None:
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_at", at)
        object.__setattr__(self, "_recorder", recorder)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance() sees the real type
        return type(object.__getattribute__(self, "_real"))

    def __getattr__(self, name: str) -> Any:
        real = object.__getattribute__(self, "_real")
        if name.startswith("__"):
            return getattr(real, name)
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        key = _step_key(object.__getattribute__(self, "_at"), "a", name)
        seen = recorder.seen.get(key, MISSING)
        if seen is not MISSING:
            return seen
        try:
            value = getattr(real, name)
        except AttributeError:
            recorder.note(key, MISSING)
            raise
        if type(value) in _METHODS:
            return _Method(self, name)
        return recorder.read(key, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{name} is read-only")

    def __eq__(self, other: object) -> bool:
        mine, theirs = object.__getattribute__(self, "_real"), unwrap(other)
        if type(mine) in ENTITY_KINDS:  # entities are equal when they are the same one
            return type(mine) is type(theirs) and mine.id == getattr(theirs, "id", None)
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        for view in (self, other):  # a comparison reads all of both
            if isinstance(view, _View):
                at = object.__getattribute__(view, "_at")
                recorder.note_whole(at, object.__getattribute__(view, "_real"))
        if not isinstance(other, _View) and dataclasses.is_dataclass(theirs):
            recorder.reads[VOLATILE] = "volatile"
        return bool(mine == theirs)

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_at"))

    def __str__(self) -> str:  # printed as a whole: all of it was read
        real = object.__getattribute__(self, "_real")
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        recorder.note_whole(object.__getattribute__(self, "_at"), real)
        return str(real)

    def __repr__(self) -> str:
        real = object.__getattribute__(self, "_real")
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        recorder.note_whole(object.__getattribute__(self, "_at"), real)
        return repr(real)


class _MappingView:
    """A mapping (graph.speakers, an ``extra`` table): lookups and enumerations recorded."""

    __slots__ = ("_at", "_real", "_recorder")

    def __init__(self, real: Mapping[Any, Any], at: str, recorder: Recorder) -> None:
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_at", at)
        object.__setattr__(self, "_recorder", recorder)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(object.__getattribute__(self, "_real"))

    def _item(self, key: Any) -> Any:
        real = object.__getattribute__(self, "_real")
        at = object.__getattribute__(self, "_at")
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        value = real.get(key, MISSING) if isinstance(key, str) else MISSING
        if at.startswith(_GRAPH_TABLE) and at.count("\t") == 1 and isinstance(key, str):
            recorder.entities.add((json.loads(at.split("\t")[1])[1], key))
        at = _step_key(at, "i", key if isinstance(key, str) else repr(key))
        recorder.note(at, value)
        return value if value is MISSING else recorder.view(at, value)

    def _enumerate(self) -> Mapping[Any, Any]:
        real: Mapping[Any, Any] = object.__getattribute__(self, "_real")
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        recorder.note_keys(object.__getattribute__(self, "_at"), real)
        return real

    def __getitem__(self, key: Any) -> Any:
        value = self._item(key)
        if value is MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._item(key)
        return default if value is MISSING else value

    def __contains__(self, key: object) -> bool:
        return self._item(key) is not MISSING

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._enumerate()))

    def __len__(self) -> int:
        return len(self._enumerate())

    def __bool__(self) -> bool:
        return bool(self._enumerate())

    def keys(self) -> list[Any]:
        return list(self._enumerate())

    def values(self) -> list[Any]:
        return [self._view_of(key) for key in self._enumerate()]

    def items(self) -> list[tuple[Any, Any]]:
        return [(key, self._view_of(key)) for key in self._enumerate()]

    def _view_of(self, key: Any) -> Any:
        real = object.__getattribute__(self, "_real")
        at = object.__getattribute__(self, "_at")
        recorder: Recorder = object.__getattribute__(self, "_recorder")
        return recorder.view(_step_key(at, "i", key), real[key])

    def __getattr__(self, name: str) -> Any:
        real = object.__getattribute__(self, "_real")
        if name.startswith("__"):
            return getattr(real, name)
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        return bool(dict(self._enumerate()) == unwrap(other))

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_at"))

    def __repr__(self) -> str:
        return repr(object.__getattribute__(self, "_real"))


_VIEW_CLASSES: dict[type, type[_View]] = {}


def _view_class(real: type) -> type[_View]:
    """A view class named as ``real`` (module and name), so that a template's mistake reads
    as it would without the view (Jinja names the type: "Speaker object has no attribute")."""
    found = _VIEW_CLASSES.get(real)
    if found is None:
        found = type(real.__name__, (_View,), {"__module__": real.__module__, "__slots__": ()})
        _VIEW_CLASSES[real] = found
    return found


def graph_view(graph: Any, recorder: Recorder) -> Any:
    """The content graph as a render sees it."""
    return _view_class(type(graph))(graph, key_of(("graph",)), recorder)


def config_view(config: Any, recorder: Recorder) -> Any:
    """The settings as a render (and a writer) sees them."""
    return _view_class(type(config))(config, key_of(("config",)), recorder)
