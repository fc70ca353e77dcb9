"""An element's cascaded declarations folded once per set of matching rules, not per element.

WeasyPrint 70's cascade (``weasyprint.css.StyleFor.__init__``) matches every element
against each stylesheet, then walks every declaration of every matching rule, computing
its precedence and weight and keeping the heaviest per property, for the element and each
of its pseudo-elements. The result depends only on which rules matched (and on the
element's own ``style``, ``lang`` and ``id`` declarations, which come first): elements
matched by the same rules get the same declarations. A country sheet has about 115
elements but 47 distinct sets of matching rules, and its documents share them; py-spy put
the walk at about 3 % of a sheet's CPU.

:class:`CachedCascade` is WeasyPrint's cascade with that walk made once per set of
matching rules (keyed by each stylesheet's own rule numbers) and kept for the next
elements and documents laid out with the same stylesheets (which it holds, so that the
identities it keys by stay theirs). An element's own declarations are put first, then the
kept result merged as the walk would have left it: a kept declaration replaces the
element's own unless the element's is heavier. Everything else is WeasyPrint's, in its
order: the matching, the keys of the cascaded styles and their order, the computed styles
and their sharing, the pseudo-elements (made on demand by :class:`DeferredPseudoStyles`).

Installed by :func:`install` (writers/layout.py calls it once, at import) only with the
WeasyPrint these lines follow (:data:`PINNED`); tests/test_cascade_cache.py compares PDFs
written both ways byte for byte.
"""

from __future__ import annotations

from math import inf
from typing import Any

import weasyprint
from weasyprint.css import declaration_precedence, find_style_attributes
from weasyprint.css.validation import preprocess_declarations
from weasyprint.logger import PROGRESS_LOGGER

from briefgen.writers import pseudo_styles
from briefgen.writers.pseudo_styles import DeferredPseudoStyles

PINNED = "70.0"
"""The WeasyPrint version whose ``StyleFor.__init__`` this follows, line by line."""

_KEPT_SHEET_SETS = 8
_KEPT_PER_SET = 5000

Folded = tuple[tuple[Any, ...], dict[Any, dict[str, Any]], tuple[Any, ...]]
"""Pseudo-element types in the order the walk first met them, each one's declarations
(property -> (values, weight)), and the rules' keys WeasyPrint shares computed styles by."""

_kept: dict[tuple[Any, ...], tuple[list[Any], dict[tuple[Any, ...], Folded]]] = {}
"""Stylesheets (identity, origin, specificity) -> (the stylesheets, held; rule numbers
matched -> what the walk made of them)."""


def _kept_for(sheets: list[Any]) -> dict[tuple[Any, ...], Folded]:
    key = tuple((id(sheet), origin, specificity) for sheet, origin, specificity in sheets)
    found = _kept.get(key)
    if found is None:
        if len(_kept) >= _KEPT_SHEET_SETS:
            _kept.clear()
        found = _kept[key] = ([sheet for sheet, _, _ in sheets], {})
    if len(found[1]) >= _KEPT_PER_SET:
        found[1].clear()
    return found[1]


