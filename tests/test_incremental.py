"""Incremental builds are never stale: each output is rebuilt exactly when something it read
changed, and then equals a clean build byte for byte. Also: ``briefgen explain``, a state file
that cannot be trusted, and asset problems reported at the field that names the asset."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

from buildtools import briefgen, copy_sample, write

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}
STATE = "build/.briefgen/state.json"


def png(color: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (6, 6), color).save(buffer, format="PNG")
    return buffer.getvalue()


def build(root: Path, *args: str, code: int = 0) -> dict[str, Any]:
    out = root.parent / f"{root.name}-report.json"
    run = briefgen("build", "--json", str(out), *args, cwd=root, env=ENV)
    assert run.code == code, run.output
    assert "Traceback" not in run.output
    data: dict[str, Any] = json.loads(out.read_text())
    data["stderr"] = run.stderr
    return data


def built(data: dict[str, Any]) -> set[str]:
    return {d["path"] for d in data["documents"] if d["status"] == "built"}


def outputs(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file() and ".briefgen" not in p.parts
    }


def clean_build(root: Path, *args: str) -> dict[str, bytes]:
    """The outputs of a clean build of a copy of ``root``'s sources."""
    fresh = root.parent / f"{root.name}-clean"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("build"))
    build(fresh, *args)
    return outputs(fresh)


OTHER_SPEAKERS = (
    '{% extends "!builtin/speaker.html" %}{% block body %}{{ super() }}'
    "<h2>Also speaking</h2><ul>{% for s in graph.speakers_sorted() %}"
    "{% if s.id != subject.id %}<li>{{ s | speaker_name }}</li>{% endif %}{% endfor %}</ul>"
    "{% endblock %}"
)
ALL_PROGRAMMES = (
    '{% extends "!builtin/country.html" %}{% block body %}{{ super() }}'
    "<h2>All programmes</h2><ul>{% for p in graph.programmes.values() %}"
    "<li>{{ p.name | t }}</li>{% endfor %}</ul>{% endblock %}"
)


def test_renaming_a_speaker_rebuilds_every_summary_that_lists_them(tmp_path: Path) -> None:
    """Stale case 1: a project template lists the other speakers."""
    root = write(copy_sample(tmp_path / "p"), {"templates/speaker.html": OTHER_SPEAKERS})
    build(root, "-f", "html", "-l", "en")
    path = root / "content/speakers/miwa-kato.yaml"
    path.write_text(path.read_text().replace("name: Miwa Kato", "name: Miwa Katō"))
    data = build(root, "-f", "html", "-l", "en")
    speakers = {p.stem for p in (root / "content/speakers").glob("*.yaml")}
    assert {f"build/en/speakers/{s}.html" for s in speakers} <= built(data)
    summary = (root / "build/en/speakers/yem-musa.html").read_text()
    assert "Miwa Katō" in summary and "Miwa Kato<" not in summary
    assert outputs(root) == clean_build(root, "-f", "html", "-l", "en")


def test_renaming_a_programme_rebuilds_sheets_outside_it(tmp_path: Path) -> None:
    """Stale case 2: a project template lists all programmes, every country sheet shows them."""
    root = write(copy_sample(tmp_path / "p"), {"templates/country.html": ALL_PROGRAMMES})
    build(root, "-f", "html", "-l", "en")
    programme = sorted((root / "content/programmes").glob("*.yaml"))[0]
    text = programme.read_text()
    assert text.startswith("name:") or "\nname:" in text
    programme.write_text(text.replace("name: ", "name: Renamed ", 1))
    data = build(root, "-f", "html", "-l", "en")
    countries = {
        f"build/en/countries/{p.stem}.html" for p in (root / "build/en/countries").glob("*")
    }
    assert countries <= built(data)
    assert outputs(root) == clean_build(root, "-f", "html", "-l", "en")


