"""``briefgen watch`` as a user runs it: one save is one rebuild, Ctrl-C says "stopped"."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from buildtools import write

SUMMARY = re.compile(r"built \d+, up to date \d+, failed \d+ in \d+\.\d s")
SPEAKER = "content/speakers/ann-lee.yaml"
SETTLE_SECONDS = 2.0  # well past the watcher's 0.4 s debounce: a second rebuild would have begun


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT's default action in the child: a test runner started in the background may
    ignore SIGINT, and an ignored signal stays ignored across exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watcher:
    """``briefgen watch`` in a subprocess, its stderr read line by line as it comes."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "watch", "-f", "html", "-j", "1"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: re.Pattern[str] | str, count: int = 1) -> None:
        """Read until ``count`` lines in all match ``pattern`` (at most two minutes)."""
        deadline = time.monotonic() + 120
        while sum(bool(re.fullmatch(pattern, line)) for line in self.lines) < count:
            line = self._queue.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, "watch ended early:\n" + "\n".join(self.lines)
            self.lines.append(line)

    def settle(self) -> None:
        """Take in whatever the watcher prints within SETTLE_SECONDS."""
        end = time.monotonic() + SETTLE_SECONDS
        while (left := end - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                return
            if line is None:
                return
            self.lines.append(line)

    def interrupt(self) -> tuple[int, str]:
        """Send SIGINT as Ctrl-C does; the exit code and stdout once it has ended."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        assert self.process.stdout is not None
        stdout = self.process.stdout.read()
        while (line := self._queue.get(timeout=10)) is not None:
            self.lines.append(line)
        return code, stdout


def project(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "briefgen.yaml": "title: Office\nformats: [html]\n",
            SPEAKER: "name: Ann Lee\nposition: Director\n",
        },
    )


def test_one_save_is_one_rebuild_and_ctrl_c_stops(tmp_path: Path) -> None:
    root = project(tmp_path)
    watcher = Watcher(root)
    try:
        watcher.wait_for("watching for changes \\(Ctrl-C to stop\\)")
        assert [line for line in watcher.lines if SUMMARY.fullmatch(line)] == [
            line for line in watcher.lines if line.startswith("built 1,")
        ]  # the first build made the one document
        (root / SPEAKER).write_text("name: Ann Lee\nposition: Chief\n", encoding="utf-8")
        watcher.wait_for(SUMMARY, count=2)
        watcher.settle()
        # the same bytes again, as an editor's "save" without an edit: nothing to rebuild
        (root / SPEAKER).write_text("name: Ann Lee\nposition: Chief\n", encoding="utf-8")
        (root / "build/en/speakers/ann-lee.html").touch()  # the output folder is never watched
        watcher.settle()
        code, stdout = watcher.interrupt()
    finally:
        if watcher.process.poll() is None:
            watcher.process.kill()
    summaries = [line for line in watcher.lines if SUMMARY.fullmatch(line)]
    assert [s.split(" in ")[0] for s in summaries] == [
        "built 1, up to date 0, failed 0",
        "built 1, up to date 0, failed 0",
    ]
    assert (code, stdout) == (0, "")
    assert watcher.lines[-1] == "stopped", watcher.lines
    assert not [line for line in watcher.lines if "Traceback" in line or "Interrupt" in line]
    assert "Chief" in (root / "build/en/speakers/ann-lee.html").read_text(encoding="utf-8")
