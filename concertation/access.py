"""Who may see what in the partner space: decided here once, for pages, search, the API and file serving.

A user's *circles* are the organisations they actively belong to, the concertation tables those
organisations sit at (a table is an organisation of kind "concertation"; a seat is an active concertation
partnership between the table and the organisation), and the partnerships they are members of.
Platform admins get no blanket read access to partners' private documents: like everyone else they read
what their own organisations are party to.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from directory.models import Organization, OrganizationKind
from network.models import PartnershipKind, PartnershipMember


@dataclass(frozen=True)
class Circles:
    organizations: frozenset[int] = field(default_factory=frozenset)  # the user's own organisations
    tables: frozenset[int] = field(default_factory=frozenset)  # tables they belong to or sit at
    partnerships: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_partner(self) -> bool:
        return bool(self.organizations)

    @property
    def owners(self) -> frozenset[int]:
        """Organisations (own ones and tables) whose members-only items this user reads."""
        return self.organizations | self.tables


def seated_organizations(table: Organization, day: datetime.date | None = None) -> set[int]:
    """Organisations seated at a table: the table's own and those with an active concertation partnership."""
    day = day or timezone.localdate()
    partnerships = PartnershipMember.objects.filter(
        organization=table, partnership__kind=PartnershipKind.CONCERTATION, partnership__since__lte=day
    ).exclude(partnership__until__lt=day).values("partnership")
    seated = set(
        PartnershipMember.objects.filter(partnership__in=partnerships).values_list("organization_id", flat=True)
    )
    return seated | {table.pk}


def circles_of(user) -> Circles:
    """Three queries at most, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Circles()
    cached = getattr(user, "_concertation_circles", None)
    if cached is not None:
        return cached
    organizations = frozenset(
        Organization.objects.active().for_member(user).values_list("pk", flat=True)
    )
    partnerships: frozenset[int] = frozenset()
    tables: set[int] = set()
    if organizations:
        today = timezone.localdate()
        rows = list(
            PartnershipMember.objects.filter(organization_id__in=organizations, partnership__since__lte=today)
            .exclude(partnership__until__lt=today)
            .values_list("partnership_id", "partnership__kind")
        )
        partnerships = frozenset(pk for pk, _kind in rows)
        concertation = [pk for pk, kind in rows if kind == PartnershipKind.CONCERTATION]
        tables = set(
            PartnershipMember.objects.filter(
                partnership_id__in=concertation, organization__kind=OrganizationKind.CONCERTATION
            ).values_list("organization_id", flat=True)
        )
        tables |= set(
            Organization.objects.filter(pk__in=organizations, kind=OrganizationKind.CONCERTATION).values_list(
                "pk", flat=True
            )
        )
    circles = Circles(organizations=organizations, tables=frozenset(tables), partnerships=partnerships)
    user._concertation_circles = circles
    return circles


def forget_circles(user) -> None:
    if hasattr(user, "_concertation_circles"):
        del user._concertation_circles
