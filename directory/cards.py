"""The directory index's cards: a page of organisations as plain values (issue 8).

A page of 50 organisations costs no model instance, no queryset copy per row and no URL reverse per row:
the rows are read as values, their sectors and languages as id pairs named from the filters' cached
vocabulary, and every role-page URL comes from one reverse.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import Truncator

from directory.forms import filter_vocabulary
from directory.models import Organization, OrganizationKind
from portal.i18n import current_language


@dataclass(frozen=True)
class DirectoryCard:
    """One organisation as the directory index shows it: plain values, so that a page of 50 costs no
    model instances, no queryset copy per row and no URL reverse per row."""

    url: str
    name: str
    acronym: str
    kind: str
    accepts_referrals: bool
    mandate: str
    sectors: list[str]
    languages: list[tuple[str, str]]  # (code, name): each name in its own lang attribute


_SLUG = "role-page-slug"  # stands for the slug in the one reversed URL (slugs are ASCII: nothing to quote)


def role_page_url():
    """slug → the role page's URL in the active language, from one reverse (a reverse per row or per cell
    was a tenth of the matrix's drawing). Slugs are ASCII slugs: nothing to quote."""
    prefix, suffix = reverse("directory:organization", kwargs={"slug": _SLUG}).split(_SLUG)
    return lambda slug: f"{prefix}{slug}{suffix}"


CARD_FIELDS = ("pk", "slug", "name", "name_en", "acronym", "kind", "accepts_referrals", "mandate_fr", "mandate_en")


def directory_cards(organizations) -> list[DirectoryCard]:
    """The cards of a page of organisations (a sliced queryset): its rows, then the sectors and languages
    of those rows as id pairs, named from the cached vocabulary. Three queries, whatever the page size."""
    rows = list(organizations.values(*CARD_FIELDS))
    ids = [row["pk"] for row in rows]
    vocabulary = filter_vocabulary()
    sectors = {pk: (rank, name) for rank, (pk, _slug, name) in enumerate(vocabulary["sector"])}
    languages = {pk: (rank, (code, name)) for rank, (pk, code, name) in enumerate(vocabulary["language"])}
    sectors_of: dict[int, list] = {pk: [] for pk in ids}
    languages_of: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        for organization_id, sector_id in Organization.sectors.through.objects.filter(
                organization_id__in=ids).values_list("organization_id", "sector_id"):
            if sector_id in sectors:
                sectors_of[organization_id].append(sectors[sector_id])
        for organization_id, language_id in Organization.languages.through.objects.filter(
                organization_id__in=ids).values_list("organization_id", "language_id"):
            if language_id in languages:
                languages_of[organization_id].append(languages[language_id])
    english = current_language() == "en"
    kinds = {value: str(label) for value, label in OrganizationKind.choices}
    url = role_page_url()
    return [
        DirectoryCard(
            url=url(row["slug"]),
            name=(english and row["name_en"]) or row["name"],
            acronym=row["acronym"],
            kind=kinds.get(row["kind"], row["kind"]),
            accepts_referrals=row["accepts_referrals"],
            mandate=Truncator((english and row["mandate_en"]) or row["mandate_fr"]).words(40, truncate=" …"),
            sectors=[name for _rank, name in sorted(sectors_of[row["pk"]])],
            languages=[language for _rank, language in sorted(languages_of[row["pk"]])],
        )
        for row in rows
    ]
