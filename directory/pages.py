"""The directory's Wagtail page: the public entry point, with the matrix and "who do I contact" as routes.

One page (translated into English like any Wagtail page) rather than a page per organisation: the
organisations are data edited by their own admins in the admin's viewsets, and routes over the model keep a
single source of truth (no page to keep in sync with each row). See docs/architecture/directory.md.
"""

import hashlib
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.cards import directory_cards
from directory.forms import DirectoryFilterForm, MatrixFilterForm, WhoToContactForm
from directory.matrix import LEVEL_ABBREVIATIONS, build_matrix, matrix_parts
from directory.models import (
    Organization,
    PathwayStage,
    PathwayStep,
    Responsibility,
    ResponsibilityLevel,
)
from portal.page_base import SitePage
from portal.page_cache import cached_part
from portal.search import search
from portal.spreadsheets import SafeWriter


def _localized_route(language_code: str, name: str) -> str:
    """Routes have a French and an English path; the page's own language picks the one to link to."""
    return f"{name}_en" if language_code == "en" else name


INDEX_PAGE_SIZE = 50


class DirectoryIndexPage(RoutablePageMixin, SitePage):
    """The directory of the welcome city's partners: who they are, what they do, who to contact.

    It lives under the home page and shows in the menu; its routes serve the responsibility matrix (also
    as CSV) and the "who do I contact for…?" finder, in the page's language.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    matrix_intro = RichTextField(_("matrix introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("matrix_intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("directory index page")

    # --- links -----------------------------------------------------------------------------------
    def route_url(self, name: str, request=None) -> str:
        return self.get_url(request=request) + self.reverse_subpage(
            _localized_route(self.locale.language_code, name)
        )

    def matrix_url(self, request=None) -> str:
        return self.route_url("matrix", request)

    def matrix_csv_url(self, request=None) -> str:
        return self.route_url("matrix_csv", request)

    def contact_url(self, request=None) -> str:
        return self.route_url("who_to_contact", request)

    @classmethod
    def for_language(cls, language_code: str):
        """The live directory page in a language, else the French original (None if there is none)."""
        pages = cls.objects.live().select_related("locale")
        return (
            pages.filter(locale__language_code=language_code).first()
            or pages.filter(locale__language_code="fr").first()
        )

    def route_context(self, request, route: str) -> dict:
        """Context of a sub-route. Its translations have their own slugs and route paths
        (/repertoire/matrice/ ↔ /en/directory/matrix/), so the language switcher gets the route's URL in each
        page language (`language_urls`, filters kept) instead of the page's front URL."""
        context = self.get_context(request)
        context.pop("page", None)
        context.pop("self", None)
        query = "?" + request.GET.urlencode() if request.GET else ""
        context["language_urls"] = {
            language: url + query for language, url in self._links(request)["translations"][route].items()
        }
        return context

    def nav_context(self, request) -> dict:
        links = self._links(request)
        return {"directory_page": self, "matrix_url": links["matrix_url"], "contact_url": links["contact_url"]}

    def _links(self, request) -> dict:
        """The routes' URLs in this page's language, and each route's URL in every live translation (for the
        language switcher): the same for every visitor, so read once per content version, page and host and
        kept as a part (the translations and the page's locale cost three queries a request)."""
        def build():
            pages = [self, *self.get_translations().live().select_related("locale").specific()]
            return {
                "matrix_url": self.matrix_url(request),
                "contact_url": self.contact_url(request),
                "translations": {
                    route: {page.locale.language_code: page.route_url(route, request) for page in pages}
                    for route in ("matrix", "who_to_contact")
                },
            }
        key = (self.pk, request.get_host())
        if getattr(request, "_directory_links", None) is None:  # one cache read a request, not one per use
            request._directory_links = cached_part("directory-route-links", key, build)
        return request._directory_links

    def get_sitemap_urls(self, request=None):
        """The page, its matrix and contact routes, and every active organisation's role page."""
        from django.utils import translation

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        site_root = base[: -len(self.get_url(request))] if self.get_url(request) else base
        for name in ("matrix", "who_to_contact"):
            urls.append({"location": base + self.reverse_subpage(_localized_route(self.locale.language_code, name))})
        with translation.override(self.locale.language_code):
            urls.extend(
                {"location": site_root + organization.get_absolute_url(), "lastmod": organization.updated_at}
                for organization in Organization.objects.active().only("slug", "updated_at")
            )
        return urls

    # --- routes ----------------------------------------------------------------------------------
    @path("", name="index")
    def index_route(self, request):
        context = self.get_context(request)
        context.update(self.nav_context(request), listing=self.listing(request))
        return TemplateResponse(request, "directory/directory_index_page.html", context)

    def listing(self, request) -> str:
        """The filters, the count, a page of 50 cards and the pagination, rendered: the same for every visitor
        asking the same query string, so kept as a part per content version, page, language, host and query
        (its count, rows, sectors and languages cost four queries, and writing the cards and the filters about
        two thirds of the page's CPU; issue 8). Its template gets no context processor: nothing of the user."""
        def build():
            form = DirectoryFilterForm(request.GET or None)
            organizations = Organization.objects.active()
            if form.is_valid():
                organizations = form.filter(organizations)
            # Filtered and paginated in SQL: a province has thousands of organisations, a page shows 50.
            page = Paginator(organizations, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
            query = request.GET.copy()
            query.pop("page", None)
            return render_to_string("directory/_directory_listing.html", {
                "request": request, "page": self, "form": form, "organizations": directory_cards(page.object_list),
                "page_obj": page, "querystring": query.urlencode(),
            })

        # The query as Django reads it (the same QueryDict, the same page), hashed: any length, one key size.
        query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
        return cached_part("directory-listing", (self.pk, get_language(), request.get_host(), query), build)

    @path("matrice/", name="matrix")
    @path("matrix/", name="matrix_en")
    def matrix_route(self, request):
        form = MatrixFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {"stage": "", "kind": ""}
        stage, kind = filters.get("stage", ""), filters.get("kind", "")
        context = self.route_context(request, "matrix")
        # A signed-in partner's summary carries the concertation's work on the gaps: never cached. The same
        # matrix renders the shared parts on a miss (built once, not twice).
        matrix = build_matrix(stage=stage, kind=kind) if request.user.is_authenticated else None
        context.update(
            self.nav_context(request),
            form=form,
            parts=matrix_parts(stage=stage, kind=kind, matrix=matrix),
            matrix=matrix,
            levels=[(value, label, LEVEL_ABBREVIATIONS[value]) for value, label in ResponsibilityLevel.choices],
            csv_url=self.matrix_csv_url(request) + ("?" + request.GET.urlencode() if request.GET else ""),
        )
        return TemplateResponse(request, "directory/matrix.html", context)

    @path("matrice/csv/", name="matrix_csv")
    @path("matrix/csv/", name="matrix_csv_en")
    def matrix_csv_route(self, request):
        form = MatrixFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {"stage": "", "kind": ""}
        matrix = build_matrix(stage=filters.get("stage", ""), kind=filters.get("kind", ""))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_("responsibility-matrix")}.csv"'
        response.write("\ufeff")  # a BOM so that spreadsheet software reads the accents right
        writer = SafeWriter(response)  # organisation names are typed by partners: never a live formula
        writer.writerow(
            [_("Stage"), _("Step"), *[org.short_name for org in matrix.columns], _("Status")]
        )
        status_labels = {"ok": _("OK"), "gap": _("Gap"), "overlap": _("Overlap"), "unassigned": _("Unassigned")}
        for stage in matrix.stages:
            for row in stage.rows:
                writer.writerow(
                    [
                        stage.label,
                        row.step.name,
                        *[cell.get_level_display() if cell else "" for cell in row.cells],
                        status_labels[row.status],
                    ]
                )
        return response

    @path("qui-contacter/", name="who_to_contact")
    @path("who-to-contact/", name="who_to_contact_en")
    def who_to_contact_route(self, request):
        """A step chosen from the list, or the steps matching a question in the visitor's words (the site's
        search engine): the lead first with its phone and intake, the supports after; consulted and informed
        organisations are named, not offered as contacts."""
        form = WhoToContactForm(request.GET or None)
        step, other_matches, answer = None, [], None
        if form.is_valid():
            step = form.cleaned_data.get("step")
            if step is None and form.cleaned_data.get("q"):
                results = search(PathwayStep.objects.all(), form.cleaned_data["q"])
                matches = list(results[:WHO_TO_CONTACT_MATCHES]) if results is not None else []
                step, other_matches = (matches[0], matches[1:]) if matches else (None, [])
            if step is not None:
                answer = contact_answer(step)
        steps_by_stage = []
        all_steps = list(PathwayStep.objects.in_pathway_order())
        for value, label in PathwayStage.choices:
            stage_steps = [s for s in all_steps if s.stage == value]
            if stage_steps:
                steps_by_stage.append((label, stage_steps))
        context = self.route_context(request, "who_to_contact")
        context.update(
            self.nav_context(request), form=form, step=step, answer=answer, other_matches=other_matches,
            steps_by_stage=steps_by_stage, searched=bool(form.is_valid() and form.cleaned_data.get("q")),
        )
        return TemplateResponse(request, "directory/who_to_contact.html", context)


WHO_TO_CONTACT_MATCHES = 4


@dataclass
class ContactAnswer:
    """Who to contact for a step: `leads` (the entry point first), `supports`, and `involved` (consulted and
    informed: named, never presented as contacts)."""

    leads: list
    supports: list
    involved: list
    entry_point: Organization | None

    @property
    def several_leads(self) -> bool:
        return len(self.leads) > 1


def contact_answer(step: PathwayStep) -> ContactAnswer:
    responsibilities = list(
        Responsibility.objects.public().filter(step=step).select_related("organization").order_by("organization__name")
    )
    entry_point_id = step.entry_point_id
    leads = sorted(
        (r for r in responsibilities if r.level == ResponsibilityLevel.LEAD),
        key=lambda r: r.organization_id != entry_point_id,
    )
    entry_point = leads[0].organization if leads and leads[0].organization_id == entry_point_id else None
    return ContactAnswer(
        leads=leads,
        supports=[r for r in responsibilities if r.level == ResponsibilityLevel.SUPPORT],
        involved=[r for r in responsibilities
                  if r.level in (ResponsibilityLevel.CONSULTED, ResponsibilityLevel.INFORMED)],
        entry_point=entry_point,
    )
