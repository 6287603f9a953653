"""How a referral ended: an outcome (successful or not) and, when not, a reason from a list platform admins keep.

A closed list (Primero's practice) is what makes the statistics say something: "unable to contact the person"
counted over a year tells a funder more than a hundred free-text notes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import Localized


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    UNSUCCESSFUL = "unsuccessful", _("Not successful")


class OutcomeReasonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class OutcomeReason(models.Model):
    """Why a referral did not succeed, from a list platform administrators edit (a Wagtail snippet).

    A reason in use is never deleted (statistics count it): it is switched off instead, so it leaves the form
    and stays in past figures.
    """

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    label_fr = models.CharField(_("label (French)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered in the form"), default=True)

    label = Localized("label")

    objects = OutcomeReasonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("reason a referral did not succeed")
        verbose_name_plural = _("reasons a referral did not succeed")

    def __str__(self):
        return self.label


# The starting list (the demo and a new installation's migration load it); admins change it afterwards.
DEFAULT_REASONS = [
    ("person-refused", "La personne a refusé les services", "The person refused services"),
    ("no-capacity", "Manque de capacité de l'organisme", "Lack of capacity"),
    ("person-unreachable", "Impossible de joindre la personne", "Unable to contact the person"),
    ("organization-unreachable", "Impossible de joindre l'organisme", "Unable to contact the organisation"),
    ("not-eligible", "La personne n'est pas admissible", "The person is not eligible"),
    ("person-moved", "La personne a déménagé", "The person moved away"),
    ("other", "Autre raison", "Other reason"),
]
