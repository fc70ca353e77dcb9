"""Charts for a build's workers: drawn once per project, by one chart engine per build.

vl-convert draws Vega-Lite charts in an embedded JavaScript engine (V8, through
Deno), which takes about 70 MB from the first chart it draws until its process
ends. A worker that drew its own charts kept one such engine for its lifetime:
at ``-j2`` on a 1,000-document project that was 170 of the build's 550 MB.
So when a build runs two workers or more, the parent starts this small process
(a fresh interpreter that imports only vl-convert), and each worker sends it
what to draw: the spec, the d3 number locale and the format. The same library
draws the same arguments, so the bytes are the ones the worker would have
drawn itself. A worker that cannot reach the server draws its charts itself.

What the engine draws is kept in ``build/.briefgen/charts/``, named by a digest
of everything that makes the bytes (the spec, the locale, the format and
resolution, vl-convert's version, the installed font files), so that a chart
is drawn once for the project rather than once per build: an incremental
build that rebuilds a country sheet whose charts did not change never starts
the engine (about a second of CPU). A kept chart is the chart those arguments draw, so the cache
cannot make an output stale (each file carries the digest of its bytes: one
damaged or edited by hand is drawn again); deleting the build folder deletes it.

The server listens on a Unix socket in a private folder, answers only clients
that know its key, draws one chart at a time, and exits when the build closes
its standard input (or dies).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

_SERVED: tuple[str, bytes] | None = None
"""(socket address, key) of the server of this build, set in the parent before forking."""
_connection: tuple[int, Connection] | None = None
"""This process's connection to the server, with the pid that opened it."""
_CONNECT_SECONDS = 10.0
_RUNNING: ChartServer | None = None
"""The server this process started, if any."""
_CACHE: Path | None = None
"""Where drawn charts are kept, set in the parent before forking; None: not kept."""


def keep_charts(folder: Path | None) -> None:
    """Keep the charts that this process and its workers draw in ``folder``."""
    global _CACHE
    _CACHE = folder


Serving = tuple[tuple[str, bytes] | None, Path | None]
"""(the server's address and key, where charts are kept): what a worker needs to know."""


def serving() -> Serving:
    """What this process's workers need to reach the server and the kept charts."""
    return _SERVED, _CACHE


def serve_from(settings: Serving) -> None:
    """In a worker forked before the server started (engine/pool.py starts them while the
    project is read): use that build's server and kept charts."""
    global _SERVED, _CACHE, _connection
    _SERVED, _CACHE = settings
    _connection = None


@lru_cache(maxsize=1)
def _engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vl-convert-python")
    except PackageNotFoundError:
        return "-"


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
"""Where vl-convert finds the fonts that measure and draw a chart's text."""


@lru_cache(maxsize=1)
def _fonts() -> str:
    """A digest of the installed font files (path, size, time): a kept chart is drawn again
    after fonts are installed or removed, as its text may then be measured differently."""
    found = hashlib.sha256()
    for folder in FONT_DIRS:
        for where, dirs, files in os.walk(Path(folder).expanduser()):
            dirs.sort()
            for name in sorted(files):
                path = Path(where) / name
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    found.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return found.hexdigest()


def convert(spec_json: str, locale: dict[str, Any], fmt: str, ppi: int) -> bytes:
    """The chart drawn by vl-convert in this process: SVG or PNG bytes."""
    import vl_convert  # imported on first use: check and the no-op path never need it

    vl_spec = json.loads(spec_json)
    if fmt == "svg":
        svg = vl_convert.vegalite_to_svg(vl_spec, allowed_base_urls=[], format_locale=locale)
        return str(svg).encode("utf-8")
    png = vl_convert.vegalite_to_png(vl_spec, ppi=ppi, allowed_base_urls=[], format_locale=locale)
    return bytes(png)


def draw(spec_json: str, locale: dict[str, Any], fmt: str, ppi: int) -> bytes:
    """The chart: as kept from an earlier build, else drawn by the build's chart server
    when there is one, else here (and kept).

    Raises ValueError with vl-convert's message when the chart cannot be drawn.
    """
    if _CACHE is None:
        return _drawn(spec_json, locale, fmt, ppi)
    name = json.dumps([spec_json, locale, fmt, ppi, _engine_version(), _fonts()], sort_keys=True)
    kept = _CACHE / f"{hashlib.sha256(name.encode('utf-8')).hexdigest()}.{fmt}"
    with contextlib.suppress(OSError):
        seal, _, data = kept.read_bytes().partition(b"\n")
        if seal == hashlib.sha256(data).hexdigest().encode("ascii"):
            return data  # else damaged, or edited by hand: drawn again
    data = _drawn(spec_json, locale, fmt, ppi)
    from briefgen.outputs import write_atomic

    seal = hashlib.sha256(data).hexdigest().encode("ascii")
    with contextlib.suppress(OSError):  # a chart that cannot be kept is drawn again next time
        write_atomic(kept, seal + b"\n" + data)
    return data


