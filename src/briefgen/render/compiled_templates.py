"""Jinja templates compiled once and kept between builds, in the build's state folder.

Jinja compiles each template a process loads from its source to Python code: a
build worker pays it before its first document (a country sheet's four templates,
about 80 ms of CPU here, a quarter of what rendering that sheet costs afterwards).
:class:`CompiledTemplates` keeps that code (``build/.briefgen/templates/``, one file
per template, Python's ``marshal``) for the next worker, which reads it instead.

A kept file is never stale: it serves only the source it was compiled from (the
SHA-256 of the text the loader has just read is checked on every load), and only
an environment that compiles that source to the same code (its name digests
Jinja's and Python's versions and every setting Jinja's compiler reads: the
syntax, whitespace control, autoescaping for that template, the extensions and
their gettext style, and the names and kinds of the filters and tests). Anything
else is compiled afresh, and the file replaced. The loader is still asked for
every source, so the templates a document used are recorded as before; the code
is the code Jinja would compile, so the output is the same. A file that cannot
be read or written is a cache miss, never an error. Like the templates in the
project, the state folder is trusted: its code runs in the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
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
