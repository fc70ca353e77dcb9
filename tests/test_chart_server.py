"""One chart process serves all of a build's workers (briefgen.render.chart_server).

The server draws with the same library from the same arguments, so a build
whose workers ask it gives the bytes of a build whose one worker draws itself;
vl-convert's errors come back with their message; a worker with no server to
reach draws its own charts; and nothing is left behind when the build ends.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.render import chart_server, charts
from buildtools import briefgen, children
from conftest import copy_root

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _outputs(build: Path) -> dict[str, bytes]:
    return {
        path.relative_to(build).as_posix(): path.read_bytes()
        for path in sorted(build.rglob("*"))
        if path.is_file() and ".briefgen" not in path.parts
    }


def test_two_workers_and_one_chart_process_make_the_bytes_of_one_worker(
    tmp_path: Path,
) -> None:
    alone = copy_root("charts", tmp_path / "alone")
    shared = copy_root("charts", tmp_path / "shared")
    # Two documents (English and Arabic), so that -j2 runs two workers and the server.
    first = briefgen("build", "-j", "1", cwd=alone, env=EPOCH)
    second = briefgen("build", "-j", "2", cwd=shared, env=EPOCH)
    assert first.code == 0 and second.code == 0, first.output + second.output
    made = _outputs(alone / "build")
    assert sorted(made) == [
        "ar/countries/IRQ.docx",
        "ar/countries/IRQ.html",
        "ar/countries/IRQ.pdf",
        "en/countries/IRQ.docx",
        "en/countries/IRQ.html",
        "en/countries/IRQ.pdf",
    ]
    assert made == _outputs(shared / "build")
    assert made["en/countries/IRQ.html"].count(b"data:image/svg+xml;base64,") == 1


SPEC = json.dumps(
    {
        "data": {"values": [{"year": "2019", "value": 156}, {"year": "2020", "value": 201}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "year", "type": "ordinal"},
            "y": {"field": "value", "type": "quantitative"},
        },
    },
    sort_keys=True,
)


@pytest.fixture
def server() -> Iterator[chart_server.ChartServer]:
    running = chart_server.start()
    assert running is not None
    try:
        yield running
    finally:
        running.stop()
        chart_server._forget()


def test_the_server_draws_what_this_process_would_draw(
    server: chart_server.ChartServer,
) -> None:
    locale = charts.number_locale("ar")
    for fmt in ("svg", "png"):
        served = chart_server.draw(SPEC, locale, fmt, 100)
        assert chart_server._connection is not None  # it went through the server
        assert served == chart_server.convert(SPEC, locale, fmt, 100)
    assert served.startswith(b"\x89PNG")


def test_an_error_comes_back_with_vl_converts_message(
    server: chart_server.ChartServer,
) -> None:
    broken = json.dumps({"mark": "nonsense-mark", "data": {"values": []}})
    locale = charts.number_locale("en")
    with pytest.raises(Exception) as here:
        chart_server.convert(broken, locale, "svg", 100)
    with pytest.raises(ValueError) as served:
        chart_server.draw(broken, locale, "svg", 100)
    assert str(served.value) == str(here.value).strip()
    # The connection survives an error: the next chart is drawn.
    assert chart_server.draw(SPEC, locale, "svg", 100).startswith(b"<svg")


def test_the_server_ends_with_the_build_and_leaves_nothing(tmp_path: Path) -> None:
    running = chart_server.start()
    assert running is not None
    assert chart_server.draw(SPEC, charts.number_locale("en"), "svg", 100).startswith(b"<svg")
    running.stop()
    chart_server._forget()
    assert running.process.returncode == 0
    assert not running.folder.exists()
    assert chart_server._SERVED is None


def test_a_worker_with_no_server_to_reach_draws_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_server, "_CONNECT_SECONDS", 0.2)
    monkeypatch.setattr(chart_server, "_SERVED", (str(tmp_path / "no-socket"), b"key"))
    locale = charts.number_locale("en")
    assert chart_server.draw(SPEC, locale, "svg", 100) == chart_server.convert(
        SPEC, locale, "svg", 100
    )
    assert chart_server._SERVED is None  # it stops looking for the server


def _kept(root: Path) -> list[Path]:
    return sorted((root / "build/.briefgen/charts").iterdir())


def test_drawn_charts_are_kept_and_read_back_while_their_seal_holds(tmp_path: Path) -> None:
    root = copy_root("charts", tmp_path)
    assert briefgen("build", "-f", "html", "-j", "1", cwd=root, env=EPOCH).code == 0
    html = (root / "build/en/countries/IRQ.html").read_bytes()
    kept = _kept(root)
    assert [path.suffix for path in kept] == [".svg", ".svg"]  # English and Arabic
    english = next(p for p in kept if b"156" in p.read_bytes())
    seal, _, svg = english.read_bytes().partition(b"\n")
    assert seal == hashlib.sha256(svg).hexdigest().encode("ascii")
    assert base64.b64encode(svg) in html

    # A kept chart is what the next build uses (here one changed, with its seal).
    marked = svg.replace(b"</svg>", b"<desc>kept</desc></svg>")
    english.write_bytes(hashlib.sha256(marked).hexdigest().encode("ascii") + b"\n" + marked)
    assert briefgen("build", "-f", "html", "-j", "1", "--force", cwd=root, env=EPOCH).code == 0
    assert base64.b64encode(marked) in (root / "build/en/countries/IRQ.html").read_bytes()

    # One damaged (its seal no longer matches) is drawn again, and kept again.
    english.write_bytes(english.read_bytes().replace(b"kept", b"hand"))
    assert briefgen("build", "-f", "html", "-j", "2", "--force", cwd=root, env=EPOCH).code == 0
    assert (root / "build/en/countries/IRQ.html").read_bytes() == html
    assert english.read_bytes() == seal + b"\n" + svg


def test_a_killed_build_leaves_no_chart_server_behind(tmp_path: Path) -> None:
    root = copy_root("charts", tmp_path)
    build = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-j", "2"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    server, command = None, ""
    while server is None and time.monotonic() < deadline and build.poll() is None:
        for pid, line in children(build.pid).items():
            if "chart_server" in line:
                server, command = pid, line
        time.sleep(0.01)
    assert server is not None, "the build ended before its chart server was seen"
    folder = Path(command.rstrip("\0").split("\0")[-1]).parent  # its socket's
    assert folder.is_dir() and folder.name.startswith("briefgen-charts-")
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{server}").exists()
    assert not folder.exists()


def test_installing_a_font_draws_the_charts_again(tmp_path: Path) -> None:
    root = copy_root("charts", tmp_path)
    home = {"HOME": str(tmp_path / "home"), **EPOCH}
    assert briefgen("build", "-f", "html", "-j", "1", cwd=root, env=home).code == 0
    before = _kept(root)
    assert len(before) == 2
    fonts = tmp_path / "home" / ".fonts"
    fonts.mkdir(parents=True)
    (fonts / "Extra.ttf").write_bytes(b"not really a font")
    assert briefgen("build", "-f", "html", "-j", "1", "--force", cwd=root, env=home).code == 0
    after = _kept(root)
    assert len(after) == 4 and set(before) < set(after)  # drawn again, under new names
