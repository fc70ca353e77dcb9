"""Property: after any sequence of edits, an incremental build equals a clean build, byte for
byte, and rewrites nothing it reports current.

A hypothesis state machine keeps a small project whose own templates read arbitrary parts of
the content graph (enumerations, lookups by id, queries, fields of other entities, settings,
an included template, images drawn inside an SVG); every event has a briefing pack, which
renders the other templates as its parts. Each step is an edit an editor makes: add,
rename or delete an entity, edit a field, a template, an asset, a setting or the languages.
After each, the project is built incrementally (in place) and cleanly (a fresh copy), and:

- every output of the incremental build equals the clean build's (and the same files exist);
- an output reported current was not rewritten (same inode and modification time).

Profiles: "ci" (the default: a fixed seed and bounded examples, run by ./dev.sh test) and
"long" for local runs:  HYPOTHESIS_PROFILE=long python -m pytest tests/test_incremental_property.py
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from briefgen.content.project import load_project
from briefgen.engine.build import BuildOptions, build

PROFILES = {
    # (examples, steps) for the HTML machine and for the PDF and Word one
    "ci": ((8, 10), (2, 6)),
    "long": ((60, 20), (6, 8)),
}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
(HTML_EXAMPLES, HTML_STEPS), (FULL_EXAMPLES, FULL_STEPS) = PROFILES.get(PROFILE, PROFILES["ci"])

SPEAKERS = ("ana", "ben", "cho", "dia")
PROGRAMMES = ("rise", "shield", "bridge")
COUNTRIES = ("KAZ", "BRA", "GHA", "JPN")
ASSETS = ("face.png", "frame.svg")
WORDS = ("Lima", "Ode", "Kato", "Musa", "Analyst", "Director", "Adviser", "Vienna", "Kyoto")

SNIPPETS = (
    # enumerations
    "{% for s in graph.speakers_sorted() %}<p>{{ s | speaker_name }}</p>{% endfor %}",
    "{% for p in graph.programmes.values() %}<p>{{ p.name | t }}</p>{% endfor %}",
    "<p>{{ graph.speakers | length }} speakers, {{ graph.countries | length }} countries</p>",
    "{% for code in graph.countries %}<p>{{ code | country }}</p>{% endfor %}",
    # lookups by id and fields of other entities
    "{% if 'ana' in graph.speakers %}<p>{{ graph.speakers['ana'].position | t }}</p>{% endif %}",
    "{% set b = graph.speakers.get('ben') %}{% if b and b.bio %}{{ b.bio | md }}{% endif %}",
    '{% for s in graph.speakers.values() %}{% if s.photo %}<img src="{{ s.photo }}" '
    'alt="">{% endif %}{% endfor %}',
    # queries
    "{% for p in graph.programmes_of_country('KAZ') %}<p>{{ p.id }}</p>{% endfor %}",
    "{% for s in graph.speakers_of_country('BRA') %}<p>{{ s.name | t }}</p>{% endfor %}",
    # settings, an included template
    "<p>{{ config.theme.primary_color }} {{ office }}</p>",
    '{% include "extra.html" %}',
)
KINDS = {
    "speakers": "speaker.html",
    "countries": "country.html",
    "events": "event.html",
    "packs": "pack.html",
}


def _png(color: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (5, 5), color).save(buffer, format="PNG")
    return buffer.getvalue()


def _svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30">'
        '<image href="face.png" width="30" height="30"/></svg>'
    )


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join)
texts = st.one_of(names, st.fixed_dictionaries({"en": names, "fr": names}))
colors = st.tuples(*[st.integers(0, 255)] * 3)


class IncrementalMachine(RuleBasedStateMachine):
    formats: ClassVar[tuple[str, ...]] = ("html",)

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="briefgen-prop-"))
        self.project = self.root / "project"
        self.files: dict[str, Any] = {}
        self.config: dict[str, Any] = {
            "title": "Briefings",
            "languages": ["en"],
            "formats": list(self.formats),
            "theme": {"primary_color": "#0b5ea8"},
        }

    # -- the project on disk ---------------------------------------------------

    def _write(self, name: str, data: Any) -> None:
        path = self.project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    def _remove(self, name: str) -> None:
        (self.project / name).unlink()

    def _entities(self, kind: str) -> list[str]:
        return sorted(Path(n).stem for n in self.files if n.startswith(f"content/{kind}/"))

    def _put(self, name: str, data: Any) -> None:
        self.files[name] = data
        self._write(name, data)

    @initialize(
        speakers=st.lists(st.sampled_from(SPEAKERS), min_size=1, max_size=3, unique=True),
        templates=st.dictionaries(
            st.sampled_from(sorted(KINDS)),
            st.lists(st.integers(0, len(SNIPPETS) - 1), min_size=1, max_size=3),
        ),
    )
    def start(self, speakers: list[str], templates: dict[str, list[int]]) -> None:
        self._write("briefgen.yaml", self.config)
        self._put("content/organisations/office.yaml", {"name": "Office"})
        self._put(
            "content/events/forum.yaml",
            {
                "title": "Forum",
                "start": "2021-03-10",
                "venue": {"country": "JPN"},
                "organisers": ["office"],
            },
        )
        self._put("content/programmes/rise.yaml", {"name": "Rise", "countries": ["KAZ"]})
        for i, sid in enumerate(speakers):
            self._put(
                f"content/speakers/{sid}.yaml",
                {
                    "name": WORDS[i].title(),
                    "position": "Analyst",
                    "country": COUNTRIES[i],
                },
            )
        self._put("content/assets/face.png", _png((200, 40, 40)))
        self._put("content/assets/frame.svg", _svg())
        self._put("templates/extra.html", "<p>extra {{ graph.events | length }}</p>")
        for kind, snippets in templates.items():
            self._template(kind, snippets)

    def _template(self, kind: str, snippets: list[int]) -> None:
        body = "".join(SNIPPETS[i] for i in snippets)
        self._put(
            f"templates/{KINDS[kind]}",
            (
                f'{{% extends "!builtin/{KINDS[kind]}" %}}{{% block body %}}{{{{ super() }}}}'
                f'<section class="project">{body}</section>{{% endblock %}}'
            ),
        )

    # -- edits -------------------------------------------------------------------

    @rule(sid=st.sampled_from(SPEAKERS), name=texts, country=st.sampled_from(COUNTRIES))
    def add_speaker(self, sid: str, name: Any, country: str) -> None:
        self._put(
            f"content/speakers/{sid}.yaml",
            {"name": name, "position": "Adviser", "country": country},
        )

    @precondition(lambda self: len(self._entities("speakers")) > 0)
    @rule(data=st.data())
    def delete_speaker(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(self._entities("speakers")))
        name = f"content/speakers/{sid}.yaml"
        del self.files[name]
        self._remove(name)

    @precondition(lambda self: len(self._entities("speakers")) > 0)
    @rule(data=st.data(), new=st.sampled_from(SPEAKERS))
    def rename_speaker_file(self, data: st.DataObject, new: str) -> None:
        old = data.draw(st.sampled_from(self._entities("speakers")))
        if new in self._entities("speakers"):
            return
        content = self.files.pop(f"content/speakers/{old}.yaml")
        self._remove(f"content/speakers/{old}.yaml")
        self._put(f"content/speakers/{new}.yaml", content)

    @precondition(lambda self: len(self._entities("speakers")) > 0)
    @rule(
        data=st.data(),
        field=st.sampled_from(["name", "position", "bio", "country", "photo"]),
        value=texts,
        country=st.sampled_from(COUNTRIES),
        photo=st.sampled_from((*ASSETS, None)),
    )
    def edit_speaker(
        self, data: st.DataObject, field: str, value: Any, country: str, photo: str | None
    ) -> None:
        sid = data.draw(st.sampled_from(self._entities("speakers")))
        name = f"content/speakers/{sid}.yaml"
        content = dict(self.files[name])
        if field == "country":
            content["country"] = country
        elif field == "photo":
            content.pop("photo", None)
            if photo:
                content["photo"] = photo
        else:
            content[field] = value
        self._put(name, content)

    @rule(
        pid=st.sampled_from(PROGRAMMES),
        name=names,
        countries=st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True),
    )
    def put_programme(self, pid: str, name: str, countries: list[str]) -> None:
        self._put(f"content/programmes/{pid}.yaml", {"name": name, "countries": countries})

    @precondition(lambda self: len(self._entities("programmes")) > 0)
    @rule(data=st.data())
    def delete_programme(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(self._entities("programmes")))
        del self.files[f"content/programmes/{pid}.yaml"]
        self._remove(f"content/programmes/{pid}.yaml")

    @rule(title=names, summary=st.one_of(st.none(), names))
    def edit_event(self, title: str, summary: str | None) -> None:
        content = dict(self.files["content/events/forum.yaml"], title=title)
        content.pop("summary", None)
        if summary:
            content["summary"] = summary
        self._put("content/events/forum.yaml", content)

    @rule(name=names)
    def rename_organisation(self, name: str) -> None:
        self._put("content/organisations/office.yaml", {"name": name})

    @rule(
        kind=st.sampled_from(sorted(KINDS)),
        snippets=st.one_of(
            st.none(), st.lists(st.integers(0, len(SNIPPETS) - 1), min_size=1, max_size=3)
        ),
    )
    def edit_template(self, kind: str, snippets: list[int] | None) -> None:
        name = f"templates/{KINDS[kind]}"
        if snippets is None:
            if name in self.files:
                del self.files[name]
                self._remove(name)
        else:
            self._template(kind, snippets)

    @rule(word=names)
    def edit_included_template(self, word: str) -> None:
        self._put("templates/extra.html", f"<p>{word} {{{{ graph.events | length }}}}</p>")

    @rule(color=colors)
    def repaint_png(self, color: tuple[int, int, int]) -> None:
        self._put("content/assets/face.png", _png(color))

    @rule(color=st.sampled_from(["#0b5ea8", "#1f4e79", "#aa3300"]), title=names)
    def edit_settings(self, color: str, title: str) -> None:
        self.config = dict(self.config, theme={"primary_color": color}, title=title)
        self._write("briefgen.yaml", self.config)

    @rule(languages=st.sampled_from([["en"], ["en", "fr"], ["fr"]]))
    def change_languages(self, languages: list[str]) -> None:
        self.config = dict(self.config, languages=languages)
        self._write("briefgen.yaml", self.config)

    # -- the property ----------------------------------------------------------------

    def _outputs(self, root: Path) -> dict[str, bytes]:
        found = {}
        for path in sorted((root / "build").rglob("*")):
            if path.is_file() and ".briefgen" not in path.parts:
                found[path.relative_to(root).as_posix()] = path.read_bytes()
        return found

    def _stamps(self) -> dict[str, tuple[int, int]]:
        found = {}
        for path in (self.project / "build").rglob("*"):
            if path.is_file() and ".briefgen" not in path.parts:
                stat = path.stat()
                found[path.relative_to(self.project).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
        return found

    def _build(self, root: Path) -> dict[str, str]:
        project = load_project(root)
        assert not project.diagnostics.errors, [d.format() for d in project.diagnostics.errors]
        report = build(project, BuildOptions(jobs=1))
        assert not report.failed, [d.format() for d in report.diagnostics]
        return {r.path: r.status for r in report.results}

    @invariant()
    def check(self) -> None:
        if not (self.project / "briefgen.yaml").exists():
            return
        before = self._stamps()
        statuses = self._build(self.project)
        after = self._stamps()
        for path, status in statuses.items():
            if status == "current":
                assert before.get(path) == after.get(path), f"{path} was rewritten"
        clean = self.root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(self.project, clean, ignore=shutil.ignore_patterns("build"))
        self._build(clean)
        incremental, fresh = self._outputs(self.project), self._outputs(clean)
        assert sorted(incremental) == sorted(fresh)
        for path, data in fresh.items():
            assert incremental[path] == data, f"{path} differs from a clean build"

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


_common = {
    "deadline": None,
    "derandomize": PROFILE == "ci",
    "suppress_health_check": list(HealthCheck),
}
IncrementalMachine.TestCase.settings = settings(
    max_examples=HTML_EXAMPLES, stateful_step_count=HTML_STEPS, **_common
)
TestIncrementalHTML = IncrementalMachine.TestCase


class FullFormatsMachine(IncrementalMachine):
    formats = ("pdf", "docx")


FullFormatsMachine.TestCase.settings = settings(
    max_examples=FULL_EXAMPLES, stateful_step_count=FULL_STEPS, **_common
)
TestIncrementalPDFAndWord = FullFormatsMachine.TestCase