def _fold(sheets: list[Any], matches: list[list[Any]]) -> Folded:
    """WeasyPrint's walk over the matching rules' declarations, on empty styles."""
    styles: dict[Any, dict[str, Any]] = {}
    order: list[Any] = []
    selectors_keys = []
    for (sheet, origin, sheet_specificity), found in zip(sheets, matches, strict=True):
        for specificity, _, pseudo_type, (declarations, layer) in found:
            layer_order = inf if layer is None else sheet.layers.index(layer)
            selectors_keys.append((sheet, specificity, id(declarations), layer_order))
            specificity = sheet_specificity or specificity
            style = styles.get(pseudo_type)
            if style is None:
                style = styles[pseudo_type] = {}
                order.append(pseudo_type)
            for name, values, importance in declarations:
                precedence = declaration_precedence(origin, importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight
    return tuple(order), styles, tuple(selectors_keys)


class CachedCascade(DeferredPseudoStyles):
    """WeasyPrint's cascade, each set of matching rules' declarations walked once."""

    def __init__(
        self,
        html: Any,
        sheets: list[Any],
        presentational_hints: bool,
        font_config: Any,
        target_collector: Any,
    ) -> None:
        # DeferredPseudoStyles' own state, then StyleFor.__init__ of WeasyPrint 70.
        self._deferred = {}
        self._shared_cascades = {}
        cascaded_styles: dict[tuple[Any, Any], dict[str, Any]] = {}
        computed_styles: dict[tuple[Any, Any], Any] = {}
        self._cascaded_styles = cascaded_styles
        self._computed_styles = computed_styles
        self.initial_page_sizes = {"box": None, "area": None}
        self._sheets = sheets
        self.font_config = font_config

        PROGRESS_LOGGER.info("Step 3 - Applying CSS")
        layer_order = inf
        elements_declarations: dict[Any, tuple[Any, ...]] = {}
        for specificity, element, declarations, base_url in find_style_attributes(
            html.etree_element, presentational_hints, html.base_url
        ):
            style = cascaded_styles.setdefault((element, None), {})
            elements_declarations[element] = tuple(declarations)
            for name, values, importance in preprocess_declarations(base_url, declarations):
                precedence = declaration_precedence("author", importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight

        kept = _kept_for(sheets)
        computed_cache: dict[tuple[Any, ...], Any] = {}
        for element in html.wrapper_element.iter_subtree():
            etree_element = element.etree_element
            parent = element.parent.etree_element if element.parent else None
            parent_id = id(computed_styles[parent, None]) if element.parent else None
            element_declarations = elements_declarations.get(etree_element)
            matches = [sheet.matcher.match(element) for sheet, _, _ in sheets]
            rules = tuple(tuple(match[1] for match in found) for found in matches)
            folded = kept.get(rules)
            if folded is None:
                folded = kept[rules] = _fold(sheets, matches)
            pseudo_types, styles, selectors_keys = folded
            for pseudo_type in pseudo_types:
                own = cascaded_styles.get((etree_element, pseudo_type))
                if own is None:
                    # Shared with the other elements of these rules: nothing writes to a
                    # cascaded style once the cascade has made it.
                    cascaded_styles[etree_element, pseudo_type] = styles[pseudo_type]
                    continue
                for name, (values, weight) in styles[pseudo_type].items():
                    old_weight = own.get(name, (None, None))[1]
                    if old_weight is None or old_weight <= weight:
                        own[name] = values, weight

            key = (parent_id, element_declarations, selectors_keys)
            if key in computed_cache:
                computed_styles[etree_element, None] = computed_cache[key]
            else:
                self.set_computed_styles(
                    etree_element,
                    root=html.etree_element,
                    parent=parent,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
                computed_cache[key] = computed_styles[etree_element, None]

        for element, pseudo_type in cascaded_styles:
            if pseudo_type:
                self.set_computed_styles(
                    element,
                    pseudo_type=pseudo_type,
                    root=html.etree_element,
                    parent=element,
                    base_url=html.base_url,
                    target_collector=target_collector,
                )
        self._cascaded_styles.clear()


def installed() -> bool:
    """Whether the cascade laid-out documents use is :class:`CachedCascade`."""
    return pseudo_styles.CASCADE is CachedCascade


def install() -> bool:
    """Put the patch in place, if the WeasyPrint imported is :data:`PINNED`; whether it is."""
    if weasyprint.__version__ != PINNED or not pseudo_styles.SUPPORTED:
        return False
    pseudo_styles.CASCADE = CachedCascade
    return True


def uninstall() -> None:
    """WeasyPrint's own walk back (the tests compare the two); what was kept is dropped."""
    pseudo_styles.CASCADE = DeferredPseudoStyles
    _kept.clear()
