"""Pseudo-elements' computed styles made when the layout asks for them, not for every element.

WeasyPrint 70's cascade (``weasyprint.css.StyleFor``) makes a computed style for every
pseudo-element that has cascaded declarations, up front. Its own user-agent stylesheet
gives six pseudo-elements to *every* element (``::marker``, ``::footnote-call``,
``::footnote-marker``, ``::note-call``, ``::note-marker``, ``::note-callback``), so a
document of N elements gets 6 N computed styles, each an object with its own cache,
while the layout asks only for the few it uses (a list item's marker, a footnote's call).
On a 175-page briefing pack (about 8,600 elements) that is over 50,000 styles: about
a tenth of the pack's CPU time and some 35 MB.

:class:`DeferredPseudoStyles` keeps each such pseudo-element's cascaded declarations
and makes its computed style on the first ``style_for(element, pseudo_type)``, exactly
as the cascade would have made it (same parent, root and base URL; a computed style
computes its values lazily anyway, so when it is made changes none of them). Identical
cascaded declarations (those of the user-agent rules, the same for every element) are
kept once. Made up front as before: a pseudo-element whose declarations give an
``anchor``, which the cascade registers for ``target-counter()`` when it makes the style,
and the pseudo-elements of pages (margin boxes), which the page layout makes itself.

Used by :func:`deferred_pseudo_styles` around WeasyPrint's cascade only; with a
WeasyPrint other than 70 nothing is changed. tests/test_pseudo_styles.py compares
PDFs with and without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.css as weasyprint_css
from weasyprint.css import StyleFor

SUPPORTED = weasyprint.__version__.split(".")[0] == "70"
"""The WeasyPrint whose cascade this was written against (``StyleFor``'s attributes and
methods as they are in 70)."""


class DeferredPseudoStyles(StyleFor):  # type: ignore[misc]
    """WeasyPrint's cascade, with element pseudo-elements' styles made on demand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._deferred: dict[tuple[Any, str], tuple[dict[str, Any], Any, Any, Any]] = {}
        self._shared_cascades: dict[tuple[Any, ...], dict[str, Any]] = {}
        super().__init__(*args, **kwargs)

    def set_computed_styles(
        self,
        element: Any,
        parent: Any,
        root: Any = None,
        pseudo_type: str | None = None,
        base_url: str | None = None,
        target_collector: Any = None,
    ) -> None:
        if pseudo_type is not None and isinstance(getattr(element, "tag", None), str):
            cascaded = self._cascaded_styles.get((element, pseudo_type), {})
            if "anchor" not in cascaded:
                # The values are the stylesheet's own objects: equal identities, equal rules.
                key = tuple((name, id(value), weight) for name, (value, weight) in cascaded.items())
                cascaded = self._shared_cascades.setdefault(key, cascaded)
                self._deferred[element, pseudo_type] = (cascaded, parent, root, base_url)
                return
        super().set_computed_styles(element, parent, root, pseudo_type, base_url, target_collector)

    def __call__(self, element: Any, pseudo_type: str | None = None) -> Any:
        if pseudo_type is not None:
            deferred = self._deferred.pop((element, pseudo_type), None)
            if deferred is not None:
                cascaded, parent, root, base_url = deferred
                # The cascade reads the declarations from its table, emptied after the
                # cascade: they are put back for this one style.
                self._cascaded_styles[element, pseudo_type] = cascaded
                try:
                    super().set_computed_styles(element, parent, root, pseudo_type, base_url)
                finally:
                    del self._cascaded_styles[element, pseudo_type]
        return super().__call__(element, pseudo_type)


CASCADE: type[DeferredPseudoStyles] = DeferredPseudoStyles
"""The cascade :func:`deferred_pseudo_styles` puts in WeasyPrint's place: this one, or one
made from it (writers/cascade_cache.py installs its own)."""


@contextmanager
def deferred_pseudo_styles() -> Iterator[None]:
    """WeasyPrint's cascades made within use :data:`CASCADE` (the styles they make keep
    using it afterwards). One layout at a time per process, as in a worker."""
    if not SUPPORTED:
        yield
        return
    original = weasyprint_css.StyleFor
    weasyprint_css.StyleFor = CASCADE
    try:
        yield
    finally:
        weasyprint_css.StyleFor = original