def test_repainting_a_png_drawn_by_an_svg_photo_rebuilds_the_pdf(tmp_path: Path) -> None:
    """Stale case 3: the PNG is read by WeasyPrint while it draws the SVG, not named anywhere."""
    root = write(
        tmp_path / "p",
        {
            "briefgen.yaml": "formats: [pdf]\n",
            "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\nphoto: face.svg\n",
            "content/assets/face.svg": (
                '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">'
                '<image href="skin.png" width="60" height="60"/></svg>'
            ),
            "content/assets/skin.png": png((200, 30, 30)),
        },
    )
    build(root)
    before = (root / "build/en/speakers/ana.pdf").read_bytes()
    (root / "content/assets/skin.png").write_bytes(png((30, 30, 200)))
    data = build(root)
    assert built(data) == {"build/en/speakers/ana.pdf"}
    (entry,) = [d for d in data["documents"] if d["status"] == "built"]
    assert entry["reason"] == "asset content/assets/skin.png changed"
    assert (root / "build/en/speakers/ana.pdf").read_bytes() != before
    assert outputs(root) == clean_build(root)


def test_a_field_nothing_printed_rebuilds_nothing(tmp_path: Path) -> None:
    """A speaker's biography is printed in their summary only (and so in the briefing pack
    that holds it)."""
    root = copy_sample(tmp_path / "p")
    build(root, "-f", "html", "-l", "en", "-l", "fr")
    path = root / "content/speakers/talgat-kaliyev.yaml"
    original = path.read_text()
    assert "\nbio:" not in original
    path.write_text(original + "bio: Served in Vienna.\n")
    data = build(root, "-f", "html", "-l", "en", "-l", "fr")
    assert built(data) == {
        "build/en/speakers/talgat-kaliyev.html",
        "build/fr/speakers/talgat-kaliyev.html",
        "build/en/packs/kyoto-2021-roadmap-children.html",
        "build/fr/packs/kyoto-2021-roadmap-children.html",
    }
    assert outputs(root) == clean_build(root, "-f", "html", "-l", "en", "-l", "fr")


def test_explain_shows_what_was_read_and_what_changed(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "p")
    build(root, "-f", "html", "-l", "en", "speakers/talgat-kaliyev")
    path = root / "content/speakers/talgat-kaliyev.yaml"
    path.write_text(path.read_text().replace("Ambassador-at-large", "Ambassador-at-Large"))
    run = briefgen(
        "explain", "speakers/talgat-kaliyev", "-f", "html", "-l", "en", cwd=root, env=ENV
    )
    assert run.code == 0, run.output
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "build/en/speakers/talgat-kaliyev.html: stale "
        "(content/speakers/talgat-kaliyev.yaml changed)"
    )
    assert lines[1].startswith("  read ") and lines[1].endswith(" inputs, 1 changed since:")
    assert lines[2] == (
        "  changed  speakers/talgat-kaliyev.position  (content/speakers/talgat-kaliyev.yaml)"
    )
    assert "     same  template speaker.html (built-in speaker.html)" in lines
    assert "     same  environment variable SOURCE_DATE_EPOCH" in lines
    run = briefgen("explain", "speakers/yem-musa", "-f", "html", "-l", "en", cwd=root, env=ENV)
    assert run.stdout.splitlines() == [
        "build/en/speakers/yem-musa.html: stale (new)",
        "  never built: no inputs recorded",
    ]


def _rewrite_state(root: Path, change: Any, *, reseal: bool = False) -> None:
    """Change the state as a person (or another program) would: parse, edit, write back;
    ``reseal``: with a checksum made as briefgen makes it."""
    head, *lines = (root / STATE).read_text().splitlines()
    header = json.loads(head)
    state = {
        "format": header["format"],
        "briefgen": header["briefgen"],
        "keys": json.loads(lines[0]),
        "documents": [json.loads(line) for line in lines[1:]],
    }
    change(state)
    body = "\n".join(
        json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        for part in [state["keys"], *state["documents"]]
    )
    checksum = hashlib.sha256(body.encode()).hexdigest() if reseal else "0" * 64
    header = {"checksum": checksum, "format": state["format"], "briefgen": state["briefgen"]}
    (root / STATE).write_text(json.dumps(header, separators=(",", ":")) + "\n" + body + "\n")


def _make_current(state: dict[str, Any]) -> None:
    """A hand edit that claims the output read nothing: never to be trusted."""
    state["documents"][0]["outputs"]["html"]["reads"] = []


