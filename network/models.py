"""Partnerships between organisations, and the Wagtail page that draws them as a network.

A partnership is the durable tie the Table de concertation wants to see: an agreement, a seat at a table,
a service agreement or an informal collaboration. A multi-party agreement (the MIFI–AIBSL–CISSS–school
service centre–city entente) is one row with several members, so it is listed once; the graph turns it
into ties between every pair of its members.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from directory.models import Organization
from network.permissions import can_see_partner_layers
from portal.i18n import Localized


class PartnershipKind(models.TextChoices):
    AGREEMENT = "agreement", _("Framework agreement")
    CONCERTATION = "concertation", _("Concertation table membership")
    SERVICE = "service", _("Service agreement")
    INFORMAL = "informal", _("Informal collaboration")


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def active_on(self, day: datetime.date):
        """Partnerships that had started on `day` and had not ended before it."""
        return self.filter(since__lte=day).filter(models.Q(until__isnull=True) | models.Q(until__gte=day))

    def visible_to(self, user):
        """Public partnerships for everyone; partners-only ones for signed-in partners and platform admins."""
        return self if can_see_partner_layers(user) else self.public()


class Partnership(ClusterableModel):
    """A tie between two or more organisations, dated so the network can be drawn as it was on any day."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty while it lasts."))
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Untick to show it to signed-in partners only.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Localized("name")
    description = Localized("description")

    objects = PartnershipQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_fr"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind")],
            heading=_("Partnership"),
        ),
        FieldPanel("description_fr"),
        FieldPanel("description_en"),
        MultiFieldPanel([FieldPanel("since"), FieldPanel("until"), FieldPanel("is_public")], heading=_("When and who")),
        InlinePanel("members", label=_("Participating organisations"), min_num=2),
    ]

    class Meta:
        ordering = ["since", "name_fr"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="partnership_until_after_since",
            )
        ]

    def __str__(self):
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.since <= day and (self.until is None or self.until >= day)


class PartnershipMember(models.Model):
    """One organisation's part in a partnership, with an optional role (signatory, funder, host…)."""

    partnership = ParentalKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="partnership_memberships", verbose_name=_("organisation")
    )
    role_fr = models.CharField(_("role (French)"), max_length=120, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    role = Localized("role")

    panels = [FieldPanel("organization"), FieldPanel("role_fr"), FieldPanel("role_en")]

    class Meta:
        ordering = ["partnership", "organization__name"]
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organization"], name="unique_partnership_member")
        ]

    def __str__(self):
        return f"{self.partnership} — {self.organization}"
