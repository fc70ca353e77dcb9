"""Render a document to semantic HTML: the one content pipeline both writers consume.

Templates receive the content graph and the document's subject, plus filters
for localized text, Markdown, dates and numbers. Content values are only ever
passed as data: autoescaping is on and nothing from YAML is compiled.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from briefgen import __version__
from briefgen.content import catalogs
from briefgen.content.collation import collation_key
from briefgen.content.documents import TEMPLATE_OF, DocumentRef
from briefgen.content.models import Organisation, Speaker
from briefgen.content.project import Project
from briefgen.content.values import Number, Text
from briefgen.diagnostics import BriefgenError, Diagnostic, Location
from briefgen.render import charts, columns, credit, i18n, latin_parts, spacing
from briefgen.render import markdown as md
from briefgen.render.compiled_templates import CompiledTemplates
from briefgen.render.pack import PackPart, render_pack
from briefgen.render.rendered import RenderedDocument
from briefgen.render.templates import make_environment, template_location, traceback_location


def source_date(project: Project, dates: list[dt.date]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the latest date of the document's content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    latest = max(dates) if dates else dt.date(2000, 1, 1)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Marks a message for extraction into the catalogs; translated where it is used."""
    return message


SUBJECT_LINES = {
    "events": N_("Event report"),
    "countries": N_("Country fact sheet"),
    "speakers": N_("Speaker summary"),
    "packs": N_("Briefing pack"),
}

_CSS_UNSAFE = re.compile(r"[^A-Za-z0-9 .,:;!?()\-]")
_WRITTEN_NUMBER = re.compile(r"[+\-\u2212]?\d[\d\s.,'\u00a0\u202f\u066b\u066c]*%?")
"""A text written as a number: digits with grouping and decimal signs (any locale's)."""


def css_string(value: str) -> Markup:
    """A CSS string literal; every character that could end or escape it is hex-escaped."""
    # A hex escape ends at its first space, which it swallows: always write one.
    escaped = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", value)
    return Markup(f'"{escaped}"')


