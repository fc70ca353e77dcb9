"""Rendering reads nothing it should not: no file outside assets, no network, no attachment."""

from __future__ import annotations

import http.server
import socket
import ssl
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from buildtools import briefgen, write


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 94, 168)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


class Listener:
    """A loopback HTTP server that counts every request it receives."""

    def __init__(self) -> None:
        self.hits = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.hits += 1
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


class TLSListener:
    """A loopback HTTPS server with a throwaway self-signed certificate (openssl req) that
    counts every connection that arrives, whether or not its TLS handshake succeeds."""

    def __init__(self, folder: Path) -> None:
        cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            capture_output=True,
            check=True,
        )
        self.cert = cert
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.connections = 0
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.url = f"https://127.0.0.1:{self.socket.getsockname()[1]}"
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            try:
                with self.context.wrap_socket(connection, server_side=True) as tls:
                    tls.recv(65536)
                    tls.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(PNG) + PNG
                    )
            except (OSError, ssl.SSLError):
                connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def tls_listener(tmp_path: Path) -> Iterator[TLSListener]:
    server = TLSListener(tmp_path)
    # It would see a request: a real HTTPS client gets the image from it.
    client = ssl.create_default_context(cafile=str(server.cert))
    with urllib.request.urlopen(f"{server.url}/probe.png", context=client, timeout=10) as reply:
        assert reply.read() == PNG
    assert server.connections == 1
    server.connections = 0
    yield server
    server.close()


def project(root: Path, photo: str, extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "briefgen.yaml": "formats: [pdf]\n",
        "content/speakers/ana.yaml": f"name: Ana Lima\nposition: Analyst\nphoto: {photo}\n",
        "content/assets/ok.png": PNG,
        "secret.png": PNG,
    }
    return write(root, {**files, **(extra or {})})


def svg(href: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20" height="20"><image xlink:href="{href}" href="{href}" width="20" '
        'height="20"/></svg>'
    )


def test_a_clean_photo_builds(tmp_path: Path) -> None:
    root = project(tmp_path, "ok.png")
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.output
    assert (root / "build/en/speakers/ana.pdf").is_file()


@pytest.mark.parametrize(
    "href_kind",
    ["file-absolute", "file-url", "relative-parent", "http", "https", "symlink-out"],
)
def test_svg_asset_references_are_refused(
    tmp_path: Path, listener: Listener, tls_listener: TLSListener, href_kind: str
) -> None:
    hrefs = {
        "file-absolute": str((tmp_path / "secret.png").resolve()),
        "file-url": (tmp_path / "secret.png").resolve().as_uri(),
        "relative-parent": "../../secret.png",
        "http": f"{listener.url}/x.png",
        "https": f"{tls_listener.url}/x.png",
        "symlink-out": "link.png",
    }
    root = project(tmp_path, "evil.svg", {"content/assets/evil.svg": svg(hrefs[href_kind])})
    if href_kind == "symlink-out":
        (root / "content/assets/link.png").symlink_to(root / "secret.png")
    run = briefgen("build", cwd=root)
    assert run.code == 1, run.output
    assert "Traceback" not in run.output
    lines = [line for line in run.stderr.splitlines() if "refused to read" in line]
    assert lines, run.stderr
    assert lines[0].startswith("content/speakers/ana.yaml:3:8: error: speakers/ana: refused")
    assert listener.hits == 0
    assert tls_listener.connections == 0
    assert not (root / "build/en/speakers/ana.pdf").exists()


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ("../../secret.png", 'asset "../../secret.png" leaves content/assets/'),
        ("/etc/passwd", 'asset "/etc/passwd" must be a path relative to content/assets/'),
        ("file:///etc/passwd", 'asset "file:///etc/passwd" must be a path relative to'),
        ("http://127.0.0.1:9/x.png", 'asset "http://127.0.0.1:9/x.png" must be a path'),
        ("link.png", 'asset "link.png" leaves content/assets/'),
    ],
)
def test_asset_paths_leaving_assets_are_content_errors(
    tmp_path: Path, photo: str, message: str
) -> None:
    root = project(tmp_path, photo)
    (root / "content/assets/link.png").symlink_to(root / "secret.png")
    run = briefgen("build", cwd=root)
    assert run.code == 1
    assert f"content/speakers/ana.yaml:3:8: error: {message}" in run.stderr
    assert not (root / "build").exists()


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<img src="{url}/pixel.png">',
        '<link rel="stylesheet" href="{url}/style.css">',
        '<link rel="attachment" href="ok.png">',
        '<a rel="attachment" href="ok.png">file</a>',
        '<style>@import url("{url}/x.css");</style>',
    ],
)
def test_template_markup_cannot_fetch_or_attach(
    tmp_path: Path, listener: Listener, markup: str
) -> None:
    override = (
        '{% extends "!builtin/speaker.html" %}{% block body %}'
        + markup.replace("{url}", listener.url)
        + "{{ super() }}{% endblock %}"
    )
    root = project(tmp_path, "ok.png", {"templates/speaker.html": override})
    run = briefgen("build", cwd=root)
    assert run.code == 1, run.output
    assert "content/speakers/ana.yaml:1:1: error: speakers/ana:" in run.stderr
    assert listener.hits == 0
    assert not (root / "build/en/speakers/ana.pdf").exists()


def test_a_failed_document_keeps_its_previous_output(tmp_path: Path) -> None:
    root = project(tmp_path, "ok.png")
    assert briefgen("build", cwd=root).code == 0
    before = (root / "build/en/speakers/ana.pdf").read_bytes()
    write(root, {"content/assets/ok.png": svg("file:///etc/passwd").encode()})
    (root / "content/assets/ok.png").rename(root / "content/assets/bad.svg")
    write(root, {"content/assets/ok.png": PNG})
    text = (root / "content/speakers/ana.yaml").read_text().replace("ok.png", "bad.svg")
    (root / "content/speakers/ana.yaml").write_text(text)
    run = briefgen("build", cwd=root)
    assert run.code == 1
    assert (root / "build/en/speakers/ana.pdf").read_bytes() == before
    assert not [p for p in (root / "build").rglob("*.tmp")]
    assert PdfReader(root / "build/en/speakers/ana.pdf").pages
