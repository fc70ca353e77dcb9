"""Work WeasyPrint 70 repeats with identical results, done once per worker instead.

Each patch here replaces a WeasyPrint function by one that calls Pango (or computes)
exactly what the original does, in the same order where the order matters, and keeps
what the original would make again with the same inputs. They are installed by
:func:`install` (writers/layout.py calls it once, at import) only when the WeasyPrint
imported is the version they were written against (:data:`PINNED`): any other version
is left alone, since what it does in these functions may differ.

Pango's text layout (``weasyprint.text.line_break.Layout.setup``)
    WeasyPrint makes a ``Layout`` (a ``PangoLayout`` and what it needs) for every
    attempt at splitting a line of text, for every justified text box, and again for
    every text box it draws: ``draw_text`` calls ``Layout.reactivate``, which runs
    ``setup`` again because the layout was dropped (``deactivate``) after the line was
    split. Each ``setup`` makes a new ``PangoContext`` (font map, base direction,
    language, unrounded glyph positions), a new ``PangoFontDescription`` from the
    style's font properties, a ``PangoLayout`` on that context and, when the text is
    decorated, asks the context for the font's metrics. See :func:`_setup`.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from weasyprint.text import line_break
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango
from weasyprint.text.fonts import FontConfiguration, font_features, get_font_description

PINNED = "70.0"
"""The WeasyPrint version these patches were written against, line by line."""

_ORIGINAL_SETUP = line_break.Layout.setup
_ORIGINAL_ADD_FONT_FACE = FontConfiguration.add_font_face
_KEPT = 512
"""At most this many font descriptions (or metrics) kept per font configuration; more
(a document with very many font sizes) and the table is emptied and starts again."""


class _Kept:
    """What :func:`_setup` keeps for one font configuration (one Pango font map), on it.

    ``contexts``: (direction, language bytes or None) -> (PangoContext, PangoLanguage);
    ``descriptions``: font properties -> PangoFontDescription;
    ``metrics``: (direction, language, font properties) -> the five metrics ``setup``
    reads, emptied whenever a font face is added to the font map (:func:`_add_font_face`).
    """

    def __init__(self) -> None:
        self.contexts: dict[tuple[str, bytes | None], tuple[Any, Any]] = {}
        self.descriptions: dict[tuple[Any, ...], Any] = {}
        self.metrics: dict[tuple[Any, ...], tuple[float, float, float, float, float]] = {}


def _kept(font_config: Any) -> _Kept:
    kept = font_config.__dict__.get("_briefgen_kept")
    if not isinstance(kept, _Kept):
        kept = font_config._briefgen_kept = _Kept()
    return kept


def _language(style: Any) -> bytes | None:
    """The language ``setup`` gives the context, as the bytes it passes to Pango, or None
    for Pango's default language (then ``setup`` sets none)."""
    override = style["font_language_override"]
    if override != "normal":
        text = LST_TO_ISO.get(override.lower(), override)
    elif style["lang"]:
        text = style["lang"]
    else:
        return None
    return str(text).encode().replace(b"\x00", b"")