class Renderer:
    """Renders documents of one project; holds one Jinja environment.

    ``compiled_templates``: a folder where the templates' compiled code is kept for the
    next process (render/compiled_templates.py); by default each template is compiled
    when first used."""

    def __init__(self, project: Project, compiled_templates: Path | None = None) -> None:
        self.project = project
        self.config = project.config
        self.graph = project.graph
        self.env = make_environment(project.root / "templates")
        if compiled_templates is not None:
            self.env.bytecode_cache = CompiledTemplates(compiled_templates)
        self.env.autoescape = jinja2.select_autoescape(
            disabled_extensions=("css",), default_for_string=True, default=True
        )
        self._lang = self.config.default_language
        self._rtl = False
        self._catalogs: dict[str, gettext.NullTranslations] = {}
        self.gettext = gettext.NullTranslations().gettext
        """A label in the language being rendered."""
        self._charts: dict[str, charts.Chart] = {}
        self._source: str | None = None
        self._current: DocumentRef | None = None
        self.pack_anchors: dict[tuple[str, str], str] = {}
        """While the parts of a briefing pack render: (kind, id) of each part -> its anchor in
        the pack, for links between parts (``part_link``); empty otherwise."""
        self._install()

    def _switch(self, lang: str) -> None:
        """Render in ``lang`` from now on: its labels, its direction."""
        self._lang = lang
        self._rtl = i18n.direction(lang) == "rtl"
        if lang not in self._catalogs:
            try:
                self._catalogs[lang] = catalogs.translations(lang, self.project.root)
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                raise BriefgenError(
                    [
                        Diagnostic(
                            "error",
                            f"cannot read the label catalog for {lang}: {exc}",
                            "catalog",
                        )
                    ]
                ) from None
        catalog = self._catalogs[lang]
        self.env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
        self.gettext = catalog.gettext

    def _out(self, text: str) -> str:
        """Content as printed: isolated for the bidi algorithm in right-to-left documents."""
        return i18n.isolate(text) if self._rtl else text

    # -- filters ---------------------------------------------------------------

    def _t(self, value: Text | str | None) -> str:
        """A text in the document's language; a region tag ("fr-CA") falls back to its
        base language ("fr"), then to the default language (and its base)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        for lang in (self._lang, i18n.base(self._lang)):
            if value.has(lang):
                return value.get(lang, lang)
        default = self.config.default_language
        if not value.has(default) and value.has(i18n.base(default)):
            default = i18n.base(default)
        return value.get(default, default)

    def _md(self, value: Text | None) -> Markup:
        if value is None:
            return Markup("")
        html = md.render(self._t(value))
        return md.mark_directions(html, i18n.direction(self._lang)) if self._rtl else html

    def _dir_attr(self, value: Text | str | None) -> Markup:
        """` dir="ltr"` for a block whose text runs against the document's direction."""
        text = self._t(value)
        found = i18n.text_direction(text)
        if found is None or found == i18n.direction(self._lang):
            return Markup("")
        return Markup(f' dir="{found}"')

    def _speaker_name(self, speaker: Speaker) -> str:
        """Honorific and name as one unit ("H.E. Ms. Mari Miyoshi"), kept together in RTL,
        in the order of the document's language."""
        name = self._t(speaker.name)
        if speaker.honorific is not None:
            name = i18n.with_honorific(name, self._t(speaker.honorific), self._lang)
        return self._out(name)

    def _join_list(self, items: Iterable[object]) -> str:
        """ "A, B and C" in the document's language. Items that are markup (a speaker's name
        that links to their summary in a pack) stay markup: the plain ones are escaped and
        the list is markup, which autoescape then prints as it is."""
        values = list(items)
        if any(hasattr(value, "__html__") for value in values):
            return Markup(i18n.format_list([str(escape(value)) for value in values], self._lang))
        return i18n.format_list([str(value) for value in values], self._lang)

    def _number(self, value: Number | Text) -> str:
        if isinstance(value, Number):
            return i18n.format_number(value, self._lang)
        return self._t(value)

    def _is_number(self, value: object) -> bool:
        """``is number`` in templates: a number of the content (a fact's value, which keeps
        its digits as written) or of Python, or a text written as a number (a year quoted
        so that it is not grouped, "2019"); not a value in words."""
        if isinstance(value, Number | int | float):
            return True
        if isinstance(value, Text | str):
            return _WRITTEN_NUMBER.fullmatch(self._t(value).strip()) is not None
        return False

    def _quote(self, value: str) -> str:
        """Quotation marks of the document's language; of the default language when the
        quoted text runs the other way (English quoted in an Arabic document).

        ``value`` is content as printed: in a right-to-left document, set in an isolate
        (``t``), whose text the bidi rules do not look into; its direction is the text's."""
        lang = self._lang
        inner = value
        if inner.startswith(i18n.FSI) and inner.endswith(i18n.PDI):
            inner = inner[len(i18n.FSI) : -len(i18n.PDI)]
        found = i18n.text_direction(inner)
        if found is not None and found != i18n.direction(lang):
            lang = self.config.default_language
            if i18n.direction(lang) != found:
                lang = "en" if found == "ltr" else "ar"
        start, end = i18n.quotes(lang)
        return f"{start}{value}{end}"

    def _country(self, code: str) -> str:
        country = self.graph.countries.get(code)
        if country is not None and country.name is not None and country.name.has(self._lang):
            return self._t(country.name)
        return i18n.country_name(code, self._lang)

    def countries_by_name(self, codes: Iterable[str], lang: str) -> list[str]:
        """Country codes in the alphabetical order of the names printed in ``lang`` (its
        collation: "République de Corée" after "Kazakhstan"), as a UN list runs."""
        previous, self._lang = self._lang, lang
        try:
            key = collation_key(lang)
            return sorted(codes, key=lambda code: (key(self._country(code)), code))
        finally:
            self._lang = previous

    def _organisation(self, org_id: str) -> Organisation | None:
        return self.graph.organisations.get(org_id)

    def _org_name(self, org_id: str) -> str:
        org = self._organisation(org_id)
        return self._t(org.name) if org else org_id

    def _credit(self, speaker: Speaker) -> list[str]:
        """Position, organisation and country, each only when the parts before do not
        already name it (see ``credit.py``); the position is always first."""
        position = self._t(speaker.position)
        chain = [
            [self._t(org.name)] + ([self._t(org.acronym)] if org.acronym else [])
            for org in (
                self.graph.organisation_chain(speaker.organisation) if speaker.organisation else []
            )
        ]
        if not speaker.country:
            return credit.credit_line(position, chain, None)
        also = i18n.country_other_names(speaker.country, self._lang)
        return credit.credit_line(position, chain, self._country(speaker.country), also)

    def _affiliation(self, speaker: Speaker, with_country: bool = True) -> str:
        """Position, organisation and country, without repeating what an earlier part says
        ("Director, Division for Operations" at the Division for Operations of UNODC
        prints UNODC; an organisation "of Indonesia" is not followed by "Indonesia").
        ``with_country=False`` leaves the country out (a country's own sheet)."""
        parts = self._credit(speaker)
        if not with_country and speaker.country and parts[-1:] == [self._country(speaker.country)]:
            parts = parts[:-1]
        return i18n.comma(self._lang).join(self._out(part) for part in parts)

    def _organisation_line(self, speaker: Speaker) -> str:
        """The credit line without the position: the line under a speaker's position."""
        parts = self._credit(speaker)[1:]
        return i18n.comma(self._lang).join(self._out(part) for part in parts)

    def _partner_name(self, value: str) -> str:
        if value.isupper() and len(value) == 3:
            return self._country(value)
        return self._org_name(value)

    def _install(self) -> None:
        def lang() -> str:
            return self._lang

        self.env.filters.update(
            t=lambda v: self._out(self._t(v)),
            md=self._md,
            number=lambda v: self._out(self._number(v)),
            # Dates and times are isolated in a right-to-left document, as content is:
            # a day after an English title ("..., 17 May 2024") stays with its month.
            date=lambda d: self._out(i18n.format_date(d, lang())),
            daterange=lambda a, b: self._out(i18n.format_date_range(a, b, lang())),
            clock=lambda t: self._out(i18n.format_clock(t, lang())),
            country=lambda c: self._out(self._country(c)),
            by_country_name=lambda codes: self.countries_by_name(codes, lang()),
            organisation_name=lambda o: self._out(self._org_name(o)),
            partner_name=lambda p: self._out(self._partner_name(p)),
            affiliation=self._affiliation,
            organisation_line=self._organisation_line,
            count=lambda n: i18n.format_count(int(n), lang()),
            years=self._years,
            speaker_name=self._speaker_name,
            dir_attr=self._dir_attr,
            join_list=self._join_list,
            join_commas=lambda items: i18n.comma(lang()).join(items),
            upper_first=lambda text: text[:1].upper() + text[1:],
            quote=self._quote,
            css_string=css_string,
        )
        self.env.tests["number"] = self._is_number
        self.env.globals["page_of_css"] = self._page_of_css
        self.env.globals["fact_series"] = charts.find_series
        self.env.globals["chart"] = self._chart
        self.env.globals["comma"] = lambda: i18n.comma(self._lang)
        self.env.globals["part_link"] = self._part_link
        self.env.globals.update(
            graph=self.graph,
            config=self.config,
            organisation=self._organisation,
            version=__version__,
        )

    def use(self, graph: Any, config: Any) -> None:
        """Read the content and the settings through these from now on: the build engine
        hands in recording views, to learn what each document reads."""
        self.graph, self.config = graph, config
        self.env.globals.update(graph=graph, config=config)

    def _years(self, start: int | None, end: int | None) -> str:
        """A span of years as UN documents write it: "2022–2025", "2022–", "–2025"."""
        first = str(start) if start is not None else ""
        last = str(end) if end is not None else ""
        if first == last:
            return first
        return self._out(f"{first}\u2013{last}")

    def _page_of_css(self, label: str) -> Markup:
        """CSS ``content`` for a label such as "Page {page} of {pages}", counters in place."""
        parts = re.split(r"(\{page\}|\{pages\})", label)
        out = []
        for part in parts:
            if part == "{page}":
                out.append("counter(page)")
            elif part == "{pages}":
                out.append("counter(pages)")
            elif part:
                out.append(str(css_string(part)))
        return Markup(" ".join(out))

    def _part_link(self, kind: str, entity_id: str) -> str | None:
        """``#anchor`` of another part of the briefing pack being rendered (a speaker's
        summary, a country's sheet), or None: in a single document, or for the part itself."""
        if self._current is not None and self._current.target == f"{kind}/{entity_id}":
            return None
        anchor = self.pack_anchors.get((kind, entity_id))
        return f"#{anchor}" if anchor else None

    def _chart(self, series: charts.Series) -> Markup:
        """``<img class="chart">`` of one series, its SVG inline as a data: URL, with alt text
        made from its numbers; a failure of the chart library fails this document alone."""
        theme = self.config.theme
        font = theme.font_family[0] if theme.font_family else charts.CHART_FONT
        label = self._t(series.label)
        try:
            chart = charts.draw(series, self._lang, theme.primary_color, font)
        except charts.ChartError as exc:
            where = Location(self._source, 1, 1) if self._source else None
            raise BriefgenError(
                [
                    Diagnostic(
                        "error",
                        f'cannot draw the chart of "{label}": {exc}',
                        "chart",
                        where,
                    )
                ]
            ) from None
        self._charts[chart.data_url] = chart
        alt = charts.alt_text(series, label, self._t(series.unit), self._lang)
        return Markup('<img class="chart" src="{}" alt="{}">').format(chart.data_url, alt)

    # -- rendering ---------------------------------------------------------------

    def _dates(self, ref: DocumentRef) -> list[dt.date]:
        g = self.graph
        if ref.kind in ("events", "packs"):
            return [g.events[ref.id].end]
        if ref.kind == "speakers":
            return [s.event.end for s in g.statements_by(ref.id)]
        return [ce.event.end for ce in g.events_of_country(ref.id)]

    def _subject(self, ref: DocumentRef) -> tuple[Any, str, str | None]:
        g = self.graph
        if ref.kind in ("events", "packs"):
            event = g.events[ref.id]
            return event, self._t(event.title), event.source
        if ref.kind == "speakers":
            speaker = g.speakers[ref.id]
            return speaker, self._t(speaker.name), speaker.source
        country = g.countries[ref.id]
        return country, self._country(ref.id), country.source

    def render(
        self,
        ref: DocumentRef,
        lang: str,
        parts: list[PackPart] | None = None,
    ) -> RenderedDocument:
        """Render one document; template problems raise BriefgenError with their location.

        A briefing pack renders its parts first (``briefgen.render.pack``), which then renders
        ``pack.html`` here with the finished ``parts``.
        """
        if ref.kind == "packs" and parts is None:
            return render_pack(self, ref.id, lang)  # it renders its parts with this renderer
        self._current = ref
        self.env.used.clear()
        self._charts = {}
        self._switch(lang)
        subject, title, source = self._subject(ref)
        self._source = source
        publisher = self.graph.organisations.get(self.config.publisher or "")
        author = self._t(publisher.name) if publisher else self._t(self.config.title)
        created = source_date(self.project, self._dates(ref))
        keywords = self._keywords(ref, subject)
        context = {
            "doc": {
                "kind": ref.kind,
                "id": ref.id,
                "lang": lang,
                "dir": i18n.direction(lang),
                "title": title,
                "author": author,
                "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "subject": self._subject_line(ref),
                "keywords": keywords,
            },
            "subject": subject,
            "publisher": publisher,
            "office": self._t(self.config.title),
            "theme": self.config.theme,
            "parts": parts or [],
        }
        try:
            template = self.env.get_template(TEMPLATE_OF[ref.kind])
            html = spacing.space_scripts(columns.size_tables(template.render(context)), lang)
            html = latin_parts.mark(html, lang, self.config.default_language)
        except jinja2.TemplateSyntaxError as exc:
            name, line = template_location(exc, self.project.root)
            raise BriefgenError(
                [
                    Diagnostic(
                        "error",
                        f"template syntax error: {exc.message}",
                        "template",
                        Location(name, line, 1),
                    )
                ]
            ) from None
        except BriefgenError:
            raise
        except Exception as exc:  # a template's own mistake ({{ 1 / 0 }}, endless recursion)
            where = traceback_location(exc, self.project.root)
            if where is None and not isinstance(
                exc, jinja2.TemplateError | TypeError | ValueError | AttributeError | KeyError
            ):
                raise  # raised outside any template: a bug in briefgen
            loc = Location(where[0], where[1], 1) if where else None
            message = getattr(exc, "message", None) or str(exc)
            raise BriefgenError(
                [Diagnostic("error", f"template error: {message}", "template", loc)]
            ) from None
        return RenderedDocument(
            ref,
            lang,
            html,
            title,
            author,
            self._subject_line(ref),
            keywords,
            created,
            source,
            self.env.templates_used(),
            self._charts,
        )

    def _subject_line(self, ref: DocumentRef) -> str:
        return self.gettext(SUBJECT_LINES[ref.kind])

    def _keywords(self, ref: DocumentRef, subject: Any) -> tuple[str, ...]:
        words: list[str] = []
        if ref.kind in ("events", "packs"):
            words += [self._country(c) for c in self.graph.event_countries(subject)]
            words += [
                self._t(self.graph.programmes[p].acronym or self.graph.programmes[p].name)
                for p in subject.programmes
            ]
        elif ref.kind == "speakers":
            if subject.country:
                words.append(self._country(subject.country))
        else:
            words.append(self._country(ref.id))
            programmes = self.graph.programmes_of_country(ref.id)
            words += [self._t(p.acronym or p.name) for p in programmes]
        return tuple(dict.fromkeys(w for w in words if w))
