"""The briefing pack: one document per event with its report, countries' sheets and speakers'
summaries, built by the real command line and read back.

Nothing is hard-coded about the pack's pages: its parts are compared with the single
documents built from the same content (their PDFs' page counts and outlines), its
contents with its own outline, its Word version with what LibreOffice makes of it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html
from pypdf import PdfReader

from buildtools import briefgen, copy_sample
from docx_helpers import (
    NS,
    contents_entries,
    heading_pages,
    outline_pages,
    page_count,
    plain,
    q,
    soffice_to_pdf,
    styles_by_id,
    xml_part,
)
from ooxml import invalid, needs_validator

EVENT = "kyoto-2021-roadmap-children"
PACK = f"packs/{EVENT}"
REPORT = f"events/{EVENT}"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Direction marks and embeddings, which pdftotext writes around right-to-left text."""
Outline = list[tuple[str, int, list[Any]]]
"""(title, 1-based page, children) for each bookmark."""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample (en, fr, ar; its house style), every document built as PDF, Word and HTML
    in English and Arabic."""
    root = copy_sample(tmp_path_factory.mktemp("pack") / "sample")
    run = briefgen(
        "build", "-l", "en", "-l", "ar", "-f", "pdf", "-f", "docx", "-f", "html", cwd=root
    )
    assert run.code == 0, run.output
    return root


def out(root: Path, lang: str, target: str, fmt: str) -> Path:
    return root / "build" / lang / f"{target}.{fmt}"


def outline(pdf: Path) -> Outline:
    reader = PdfReader(pdf)

    def walk(items: list[Any]) -> Outline:
        found: Outline = []
        for item in items:
            if isinstance(item, list):
                found[-1][2].extend(walk(item))
            else:
                found.append((plain(item.title), reader.get_destination_page_number(item) + 1, []))
        return found

    return walk(reader.outline)


def part_targets(root: Path, lang: str) -> list[str]:
    """The pack's parts, in order, as the pack's HTML names them (``section.pack-part``)."""
    tree = lxml_html.parse(str(out(root, lang, PACK, "html")))
    return [
        str(s.get("id")).replace("-", "/", 1)
        for s in tree.iterfind(".//section[@class]")
        if "pack-part" in s.get("class", "").split()
    ]


def running_titles(root: Path, lang: str) -> list[str | None]:
    """Each part's running title as the pack's HTML gives it (its own template's, or its
    group's), or None for a part without one: it runs on under the title before it."""
    tree = lxml_html.parse(str(out(root, lang, PACK, "html")))
    titles: list[str | None] = []
    for part in tree.iterfind(".//section[@class]"):
        if "pack-part" not in part.get("class", "").split():
            continue
        own = part.find("p[@class='running-title']")
        titles.append(None if own is None else " ".join(own.text_content().split()))
    return titles


def header_titles(root: Path, lang: str) -> list[str]:
    """The running title each part's pages show: its own, or the one it runs on under."""
    shown: list[str] = []
    for title in running_titles(root, lang):
        assert title is not None or shown, "the first part has a running title"
        shown.append(title if title is not None else shown[-1])
    return shown


def kinds(targets: list[str]) -> list[str]:
    return [target.split("/", 1)[0] for target in targets]


def titles_only(tree: Outline) -> list[Any]:
    return [(title, titles_only(children)) for title, _, children in tree]


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[: page_count(pdf)]


def test_the_parts_are_the_report_the_countries_and_the_speakers_in_the_documented_order(
    sample: Path,
) -> None:
    event = yaml.safe_load((sample / "content/events" / f"{EVENT}.yaml").read_text("utf-8"))
    speakers = {s for session in event["sessions"] for s in session.get("speakers", [])}
    speakers |= {st["speaker"] for st in event.get("statements", [])}
    speakers |= {session["chair"] for session in event["sessions"] if session.get("chair")}
    of_speakers = [
        yaml.safe_load((sample / "content/speakers" / f"{s}.yaml").read_text("utf-8"))
        for s in speakers
    ]
    countries = {event["venue"]["country"]} | {s["country"] for s in of_speakers if "country" in s}
    countries |= {p for p in event.get("partners", []) if len(p) == 3 and p.isupper()}
    parts = part_targets(sample, "en")
    assert parts[0] == f"events/{EVENT}"
    assert parts[1 : 1 + len(countries)] == [f"countries/{c}" for c in sorted(countries)]
    assert sorted(parts[1 + len(countries) :]) == sorted(f"speakers/{s}" for s in speakers)
    # speakers in the order of the report's list of speakers
    report = lxml_html.parse(str(out(sample, "en", f"events/{EVENT}", "html")))
    listed = [
        " ".join(td.text_content().split())
        for td in report.iterfind(".//section[@id='speakers']//tbody/tr/td[1]")
    ]
    pack_outline = outline(out(sample, "en", PACK, "pdf"))
    assert [title for title, _, _ in pack_outline[-len(speakers) :]] == listed


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_outline_nests_each_parts_headings_and_the_parts_pages_follow_one_another(
    sample: Path, lang: str
) -> None:
    pack_pdf = out(sample, lang, PACK, "pdf")
    pack = outline(pack_pdf)
    parts = part_targets(sample, lang)
    singles = [out(sample, lang, target, "pdf") for target in parts]
    # The pack's outline: its contents, then each part with its own headings nested under it.
    assert len(pack) == 1 + len(parts)
    assert pack[0][1] == 2  # the contents, after the cover
    front = pack[1][1] - 1  # the cover and the contents' pages
    assert front >= 2
    contents = pack[0][0]  # the pack's contents, whose title the report's own has
    for target, (title, _, children), single in zip(parts, pack[1:], singles, strict=True):
        [(own_title, _, own_children)] = outline(single)  # its title, its headings under it
        assert title == own_title
        # the same headings, but the report's own contents (the pack's does its job), and
        # a sheet's or a summary's main headings after the first name its subject
        # ("Statements · Ms. X", "Events and delegations · Japan")
        kept = [child for child in own_children if child[0] != contents]
        if not target.startswith("events/"):
            kept = [
                (f"{heading} · {title}" if n else heading, page, nested)
                for n, (heading, page, nested) in enumerate(kept)
            ]
        assert titles_only(children) == titles_only(kept)
        assert children  # every part has its headings nested
    assert contents in [child[0] for child in outline(singles[0])[0][2]]
    starts = [page for _, page, _ in pack[1:]]
    ends = [*starts[1:], page_count(pack_pdf) + 1]
    kind = kinds(parts)
    assert kind[0] == "events" and kind.count("events") == 1
    # the report, without its cover and contents: a page fewer than its single document
    assert 1 <= starts[1] - starts[0] <= page_count(singles[0]) - 1
    # the country sheets, then the speakers' summaries, follow one another: the first of
    # each group begins a page after the part before it, and together they hold fewer pages
    # than their single documents (some share a page)
    for group in ("countries", "speakers"):
        members = [n for n, k in enumerate(kind) if k == group]
        assert len(members) >= 2
        assert members == list(range(members[0], members[-1] + 1))
        first, last = starts[members[0]], ends[members[-1]] - 1  # the next begins a page
        assert first > starts[members[0] - 1]
        assert last - first + 1 < sum(page_count(singles[n]) for n in members)
        group_starts = [starts[n] for n in members]
        assert group_starts == sorted(group_starts)
        assert len(set(group_starts)) < len(members)
    # a sheet of one page is kept whole: every element of it with an id is on one page
    pages = pdf_page_numbers(sample, lang)
    whole = 0
    for target, single in zip(parts, singles, strict=True):
        if target.startswith("countries/") and page_count(single) == 1:
            anchor = target.replace("/", "-", 1)
            on = {page for name, page in pages.items() if name.split("--")[0] == anchor}
            assert len(on) == 1, (target, sorted(on))
            whole += 1
    assert whole >= 4


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_speakers_name_block_is_never_alone_at_the_foot_of_a_page(
    sample: Path, lang: str
) -> None:
    """Each summary's name and its first heading (its first section) share their page."""
    pack = outline(out(sample, lang, PACK, "pdf"))
    parts = part_targets(sample, lang)
    checked = 0
    for target, (title, page, children) in zip(parts, pack[1:], strict=True):
        if target.startswith("speakers/"):
            assert children[0][1] == page, (title, page, children[0])
            checked += 1
    assert checked >= 2


def test_the_report_part_has_a_title_block_instead_of_its_cover_and_contents(
    sample: Path,
) -> None:
    tree = lxml_html.parse(str(out(sample, "en", PACK, "html")))
    report = tree.find(f".//section[@id='events-{EVENT}']")
    assert report is not None
    assert report.find(".//section[@class='cover']") is None
    assert report.find(".//nav") is None
    assert report.find(".//*[@class='cover-kind']") is None
    header = report.find("header[@class='sheet-header']")
    assert header is not None
    single = lxml_html.parse(str(out(sample, "en", f"events/{EVENT}", "html")))
    cover = single.find(".//section[@class='cover']")
    assert cover is not None
    h1 = header.find("h1")
    assert h1 is not None and h1.get("id") == f"events-{EVENT}--title"
    assert h1.text_content() == cover.find("h1").text_content()
    lines = [" ".join(p.text_content().split()) for p in header.iterfind("p")]
    assert lines == [
        " ".join(cover.find(f"p[@class='{name}']").text_content().split())
        for name in ("cover-parent", "cover-meta")
    ]
    # In the PDF, the report's first page has its running header and the title block; the
    # pack's contents is the only contents.
    pdf = out(sample, "en", PACK, "pdf")
    start = outline(pdf)[1][1]
    page = pages_text(pdf)[start - 1]
    assert page.lstrip().startswith(header_titles(sample, "en")[0].upper())
    assert lines[-1] in " ".join(page.split())
    assert sum(text.count("Contents") for text in pages_text(pdf)) == 1


def test_page_numbers_run_through_the_pack_and_headers_name_the_part(sample: Path) -> None:
    pdf = out(sample, "en", PACK, "pdf")
    pages = pages_text(pdf)
    total = len(pages)
    starts = [page for _, page, _ in outline(pdf)[1:]]
    numbered = [
        n
        for n, text in enumerate(pages, start=1)
        if re.search(rf"\bPage {n} of {total}\s*$", text.rstrip())
    ]
    assert numbered == list(range(2, total + 1))  # every page but the pack's cover
    titles = header_titles(sample, "en")
    assert len(titles) == len(starts)
    # the country sheets, and the speakers' summaries, run on under one title: their group's
    kind = kinds(part_targets(sample, "en"))
    for group, title in (("countries", "Country fact sheets"), ("speakers", "Speaker summaries")):
        assert {t for t, k in zip(titles, kind, strict=True) if k == group} == {title}
    assert running_titles(sample, "en").count(None) == len(kind) - 3
    ends = [*starts[1:], total + 1]
    for title, start, end in zip(titles, starts, ends, strict=True):
        for n in range(start, max(end, start + 1)):
            first = next(line for line in pages[n - 1].splitlines() if line.strip())
            assert first.split("   ")[0].strip() == title.upper(), (n, first)
    for n in range(2, starts[0]):  # the contents' pages: the pack's own running title
        first = next(line for line in pages[n - 1].splitlines() if line.strip())
        assert first.split("   ")[0].strip() == "BRIEFING PACK"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contents_page_numbers_are_the_pages_of_the_parts_and_sections(
    sample: Path, lang: str
) -> None:
    pdf = out(sample, lang, PACK, "pdf")
    tree = lxml_html.parse(str(out(sample, lang, PACK, "html")))
    nav = tree.find(".//nav[@class='toc pack-toc']")
    assert nav is not None
    targets = [a.get("href")[1:] for a in nav.iterfind(".//a")]
    reader = PdfReader(pdf)
    named = {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }
    expected = [named[target] for target in targets]
    front = outline(pdf)[1][1] - 1
    # A right-to-left line is read from the left by pdftotext: its number, then the leader
    # (and a name in Latin letters after it).
    number = r"\.{3,}\s*(\d+)\s*$" if lang != "ar" else r"(\d+)\s*\.{3,}"
    printed = [
        int(m.group(1))
        for page in pages_text(pdf)[1:front]
        for m in re.finditer(number, BIDI.sub("", page), re.MULTILINE)
    ]
    assert len(targets) > len(part_targets(sample, lang))  # parts and their sections
    assert printed == expected
    # each part's entry gives the part's first page; each section's the page of its heading
    starts = {
        f"{t.replace('/', '-', 1)}": p
        for t, (_, p, _) in zip(part_targets(sample, lang), outline(pdf)[1:], strict=True)
    }
    for target in targets:
        if target in starts:
            assert named[target] == starts[target]


def test_speaker_and_country_names_link_to_their_parts(sample: Path) -> None:
    pdf = out(sample, "en", PACK, "pdf")
    reader = PdfReader(pdf)
    named = {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }
    tree = outline(pdf)
    parts = part_targets(sample, "en")
    first_page = {target: page for target, (_, page, _) in zip(parts, tree[1:], strict=True)}
    report_pages = range(first_page[parts[0]], first_page[parts[1]])
    linked: dict[str, set[int]] = {}
    for n in report_pages:
        for annot in reader.pages[n - 1].get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            if isinstance(dest, str) and dest.startswith(("speakers-", "countries-")):
                linked.setdefault(dest.replace("-", "/", 1), set()).add(named[dest])
    speakers = [t for t in parts if t.startswith("speakers/")]
    countries = [t for t in parts if t.startswith("countries/")]
    # every speaker's name in the report (agenda, sessions, list of speakers) and every
    # country in its participants table leads to the first page of that part
    assert sorted(linked) == sorted(speakers + countries)
    assert {t: pages for t, pages in linked.items()} == {t: {first_page[t]} for t in linked}
    # a single report has no such links: its speakers are not in it
    single = PdfReader(out(sample, "en", f"events/{EVENT}", "pdf"))
    dests = {
        str(a.get_object().get("/Dest")) for page in single.pages for a in page.get("/Annots", [])
    }
    assert not {d for d in dests if d.startswith(("speakers-", "countries-"))}


def test_a_statement_is_printed_in_the_report_and_its_speakers_summary_not_a_third_time(
    sample: Path,
) -> None:
    """In the pack, a country's sheet names its delegation to the pack's event (each name a
    link to the speaker's summary) but leaves that event's statements to the report and
    the summaries; its single sheet prints them."""
    tree = lxml_html.parse(str(out(sample, "en", PACK, "html")))

    def said(node: Any) -> list[str]:
        """The quotes' words, and a mark for each reported statement (the report's names
        its speaker before the words, a summary's does not)."""
        words = [" ".join(q.find("p").text_content().split()) for q in node.xpath(".//blockquote")]
        return words + ["(reported)" for _ in node.xpath(".//div[@class='reported']")]

    by_kind: dict[str, list[str]] = {"events": [], "countries": [], "speakers": []}
    delegations = 0
    for part in tree.iterfind(".//section[@class]"):
        kind = part.get("class", "").split()
        if "pack-part" in kind:
            by_kind[kind[1]] += said(part)
            if kind[1] == "countries":
                for name in part.iterfind(".//ul[@class='delegation']//a"):
                    assert name.get("href", "").startswith("#speakers-")
                    delegations += 1
    assert delegations >= 5
    assert by_kind["countries"] == []
    assert by_kind["events"] and sorted(by_kind["events"]) == sorted(by_kind["speakers"])
    single = lxml_html.parse(str(out(sample, "en", "countries/KAZ", "html")))
    assert said(single.getroot())  # Mr. Kaliyev's words, on Kazakhstan's own sheet


def test_word_contents_updated_as_f9_does_lists_what_the_pdf_lists(sample: Path) -> None:
    """Each contents entry is a TC field where it points (``TOC \\f B``), not a heading
    style: updated by LibreOffice (as Word's F9 updates it), the report's and the pack's
    contents list the same entries as before, on the same pages, and not every heading of
    every part. A pack's group lines carry ``\\n`` (no page number), which Word honours
    and LibreOffice does not: their text is compared, not their number."""
    files = [out(sample, lang, t, "docx") for lang in ("en", "ar") for t in (PACK, REPORT)]
    run = subprocess.run(
        ["/usr/bin/python3", str(Path(__file__).parent / "lo_indexes.py"), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(run.stdout)
    assert sorted(found) == sorted(map(str, files))
    for name, contents in found.items():
        [cached], [updated] = contents["cached"], contents["updated"]
        before, after = cached.splitlines(), updated.splitlines()
        assert len(before) >= 10, (name, before)
        assert [line.split("\t")[0] for line in after] == [line.split("\t")[0] for line in before]
        numbered = [(b, a) for b, a in zip(before, after, strict=True) if "\t" in b]
        assert len(numbered) >= 10 and all(b == a for b, a in numbered), (name, numbered)
        if "/packs/" in name:
            groups = [b for b in before if "\t" not in b]
            assert len(groups) == 3, groups  # "Event report", "Country fact sheets", ...
            # Updated, a group line, a part and a report's section still look different
            # from one another (weight, indent): they are on three levels. (LibreOffice 7.4
            # puts a TC field of level n in its "Contents n+1"; Word in TOC n.)
            [looks] = contents["updated_looks"]
            kinds = {"group": groups[1], "part": after[len(before) - 1], "section": after[2]}
            look = {
                kind: next((w, indent) for text, _, w, _, indent, _ in looks if text == line)
                for kind, line in ((k, v.split("\t")[0]) for k, v in kinds.items())
            }
            assert len(set(look.values())) == 3, look
            assert look["group"][0] > look["part"][0] >= look["section"][0], look


def _tc_levels(docx_path: Path) -> dict[str, int]:
    """Each contents mark's text -> its level (``TC "text" ... \\l n``)."""
    instructions = "".join(
        str(t.text) for t in xml_part(docx_path, "word/document.xml").iter(q("w:instrText"))
    )
    return {
        text.replace("\u200f", "").replace("\u200e", ""): int(level)
        for text, level in re.findall(r'TC "((?:[^"\\]|\\.)*)" \\f B \\l (\d)', instructions)
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_packs_word_contents_keeps_its_look_when_word_makes_it_again(
    sample: Path, lang: str
) -> None:
    """F9 makes the contents again from its TC fields, each entry in its level's style (TOC
    1, 2, 3) and nothing of its own. A pack's group lines, parts and report sections are on
    levels 1, 2 and 3, each level's style has their look (the group lines' capitals and
    colour, the parts' weight, the sections' indent), and the entries as written have no
    look of their own beyond it: what F9 makes looks as what was there."""
    path = out(sample, lang, PACK, "docx")
    ids = {name.lower(): style_id for style_id, name in styles_by_id(path).items()}
    styles = {
        s.get(q("w:styleId")): s for s in xml_part(path, "word/styles.xml").iter(q("w:style"))
    }

    def run_props(level: int) -> set[str]:
        rpr = styles[ids[f"toc {level}"]].find(q("w:rPr"))
        return {etree_name(child.tag) for child in rpr} if rpr is not None else set()

    assert {"b", "caps", "color"} <= run_props(1)
    assert "b" in run_props(2) and "caps" not in run_props(2)
    assert not {"b", "caps"} & run_props(3)
    indent = styles[ids["toc 3"]].find(f"{q('w:pPr')}/{q('w:ind')}")
    assert indent is not None and int(indent.get(q("w:left")) or indent.get(q("w:start"))) > 0
    assert styles[ids["toc 2"]].find(f"{q('w:pPr')}/{q('w:ind')}") is None

    levels = _tc_levels(path)
    by_style = {ids["toc 1"]: 1, ids["toc 2"]: 2, ids["toc 3"]: 3}
    seen = {1: 0, 2: 0, 3: 0}
    for p in xml_part(path, "word/document.xml").iter(q("w:p")):
        style = p.find(f"{q('w:pPr')}/{q('w:pStyle')}")
        level = by_style.get(style.get(q("w:val")) if style is not None else None)
        if level is None:
            continue
        text = "".join(str(t.text) for t in p.iter(q("w:t"))).split("\t")[0]
        text = re.sub(r"\d+$", "", text.replace("\u200f", "").replace("\u200e", ""))
        assert levels.get(text) == level, (text, level)
        for rpr in p.iter(q("w:rPr")):
            own = {etree_name(child.tag) for child in rpr} - {"lang", "caps", "rtl", "rStyle"}
            assert not own & {"b", "color", "sz"}, (text, own)
        seen[level] += 1
    assert seen[1] == 3 and seen[2] >= 8 and seen[3] >= 5, seen


def etree_name(tag: str) -> str:
    return tag.split("}")[-1]


@pytest.fixture(scope="module")
def word(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Word packs (en, ar) converted by LibreOffice."""
    base = tmp_path_factory.mktemp("pack-lo")
    converted = {}
    for lang in ("en", "ar"):
        docx_path = out(sample, lang, PACK, "docx")
        pdfs = soffice_to_pdf([docx_path], base / lang, base / "profile")
        assert len(pdfs) == 1
        converted[lang] = pdfs[0]
    return converted


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_word_pack_has_the_pdfs_pages_and_its_contents_gives_libreoffices_pages(
    sample: Path, word: dict[str, Path], lang: str
) -> None:
    docx_path = out(sample, lang, PACK, "docx")
    converted = word[lang]
    assert page_count(converted) == page_count(out(sample, lang, PACK, "pdf"))
    entries = contents_entries(docx_path)  # the pack's contents, the only one
    groups = [entry for entry in entries if entry[1] is None]
    assert len(groups) == 3  # "Event report", "Country fact sheets", "Speaker summaries"
    tree = lxml_html.parse(str(out(sample, lang, PACK, "html")))
    links = [a.get("href")[1:] for a in tree.iterfind(".//nav[@class='toc pack-toc']//a")]
    pack_entries = [entry for entry in entries if entry[1] is not None]
    assert len(pack_entries) == len(links)
    pdf_pages = pdf_page_numbers(sample, lang)
    # every entry gives the page the PDF gives (the contents of the PDF is checked above)
    assert [page for _, page in pack_entries] == [pdf_pages[anchor] for anchor in links]
    # and LibreOffice puts each section's heading on that page (a section is a heading in
    # LibreOffice's outline; a part's title is in the Title style, which is not)
    parts = {t.replace("/", "-", 1) for t in part_targets(sample, lang)}
    sections = [
        entry for entry, anchor in zip(pack_entries, links, strict=True) if anchor not in parts
    ]
    assert heading_pages(sections, outline_pages(converted)) == sections
    # a part begins on the page its entry gives: its title is there
    pages = [plain(BIDI.sub("", text)) for text in pages_text(converted)]
    for (title, page), anchor in zip(pack_entries, links, strict=True):
        if anchor in parts:
            assert plain(title) in pages[page - 1], (title, page)


def pdf_page_numbers(sample: Path, lang: str) -> dict[str, int]:
    """Every named destination of the pack's PDF (its element ids) -> its page."""
    reader = PdfReader(out(sample, lang, PACK, "pdf"))
    return {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def test_word_pack_has_a_section_per_part_with_its_running_header(
    sample: Path, word: dict[str, Path]
) -> None:
    import docx

    document = docx.Document(str(out(sample, "en", PACK, "docx")))
    own = [title for title in running_titles(sample, "en") if title is not None]
    sections = document.sections
    assert len(sections) == 1 + len(own)  # the speakers' summaries share one
    headers = [
        " ".join(
            "".join(
                t.text
                for t in s.header._element.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
                )
            ).split()
        )
        for s in sections
    ]
    assert headers[0] == "Briefing packUNODC Briefings"  # the title, a tab, the office
    assert headers[1:] == [f"{title}UNODC Briefings" for title in own]
    # LibreOffice shows each part's header on its pages, and numbers run through
    pages = pages_text(word["en"])
    total = len(pages)
    starts = [page for _, page, _ in outline(out(sample, "en", PACK, "pdf"))[1:]]
    expected = ["Briefing pack", *header_titles(sample, "en")]  # by the pages each holds
    for n, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if n == 1:  # the pack's cover
            assert not lines[-1].startswith("Page ")
            continue
        assert lines[-1] == f"Page {n} of {total}", (n, lines[-1])
        title = expected[sum(1 for start in starts if start <= n)]
        assert lines[0].startswith(f"{title.upper()} "), (n, lines[0])


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("group", ["countries", "speakers"])
def test_word_pack_sets_apart_a_sheet_or_summary_that_follows_another_on_its_page(
    sample: Path, lang: str, group: str
) -> None:
    """Each country's or speaker's name (a Title paragraph) has the rule of its header
    above it, as the PDF draws it (at the top of a page too); after the group's first, it
    begins a page where the PDF's does, or has space before it."""
    document = xml_part(out(sample, lang, PACK, "docx"), "word/document.xml")
    names = styles_by_id(out(sample, lang, PACK, "docx"))
    titles = [
        p
        for p in document.iter(q("w:p"))
        for style in p.iterfind("w:pPr/w:pStyle", NS)
        if names.get(style.get(q("w:val"))) == "Title"
    ]
    kind = kinds(part_targets(sample, lang))
    named = titles[-len(kind) :]  # the parts' titles, in their order (the report's first)
    named = [p for p, k in zip(named, kind, strict=True) if k == group]
    assert len(named) >= 2
    assert all(p.find("w:pPr/w:pBdr/w:top", NS) is not None for p in named)
    apart = 0
    for p in named[1:]:  # the first begins its section's page
        if p.find("w:pPr/w:pageBreakBefore", NS) is None:  # not at the top of a page
            assert int(p.find("w:pPr/w:spacing", NS).get(q("w:before"))) > 0
            apart += 1
    assert apart >= 1


@needs_validator
def test_word_pack_passes_the_open_xml_sdk_validator(sample: Path) -> None:
    assert invalid(out(sample, lang, PACK, "docx") for lang in ("en", "ar")) == {}


def test_every_language_and_format(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    config = yaml.safe_load((root / "briefgen.yaml").read_text("utf-8"))
    langs = ["en", "fr", "es", "ru", "ar", "zh"]
    config.update(languages=langs, formats=["pdf", "docx", "html"])
    (root / "briefgen.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    run = briefgen("build", "packs", cwd=root)
    assert run.code == 0, run.output
    built = sorted(
        p.relative_to(root / "build").as_posix()
        for p in (root / "build").rglob("*.*")
        if p.parent.name == "packs"
    )
    assert built == sorted(
        f"{lang}/packs/{EVENT}.{fmt}" for lang in langs for fmt in ("docx", "html", "pdf")
    )
    from briefgen.content.catalogs import translations

    for lang in langs:
        pdf = out(root, lang, PACK, "pdf")
        total = page_count(pdf)
        label = translations(lang, root).gettext("Briefing pack")
        assert label and (lang == "en" or label != "Briefing pack")
        html = out(root, lang, PACK, "html").read_text("utf-8")
        assert f'<p class="cover-kind">{label}</p>' in html
        for english in ("Country fact sheets", "Speaker summaries"):  # each group's pages
            group = translations(lang, root).gettext(english)
            assert group and (lang == "en" or group != english)
            assert html.count(f'<p class="running-title">{group}</p>') == 1
        if lang not in ("ar",):  # pdftotext reads Arabic in drawing order
            page_label = translations(lang, root).gettext("Page {page} of {pages}")
            last = plain(pages_text(pdf)[-1])
            assert last.endswith(plain(page_label.format(page=total, pages=total))), last[-60:]


def test_incremental_a_speakers_field_rebuilds_the_pack_and_a_pack_builds_alone(
    tmp_path: Path,
) -> None:
    root = copy_sample(tmp_path / "sample")
    run = briefgen("build", PACK, "-l", "en", "-f", "pdf", cwd=root)
    assert run.code == 0, run.output
    made = sorted(p.relative_to(root / "build").as_posix() for p in (root / "build").rglob("*.pdf"))
    assert made == [f"en/packs/{EVENT}.pdf"]  # the pack alone, not its parts
    again = briefgen("build", "packs", "-l", "en", "-f", "pdf", cwd=root)
    assert "built 0, up to date 1, failed 0" in again.output
    speaker = root / "content/speakers/mairo-abbas.yaml"
    text = speaker.read_text("utf-8")
    data = yaml.safe_load(text)
    position = data["position"] if isinstance(data["position"], str) else data["position"]["en"]
    speaker.write_text(text.replace(position, "Head of the Briefing Pack Unit"), "utf-8")
    rebuilt = briefgen("build", "packs", "-l", "en", "-f", "pdf", cwd=root)
    assert rebuilt.code == 0, rebuilt.output
    assert "built 1, up to date 0, failed 0" in rebuilt.output
    assert "Head of the Briefing Pack Unit" in plain(
        "".join(pages_text(out(root, "en", PACK, "pdf")))
    )
    explained = briefgen("explain", PACK, "-l", "en", "-f", "pdf", cwd=root)
    assert explained.code == 0, explained.output
    assert "speakers/mairo-abbas" in explained.output


def test_documents_setting_chooses_the_kinds_and_names_an_unknown_one(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    config = (root / "briefgen.yaml").read_text("utf-8")
    (root / "briefgen.yaml").write_text(config + "documents:\n  - packs\n", "utf-8")
    run = briefgen("build", "-l", "en", "-f", "html", cwd=root)
    assert run.code == 0, run.output
    made = [p.relative_to(root / "build").as_posix() for p in (root / "build").rglob("*.html")]
    assert made == [f"en/packs/{EVENT}.html"]
    line = len(config.splitlines()) + 3
    (root / "briefgen.yaml").write_text(config + "documents:\n  - packs\n  - pax\n", "utf-8")
    check = briefgen("check", cwd=root)
    assert check.code == 1
    assert (
        f'briefgen.yaml:{line}:5: error: "documents" must be one of events, countries, '
        f'speakers, packs; not "pax"'
    ) in check.output
    (root / "briefgen.yaml").write_text(config + "documents: []\n", "utf-8")
    run = briefgen("build", "-l", "en", "-f", "html", cwd=root)
    assert run.code == 0, run.output
    made = sorted(p.parent.name for p in (root / "build" / "en").rglob("*.html"))
    assert sorted(set(made)) == ["countries", "events", "packs", "speakers"]  # the default


def test_a_project_overrides_pack_html_and_content_stays_data(tmp_path: Path) -> None:
    from buildtools import write

    root = write(
        tmp_path / "p",
        {
            "briefgen.yaml": "formats: [html]\n",
            "content/events/forum.yaml": (
                "title: Forum\nstart: 2021-03-10\nvenue: {country: JPN}\n"
                "sessions:\n  - {id: one, title: One, speakers: [ana]}\n"
            ),
            "content/speakers/ana.yaml": "name: <b>Ana</b> {{ 7*7 }}\nposition: Analyst\n",
            # text straight in the body, as a project's template may print it
            "templates/speaker.html": (
                '{% extends "!builtin/speaker.html" %}{% block body %}'
                "{{ subject.name | t }}{{ super() }}{% endblock %}"
            ),
            "templates/pack.html": (
                '{% extends "!builtin/pack.html" %}{% block pack_cover %}'
                '<section class="cover"><h1>Our pack: {{ subject.title | t }}'
                "</h1></section>{% endblock %}"
            ),
        },
    )
    run = briefgen("build", "packs", cwd=root)
    assert run.code == 0, run.output
    html = out(root, "en", "packs/forum", "html").read_text("utf-8")
    assert "<h1>Our pack: Forum</h1>" in html
    assert html.count("&lt;b&gt;Ana&lt;/b&gt; {{ 7*7 }}") >= 2  # the speaker's part, twice
    assert "<b>Ana</b>" not in html and "Ana&lt;/b&gt; 49" not in html
    tree = lxml_html.fromstring(html)
    assert [
        s.get("id") for s in tree.iterfind(".//section") if "pack-part" in s.get("class", "")
    ] == ["events-forum", "countries-JPN", "speakers-ana"]
    # the speaker's name in the report's session links to their part
    assert tree.xpath(".//section[@id='events-forum--session-one']//a[@href='#speakers-ana']")