def test_a_state_file_that_cannot_be_trusted_is_ignored_and_everything_rebuilt(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path / "p",
        {
            "briefgen.yaml": "formats: [html]\n",
            "content/speakers/ana.yaml": "name: Ana Lima\nposition: Analyst\n",
        },
    )
    cases = [
        (lambda: (root / STATE).write_bytes(b'{"keys": [\x00'), "is corrupt (not valid JSON)"),
        (lambda: (root / STATE).write_bytes(b"\xff\xfe"), "cannot be read (not UTF-8 text)"),
        (lambda: _rewrite_state(root, _make_current), "was edited by hand (its checksum differs)"),
        (
            lambda: _rewrite_state(root, lambda d: d.update(briefgen="0.0.1"), reseal=True),
            "was written by briefgen 0.0.1",
        ),
        (
            lambda: _rewrite_state(root, lambda d: d.update(format=1), reseal=True),
            "has an older or newer format",
        ),
        (lambda: (root / STATE).write_text("[]"), "is corrupt (not a JSON object)"),
    ]
    build(root)
    for spoil, why in cases:
        path = root / "content/speakers/ana.yaml"
        path.write_text(path.read_text().replace("Analyst", "Senior Analyst"))  # makes it stale
        spoil()
        data = build(root)
        assert built(data) == {"build/en/speakers/ana.html"}, why
        assert data["diagnostics"] == [
            f"{STATE}: warning: the build state {why}; it is ignored and everything is "
            "rebuilt [state]"
        ]
        assert "Senior Analyst" in (root / "build/en/speakers/ana.html").read_text()
        assert build(root)["summary"]["current"] == 1  # the state is whole again


def _photo_project(root: Path, photo: str, asset: bytes | str, fmt: str) -> Path:
    return write(
        root,
        {
            "briefgen.yaml": f"formats: [{fmt}]\n",
            "content/speakers/ana.yaml": f"name: Ana Lima\nposition: Analyst\nphoto: {photo}\n",
            f"content/assets/{photo}": asset,
        },
    )


REMOTE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
    '<image href="http://127.0.0.1:9/x.png" width="20" height="20"/></svg>'
)


def test_an_svg_with_a_remote_reference_is_reported_at_the_photo_field(tmp_path: Path) -> None:
    for fmt in ("pdf", "docx"):
        root = _photo_project(tmp_path / fmt, "evil.svg", REMOTE_SVG, fmt)
        data = build(root, code=1)
        refused = [d for d in data["diagnostics"] if "refused to read" in d]
        assert refused, data["diagnostics"]
        assert refused[0] == (
            "content/speakers/ana.yaml:3:8: error: speakers/ana: refused to read "
            '"http://127.0.0.1:9/x.png": only files in content/assets/ may be used '
            f"(in content/assets/evil.svg) [{fmt}]"
        ), fmt


def test_a_corrupt_image_is_reported_at_the_field_that_names_it(tmp_path: Path) -> None:
    root = _photo_project(tmp_path, "broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "pdf")
    data = build(root, code=1)
    assert len(data["diagnostics"]) == 1, data["diagnostics"]
    assert data["diagnostics"][0].startswith(
        "content/speakers/ana.yaml:3:8: error: speakers/ana: cannot use content/assets/broken.png: "
    )


def test_every_read_recorded_while_rendering_evaluates_to_the_same_digest(tmp_path: Path) -> None:
    """Recording (in the worker) and evaluation (in the plan) agree on every key of every
    document of the sample, in every language; and a change is seen by the keys that read it."""
    from briefgen.content.documents import all_documents
    from briefgen.content.project import load_project
    from briefgen.engine.inputs import Inputs
    from briefgen.engine.recording import Recorder, config_view, graph_view
    from briefgen.render.document import Renderer

    root = copy_sample(tmp_path / "p")
    project = load_project(root)
    renderer = Renderer(project)
    reads: dict[str, str] = {}
    for ref in all_documents(project.graph):
        for lang in project.config.languages:
            recorder = Recorder()
            renderer.use(graph_view(project.graph, recorder), config_view(project.config, recorder))
            renderer.render(ref, lang)
            assert '["volatile"]' not in recorder.reads, ref
            reads.update(recorder.reads)
    inputs = Inputs(load_project(root))
    assert {k: inputs.digest(k) for k in reads} == reads
    path = root / "content/speakers/talgat-kaliyev.yaml"
    path.write_text(path.read_text().replace("Ambassador-at-large", "Ambassador-at-Large"))
    inputs = Inputs(load_project(root))
    from briefgen.engine.inputs import describe

    changed = sorted(describe(k, inputs.project)[2] for k in reads if inputs.digest(k) != reads[k])
    assert changed == ["speakers/talgat-kaliyev.position"]
