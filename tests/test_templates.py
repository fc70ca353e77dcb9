"""Project templates override built-ins; template mistakes are reported at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from buildtools import briefgen, pdf_text, write

SPEAKER = "name: Ana Lima\nposition: Analyst\nextra:\n  team: Vienna desk\n"


def project(root: Path, templates: dict[str, str]) -> Path:
    files: dict[str, str | bytes] = {
        "briefgen.yaml": "formats: [pdf]\n",
        "content/speakers/ana.yaml": SPEAKER,
    }
    files.update({f"templates/{name}": text for name, text in templates.items()})
    return write(root, files)


def test_extending_the_builtin_changes_the_output(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "speaker.html": (
                '{% extends "!builtin/speaker.html" %}\n{% block body %}\n'
                '<p class="lead">Desk: {{ subject.extra.team }}</p>\n'
                "{{ super() }}\n{% endblock %}\n"
            )
        },
    )
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.output
    text = pdf_text(root / "build/en/speakers/ana.pdf")
    assert "Desk: Vienna desk" in text and "Ana Lima" in text


def test_replacing_a_partial_changes_every_document(tmp_path: Path) -> None:
    root = project(tmp_path, {"style.css": "html { font-family: 'Noto Serif'; }\n"})
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.output
    out = root / "build/en/speakers/ana.pdf"
    import subprocess

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Serif" in fonts and "Noto-Sans" not in fonts


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '{% extends "!builtin/speaker.html" %}\n{% block body %}\n{% if %}\n{% endblock %}\n',
            "templates/speaker.html:3:1: error: template syntax error: "
            "Expected an expression, got 'end of statement block' [template]",
        ),
        (
            '{% extends "!builtin/speaker.html" %}\n{% block body %}\n\n{{ missing.value }}\n'
            "{% endblock %}\n",
            "templates/speaker.html:4:1: error: template error: 'missing' is undefined [template]",
        ),
        (
            '{% extends "!builtin/speaker.html" %}\n{% block body %}{{ subject.nope }}'
            "{% endblock %}\n",
            "templates/speaker.html:2:1: error: template error: "
            "'briefgen.content.models.Speaker object' has no attribute 'nope' [template]",
        ),
        (  # any exception raised by the template's own code is the template's, not a bug
            '{% extends "!builtin/speaker.html" %}\n{% block body %}\n{{ 1 / 0 }}{% endblock %}\n',
            "templates/speaker.html:3:1: error: template error: division by zero [template]",
        ),
    ],
)
def test_template_mistakes_name_file_and_line(tmp_path: Path, template: str, message: str) -> None:
    root = project(tmp_path, {"speaker.html": template})
    run = briefgen("build", cwd=root)
    assert run.code == 1
    assert message in run.stderr.splitlines(), run.stderr
    assert "Traceback" not in run.output
    assert not (root / "build/en/speakers/ana.pdf").exists()


def test_a_template_that_recurses_forever_fails_its_documents(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "speaker.html": (
                '{% extends "!builtin/speaker.html" %}\n{% block body %}\n'
                "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}{% endblock %}\n"
            )
        },
    )
    run = briefgen("build", cwd=root)
    assert run.code == 1, run.output
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert errors and all(
        line.startswith("templates/speaker.html:3:1: error: template error: maximum recursion")
        for line in errors
    ), errors
    assert "Traceback" not in run.output and "internal" not in run.output


def test_content_is_never_compiled_as_a_template(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "briefgen.yaml": "formats: [pdf, html]\n",
            "content/speakers/ana.yaml": (
                'name: "{{ 7*7 }} <b>Ana</b> &amp;"\nposition: "{% raw %}x"\n'
                'bio: "<script>alert(1)</script> {{ config }} &amp;"\n'
            ),
        },
    )
    run = briefgen("build", cwd=root)
    assert run.code == 0, run.output
    text = " ".join(pdf_text(root / "build/en/speakers/ana.pdf").split())
    assert "{{ 7*7 }} <b>Ana</b> &amp;" in text
    assert "{% raw %}x" in text
    assert "<script>alert(1)</script> {{ config }} &" in text
    html = (root / "build/en/speakers/ana.html").read_text()
    assert "<script>" not in html and "<b>Ana" not in html


def test_check_warns_about_html_outside_the_set(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "speaker.html": (
                '{% extends "!builtin/speaker.html" %}\n{% block body %}\n'
                '<marquee class="meta {{ x }} glow">hi</marquee>\n'
                "<p class='meta'>fine</p>{{ super() }}\n{% endblock %}\n"
            )
        },
    )
    run = briefgen("check", cwd=root)
    assert run.code == 0
    assert run.stdout.splitlines() == [
        "templates/speaker.html:3:1: warning: <marquee> is outside the HTML set both writers "
        "understand (docs/templates.md); Word shows its text as plain paragraphs [html-set]",
        'templates/speaker.html:3:30: warning: class "glow" is outside the HTML set both '
        "writers understand (docs/templates.md); Word ignores it [html-set]",
        "2 files, 0 errors, 2 warnings",
    ]
    assert briefgen("check", "--strict", cwd=root).code == 1


def test_builtin_templates_keep_to_the_set(tmp_path: Path) -> None:
    from briefgen.render.templates import BUILTIN_DIR

    root = project(tmp_path, {})
    for path in BUILTIN_DIR.glob("*.html"):
        write(root, {f"templates/{path.name}": path.read_text()})
    run = briefgen("check", cwd=root)
    assert run.stdout.splitlines() == ["2 files, 0 errors, 0 warnings"]
