"""Latin text in a Chinese document is marked with its language (render/latin_parts.py):
set in the Latin face in the PDF, as Word sets it, and read in its own language."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from briefgen.render import latin_parts
from buildtools import briefgen, copy_sample

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _marked(body: str, lang: str = "zh", default: str = "en") -> list[tuple[str, str]]:
    """(tag, text) of every element of the body after marking, in document order."""
    head = f'<!DOCTYPE html><html lang="{lang}"><head><title>t</title></head>'
    html = f"{head}<body>{body}</body></html>"
    tree = lxml_html.document_fromstring(latin_parts.mark(html, lang, default))
    body_element = tree.find("body")
    assert body_element is not None
    return [
        (str(node.tag), str(node.get("lang") or "") + ":" + (node.text or ""))
        for node in body_element.iter()
        if node is not body_element
    ]


def test_latin_runs_are_marked_and_han_digits_and_separators_are_not() -> None:
    found = _marked(
        "<p>发言者：Miwa Kato 和 H.E. Mr. Talgat Kaliyev 阁下</p>"
        "<p>2021年3月10日 · 日本 · GLOTIP · 东道国</p>"
        "<p><strong>Ms. Ghada Waly</strong>，Executive Director · United Nations</p>"
        '<p lang="fr">Office des Nations Unies</p>'
        '<p><a href="#a">Talgat Kaliyev</a> <a href="#b">UNODC 路线图</a></p>'
        "<td>Mr. Marcelo Colombo</td>"
    )
    assert found == [
        ("p", ":发言者："),
        ("span", "en:Miwa Kato"),
        ("span", "en:H.E. Mr. Talgat Kaliyev"),
        ("p", ":2021年3月10日 · 日本 · "),  # digits and separators alone are not Latin text
        ("span", "en:GLOTIP"),
        ("p", ":"),
        ("strong", "en:Ms. Ghada Waly"),  # all Latin: the element takes the language
        # a separator between Latin words is in their run; at a run's end it stays out
        ("span", "en:Executive Director · United Nations"),
        ("p", "fr:Office des Nations Unies"),  # an element with its own language: as it is
        ("p", ":"),
        ("a", "en:Talgat Kaliyev"),
        ("a", ":UNODC 路线图"),  # a link's mixed text stays whole (one link in the PDF)
        ("td", "en:Mr. Marcelo Colombo"),
    ]


def test_only_chinese_and_japanese_documents_of_another_default_language() -> None:
    html = "<!DOCTYPE html><html><head></head><body><p>Miwa Kato 和</p></body></html>"
    assert latin_parts.mark(html, "en", "en") == html
    assert latin_parts.mark(html, "fr", "en") == html
    assert latin_parts.mark(html, "zh", "zh") == html  # a Chinese project: no fallback text
    assert 'lang="en"' in latin_parts.mark(html, "zh", "en")


def test_a_chinese_documents_latin_text_is_set_in_the_latin_face_in_pdf_and_word(
    tmp_path: Path,
) -> None:
    """Ms. Hardeman's position has an apostrophe ("Commission’s"): the CJK face draws it a
    full em wide. In the Chinese summary it is drawn in the Latin face, and its Word run
    has the English language and no East Asian font hint (which made Word draw it wide)."""
    root = copy_sample(tmp_path / "sample")
    config = yaml.safe_load((root / "briefgen.yaml").read_text("utf-8"))
    config["languages"] = ["en", "zh"]
    (root / "briefgen.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    target = "speakers/hilde-hardeman"
    run = briefgen("build", target, "-l", "zh", "-f", "pdf", "-f", "docx", cwd=root)
    assert run.code == 0, run.output
    pdf = root / "build/zh" / f"{target}.pdf"
    faces: dict[str, set[str]] = {}

    def note(text: str, cm: object, tm: object, font: object, size: object) -> None:
        if text.strip() and isinstance(font, dict):
            faces.setdefault(str(font.get("/BaseFont", "")), set()).add(text)

    PdfReader(pdf).pages[0].extract_text(visitor_text=note)
    latin = {name for name, texts in faces.items() if any("Commission" in t for t in texts)}
    assert latin and all("CJK" not in name for name in latin), faces.keys()
    assert any("CJK" in name for name in faces)  # the labels are Chinese, in the CJK face

    with zipfile.ZipFile(root / "build/zh" / f"{target}.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
    runs = [r for r in document.iter(f"{W}r") if "Commission’s" in "".join(r.itertext())]
    assert runs
    for r in runs:
        lang = r.find(f"{W}rPr/{W}lang")
        assert lang is not None and lang.get(f"{W}val") == "en"
        assert (
            r.find(f"{W}rPr/{W}rFonts") is None
            or r.find(f"{W}rPr/{W}rFonts").get(f"{W}hint") != "eastAsia"
        )
