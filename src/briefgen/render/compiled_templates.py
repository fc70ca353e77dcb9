"""Jinja templates compiled once and kept between builds, in the user's cache folder.

Jinja compiles each template a process loads from its source to Python code: a
build worker pays it before its first document (a country sheet's four templates,
about 80 ms of CPU here, a quarter of what rendering that sheet costs afterwards).
:class:`CompiledTemplates` keeps that code (one file per template, Python's
``marshal``) for the next worker, which reads it instead.

The code runs in the build, so it is kept where only the user who runs briefgen can
write (:func:`user_folder`: ``$XDG_CACHE_HOME/briefgen/templates``, else
``~/.cache/briefgen/templates``, made private to the user), never in the project: a
repository can bring a ``build/`` folder of its own, and an editor, whose content is
untrusted (docs/security.md), could otherwise commit code for the build to run.

A kept file is never stale: it serves only the source it was compiled from (the
SHA-256 of the text the loader has just read is checked on every load), and only
an environment that compiles that source to the same code (its name digests
Jinja's and Python's versions and every setting Jinja's compiler reads: the
syntax, whitespace control, autoescaping for that template, the extensions and
their gettext style, and the names and kinds of the filters and tests). Anything
else is compiled afresh, and the file replaced. The loader is still asked for
every source, so the templates a document used are recorded as before; the code
is the code Jinja would compile, so the output is the same. A file that cannot
be read or written is a cache miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from briefgen.outputs import write_atomic

_FORMAT = b"briefgen compiled template 1\n"


def _kind(function: Any) -> str:
    """How Jinja calls a filter or test (``pass_context``...): its compiled call differs."""
    passed = getattr(function, "jinja_pass_arg", None)
    return str(getattr(passed, "name", passed))


def compiler_settings(environment: jinja2.Environment, name: str) -> str:
    """Everything Jinja's compiler reads from ``environment`` to compile ``name``, as text."""
    autoescape = environment.autoescape
    settings = (
        jinja2.__version__,
        importlib.util.MAGIC_NUMBER.hex(),
        sys.implementation.cache_tag,
        type(environment).__qualname__,
        environment.code_generator_class.__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        None if environment.finalize is None else _kind(environment.finalize),
        autoescape(name) if callable(autoescape) else autoescape,
        sorted(environment.extensions),
        getattr(environment, "newstyle_gettext", None),
        sorted(repr(item) for item in environment.policies.items()),
        sorted((filter_name, _kind(f)) for filter_name, f in environment.filters.items()),
        sorted((test_name, _kind(f)) for test_name, f in environment.tests.items()),
    )
    return repr(settings)


def user_folder() -> Path | None:
    """The folder of the user's compiled templates, made if needed; None when there is none
    that only this user can write (no home, or a folder another user owns or may write)."""
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or ".")
    try:
        base = cache_home if cache_home.is_absolute() else Path.home() / ".cache"
        folder = base / "briefgen" / "templates"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home
        return None
    own = info.st_uid == os.geteuid() and stat.S_ISDIR(info.st_mode)
    return folder if own and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) else None


class CompiledTemplates(jinja2.BytecodeCache):
    """A Jinja bytecode cache in ``folder``, keyed by the template and the compiler's
    settings, each file checked against the source it was compiled from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = hashlib.sha256(
            repr((name, filename, compiler_settings(environment, name))).encode("utf-8")
        ).hexdigest()
        checksum = hashlib.sha256(source.encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def _header(self, bucket: Bucket) -> bytes:
        return _FORMAT + bucket.checksum.encode("ascii") + b"\n"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._file(bucket).read_bytes()
        except OSError:
            return
        header = self._header(bucket)
        if not data.startswith(header):
            return  # another source (the template was edited), or another format
        try:
            code = marshal.loads(data[len(header) :])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        # An output folder that cannot be written: the next worker compiles again.
        with contextlib.suppress(OSError):
            write_atomic(self._file(bucket), self._header(bucket) + marshal.dumps(bucket.code))