def _drawn(spec_json: str, locale: dict[str, Any], fmt: str, ppi: int) -> bytes:
    conn = _connect()
    if conn is not None:
        try:
            conn.send((spec_json, locale, fmt, ppi))
            status, answer = conn.recv()
        except (OSError, EOFError):
            _forget()
        else:
            if status == "error":
                raise ValueError(answer)
            return bytes(answer)
    return convert(spec_json, locale, fmt, ppi)


def _connect() -> Connection | None:
    global _connection, _SERVED
    if _connection is not None and _connection[0] == os.getpid():
        return _connection[1]
    _connection = None  # a connection inherited from the parent is not this process's
    if _SERVED is None:
        return None
    address, key = _SERVED
    deadline = time.monotonic() + _CONNECT_SECONDS
    while True:
        try:
            conn = Client(address, family="AF_UNIX", authkey=key)
        except OSError:
            if time.monotonic() > deadline:
                _SERVED = None  # no server after all: this process draws its own
                return None
            time.sleep(0.02)  # the server is still starting
            continue
        _connection = (os.getpid(), conn)
        return conn


def _forget() -> None:
    global _connection, _SERVED
    if _connection is not None:
        with contextlib.suppress(OSError):
            _connection[1].close()
    _connection, _SERVED = None, None


@dataclass
class ChartServer:
    """The running server, as the build's parent process holds it."""

    process: subprocess.Popen[bytes]
    folder: Path

    def stop(self) -> None:
        global _SERVED, _RUNNING
        _SERVED, _RUNNING = None, None
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()  # the server's signal to exit
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _in_child() -> None:
    """A forked worker does not hold the server's standard input open: the server must see
    its end when the build's process ends, even if that process is killed."""
    if _RUNNING is not None and _RUNNING.process.stdin is not None:
        with contextlib.suppress(OSError):
            _RUNNING.process.stdin.close()


os.register_at_fork(after_in_child=_in_child)


def start() -> ChartServer | None:
    """Start a server for the workers that this process forks from now on; None when it
    cannot be started (each worker then draws its own charts)."""
    global _SERVED, _RUNNING
    folder = Path(tempfile.mkdtemp(prefix="briefgen-charts-"))  # readable by this user only
    address = str(folder / "socket")
    key = secrets.token_bytes(32)
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", __file__, address],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None
        process.stdin.write(key.hex().encode("ascii") + b"\n")
        process.stdin.flush()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    _SERVED = (address, key)
    _RUNNING = ChartServer(process, folder)
    return _RUNNING


def _answer(conn: Connection, lock: threading.Lock) -> None:
    with conn:
        while True:
            try:
                spec_json, locale, fmt, ppi = conn.recv()
            except (EOFError, OSError):
                return
            try:
                with lock:
                    reply: tuple[str, object] = ("ok", convert(spec_json, locale, fmt, ppi))
            except Exception as exc:  # vl-convert raises ValueErrors and panics as several kinds
                reply = ("error", str(exc).strip() or type(exc).__name__)
            try:
                conn.send(reply)
            except OSError:
                return


def _exit_with_parent(address: str) -> None:
    sys.stdin.read()  # returns at end of file: the build closed it, or ended
    shutil.rmtree(Path(address).parent, ignore_errors=True)
    os._exit(0)


def _serve(address: str) -> None:
    key = bytes.fromhex(sys.stdin.readline().strip())
    threading.Thread(target=_exit_with_parent, args=(address,), daemon=True).start()
    lock = threading.Lock()
    with Listener(address, family="AF_UNIX", authkey=key) as listener:
        while True:
            try:
                conn = listener.accept()
            except (OSError, EOFError, AuthenticationError):  # a client without the key
                continue
            threading.Thread(target=_answer, args=(conn, lock), daemon=True).start()


if __name__ == "__main__":
    _serve(sys.argv[1])
