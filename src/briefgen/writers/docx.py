"""The DOCX writer (placeholder until the DOCX writer lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.diagnostics import BriefgenError, Diagnostic

if TYPE_CHECKING:
    from briefgen.project import Project
    from briefgen.render import RenderedDocument


def write_docx(
    doc: RenderedDocument, project: Project, *, page_numbers: dict[str, int] | None = None
) -> tuple[bytes, list[Diagnostic]]:
    raise BriefgenError([Diagnostic("error", "the DOCX writer is not available yet", "docx")])