def _setup(self: Any, style: Any) -> None:
    """``Layout.setup`` with the context, font description and metrics kept.

    What WeasyPrint 70 does, for each call: ``pango_font_map_create_context`` on the
    style's font map, ``set_round_glyph_positions(False)``, ``set_base_dir`` from
    ``direction``, ``set_language`` from ``font-language-override`` or ``lang`` (none:
    Pango's default); ``get_font_description(style)``; ``pango_layout_new`` on that
    context, ``set_auto_dir(False)``, ``set_font_description``; with a text decoration,
    ``pango_context_get_metrics`` for the ascent, underline and strike-through; the
    font features as an attribute list.

    Here the context is made once per (font map, direction, language) and shared by the
    layouts made with those settings, as a toolkit shares one context among its layouts:
    it is never changed after it is made (nothing in WeasyPrint sets anything on a
    layout's context), a layout reads its settings each time it lays text out, and a
    context follows changes of its font map itself (Pango compares the font map's
    serial). The font description is made once per set of the properties
    ``get_font_description`` reads (the layout keeps its own copy of it:
    ``pango_layout_set_font_description`` copies). The metrics are asked once per
    context and font description, and asked again after a font face was added to the
    font map (which can change the font chosen). The ``PangoLayout`` itself is new for
    every call, as before, and so is everything set on it.
    """
    language_bytes = _language(style)
    if language_bytes == b"":  # WeasyPrint would then set no language at all: its own way
        _ORIGINAL_SETUP(self, style)
        return
    font_config = style.font_config
    kept = _kept(font_config)
    direction = style["direction"]
    context_key = (direction, language_bytes)
    made = kept.contexts.get(context_key)
    if made is None:
        context = ffi.gc(
            pango.pango_font_map_create_context(font_config.font_map), gobject.g_object_unref
        )
        pango.pango_context_set_round_glyph_positions(context, False)
        pango.pango_context_set_base_dir(context, PANGO_DIRECTION[direction])
        if language_bytes is None:
            language = pango.pango_language_get_default()
        else:
            language = pango.pango_language_from_string(ffi.new("char[]", language_bytes))
            pango.pango_context_set_language(context, language)
        made = kept.contexts[context_key] = (context, language)
    context, language = made
    self.style = style
    self.first_line_direction = 0
    self.language = language

    assert not isinstance(style["font_family"], str), "font_family should be a list"
    variations = style["font_variation_settings"]
    font_key = (
        tuple(style["font_family"]),
        style["font_style"],
        style["font_stretch"],
        style["font_weight"],
        style["font_size"],
        style["font_variant_caps"],
        variations if variations == "normal" else tuple(tuple(pair) for pair in variations),
    )
    font_description = kept.descriptions.get(font_key)
    if font_description is None:
        if len(kept.descriptions) >= _KEPT:
            kept.descriptions.clear()
        font_description = kept.descriptions[font_key] = get_font_description(style)
    self.layout = ffi.gc(pango.pango_layout_new(context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, font_description)

    if style["text_decoration_line"] != "none":
        metrics_key = (context_key, font_key)
        values = kept.metrics.get(metrics_key)
        if values is None:
            metrics = ffi.gc(
                pango.pango_context_get_metrics(context, font_description, language),
                pango.pango_font_metrics_unref,
            )
            values = (
                FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_underline_position(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_strikethrough_position(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_underline_thickness(metrics),
                FROM_UNITS * pango.pango_font_metrics_get_strikethrough_thickness(metrics),
            )
            if len(kept.metrics) >= _KEPT:
                kept.metrics.clear()
            kept.metrics[metrics_key] = values
        (
            self.ascent,
            self.underline_position,
            self.strikethrough_position,
            self.underline_thickness,
            self.strikethrough_thickness,
        ) = values
    else:
        self.ascent = None
        self.underline_position = None
        self.strikethrough_position = None

    features = font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    if features:
        encoded = ",".join(f"{key} {value}" for key, value in features.items()).encode()
        attr = font_config.font_features.setdefault(
            encoded, pango.pango_attr_font_features_new(encoded)
        )
        attr_list = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)


def _add_font_face(self: Any, rule_descriptors: Any, url_fetcher: Any) -> Any:
    """``FontConfiguration.add_font_face``, after which the kept metrics are dropped: the
    font map has a new font, which may be the one a font description now chooses."""
    try:
        return _ORIGINAL_ADD_FONT_FACE(self, rule_descriptors, url_fetcher)
    finally:
        kept = self.__dict__.get("_briefgen_kept")
        if kept is not None:
            kept.metrics.clear()


def installed() -> bool:
    """Whether the patches are in place in the WeasyPrint imported."""
    return line_break.Layout.setup is _setup


def install() -> bool:
    """Put the patches in place, if the WeasyPrint imported is :data:`PINNED`; whether
    they are in place."""
    if weasyprint.__version__ != PINNED:
        return False
    line_break.Layout.setup = _setup
    FontConfiguration.add_font_face = _add_font_face
    return True


def uninstall() -> None:
    """WeasyPrint's own functions back (the tests compare the two)."""
    line_break.Layout.setup = _ORIGINAL_SETUP
    FontConfiguration.add_font_face = _ORIGINAL_ADD_FONT_FACE
