"""Names in each language's alphabetical order (ICU's collation of CLDR), in a built report.

A naive sort puts capitals before small letters and accented letters after "z"; the
Spanish alphabet has Ñ after N; Chinese readers look names up by pinyin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.content.collation import collation_key
from conftest import make_project
from docx_helpers import build_project

NAMES = ["Zoe Zamora", "Eva Eriksen", "Émile Émond", "Ana Alba", "Pilar Ñandú", "Luis Nuñez"]
SORT_NAMES = ["Zoe", "Eva", "Émile", "ana", "Ñandú", "Nuñez"]
"""Code-point order: Eva, Nuñez, Zoe, ana, Émile, Ñandú."""


def test_collation_by_language() -> None:
    names = ["Zoe", "Eva", "Émile", "emile", "Ñandú", "Nuñez", "Nadal", "Oliva", "Ängström"]
    assert sorted(names) == [
        "Eva",
        "Nadal",
        "Nuñez",
        "Oliva",
        "Zoe",
        "emile",
        "Ängström",
        "Émile",
        "Ñandú",
    ]  # code points: what the collation is for
    assert sorted(names, key=collation_key("en")) == [
        "Ängström",
        "emile",
        "Émile",
        "Eva",
        "Nadal",
        "Ñandú",
        "Nuñez",
        "Oliva",
        "Zoe",
    ]
    assert sorted(names, key=collation_key("es")) == [
        "Ängström",
        "emile",
        "Émile",
        "Eva",
        "Nadal",
        "Nuñez",
        "Ñandú",  # ñ is a letter of its own, after n
        "Oliva",
        "Zoe",
    ]
    chinese = ["王伟", "李明", "张三", "安娜"]  # wáng, lǐ, zhāng, ān
    assert sorted(chinese, key=collation_key("zh")) == ["安娜", "李明", "王伟", "张三"]
    russian = ["Юрий", "Ёлкин", "Жуков", "Елена", "Андрей"]
    assert sorted(russian, key=collation_key("ru")) == ["Андрей", "Елена", "Ёлкин", "Жуков", "Юрий"]
    assert sorted(["Zoe", "Émile"], key=collation_key("")) == ["Émile", "Zoe"]  # root order


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "briefgen.yaml": "title: Briefings\nlanguages: [en, es]\nformats: [html]\n",
        "content/events/forum.yaml": (
            "title: {en: Forum, es: Foro}\nstart: 2021-03-10\n"
            "sessions:\n  - id: one\n    title: {en: One, es: Uno}\n"
            f"    speakers: [{', '.join(f's{i}' for i in range(len(NAMES)))}]\n"
        ),
    }
    for index, (name, sort_name) in enumerate(zip(NAMES, SORT_NAMES, strict=True)):
        files[f"content/speakers/s{index}.yaml"] = (
            f"name: {name}\nsort_name: {sort_name}\nposition: {{en: Delegate, es: Delegado}}\n"
        )
    root = make_project(tmp_path_factory.mktemp("collation"), files)
    built = build_project(root, "html", targets=("events/forum",))
    assert built.code == 0, built.output
    return root


def _listed(root: Path, lang: str) -> list[str]:
    """The names in the report's list of speakers (its last table), in document order."""
    html = (root / f"build/{lang}/events/forum.html").read_text(encoding="utf-8")
    table = html.rsplit("<table", 1)[1]
    found = [name for name in NAMES if name in table]
    return sorted(found, key=table.index)


def test_list_of_speakers_in_english_order(project: Path) -> None:
    assert _listed(project, "en") == [
        "Ana Alba",
        "Émile Émond",
        "Eva Eriksen",
        "Pilar Ñandú",
        "Luis Nuñez",
        "Zoe Zamora",
    ]


def test_list_of_speakers_in_spanish_order(project: Path) -> None:
    assert _listed(project, "es") == [
        "Ana Alba",
        "Émile Émond",
        "Eva Eriksen",
        "Luis Nuñez",
        "Pilar Ñandú",
        "Zoe Zamora",
    ]
