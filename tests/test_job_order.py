"""With several workers, the longest documents start first: by pages last time, or by kind."""

from __future__ import annotations

from pathlib import Path

from briefgen.content.project import load_project
from briefgen.engine.plan import BuildOptions, make_plan
from briefgen.engine.run import jobs, longest_first
from buildtools import briefgen, copy_sample

PACK = "packs/kyoto-2021-roadmap-children"
REPORT = "events/kyoto-2021-roadmap-children"


def order(root: Path) -> list[tuple[str, int]]:
    project = load_project(root)
    plan = make_plan(project, BuildOptions(languages=("en",), formats=("pdf",), force=True))
    return [(job.ref.target, job.expected_pages) for job in longest_first(jobs(plan))]


def test_before_the_first_build_the_kinds_decide(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    planned = order(root)
    assert planned[0] == (PACK, 40)  # nothing built: a pack is guessed the longest
    assert planned[1] == (REPORT, 8)
    kinds = [target.split("/")[0] for target, _ in planned]
    assert kinds == ["packs", "events"] + ["countries"] * 6 + ["speakers"] * 8
    # Among equals, the plan's order is kept.
    plain = [
        job.ref.target
        for job in jobs(
            make_plan(
                load_project(root), BuildOptions(languages=("en",), formats=("pdf",), force=True)
            )
        )
    ]
    countries = [t for t in plain if t.startswith("countries/")]
    assert [t for t, _ in planned if t.startswith("countries/")] == countries


def test_after_a_build_the_pages_each_document_had_decide(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    built = briefgen("build", "--lang", "en", "-f", "pdf", "-j", "2", cwd=root)
    assert built.code == 0, built.output
    planned = order(root)
    pages = dict(planned)
    # the pack: its parts' pages as recorded (20 in English), not the guess for a pack (40)
    assert planned[0][0] == PACK and 15 < pages[PACK] < 40
    assert planned[1][0] == REPORT and 4 < pages[REPORT] < pages[PACK]
    assert [p for _, p in planned] == sorted((p for _, p in planned), reverse=True)
    # Every other document had a page or two: the recorded pages, not the guesses.
    assert {p for t, p in planned if t not in (PACK, REPORT)} <= {1, 2}
