"""The welcoming organisation's register: households, their people, the arrival routine, agreements.

Personal data lives in `Person` rows and in the fields listed in `Household.PERSONAL_FIELDS`, so that
erasure (after departure, or after the retention period) removes what identifies a family while every
figure the dashboard and the home page compute — arrival dates, composition counts, languages,
countries, departures, checklist dates — stays exactly as it was.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from directory.models import Language, Organization, PathwayStep
from portal.i18n import Localized

# Age bands of a household's composition: (field name, label). The register counts people per band.
AGE_BANDS = (
    ("children_0_4", _("Children 0–4")),
    ("children_5_11", _("Children 5–11")),
    ("youth_12_17", _("Youth 12–17")),
    ("adults_18_64", _("Adults 18–64")),
    ("seniors_65_plus", _("Adults 65 and over")),
)
BAND_FIELDS = tuple(name for name, _label in AGE_BANDS)


class DepartureReason(models.TextChoices):
    STUDIES = "studies", _("Studies")
    FAMILY = "family", _("Family")
    WORK = "work", _("Work")
    OTHER = "other", _("Other")


class StepStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


class Relationship(models.TextChoices):
    PRINCIPAL = "principal", _("Principal applicant")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other relative")


class Country(models.Model):
    """A country of origin (ISO 3166-1 alpha-2 code)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

    name = Localized("name")

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


def persons_expression():
    """The number of people in a household, as a database expression (sums the age bands)."""
    expression = F(BAND_FIELDS[0])
    for name in BAND_FIELDS[1:]:
        expression = expression + F(name)
    return expression


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ONE place that decides which households a user may see.

        Object permissions granted to the welcoming organisation's group only, as for referrals: no global
        permission and no superuser bypass count, only the groups of active organisations the user actively
        belongs to. Partners receiving a referral never see the register.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        groups = Organization.objects.active().filter(
            memberships__user=user, memberships__is_active=True, group__isnull=False
        ).values("group_id")
        granted = HouseholdGroupObjectPermission.objects.filter(
            group_id__in=groups,
            permission__codename="view_household",
            permission__content_type__app_label="arrivals",
        ).values("content_object_id")
        return self.filter(pk__in=granted)

    def with_persons(self):
        return self.annotate(person_count=persons_expression())

    def present(self, on=None):
        """Households arrived and not (yet) gone on the given day."""
        on = on or timezone.localdate()
        return self.filter(arrival_date__lte=on).filter(Q(departure_date__isnull=True) | Q(departure_date__gt=on))

    def departed(self):
        return self.filter(departure_date__isnull=False)

    def with_personal_data(self):
        return self.filter(personal_data_erased_at__isnull=True)

    def for_listing(self):
        return self.select_related("organization").prefetch_related("languages", "countries").with_persons()


class Household(models.Model):
    """One family (or person alone) welcomed by the welcoming organisation.

    URLs and the API carry the public id (a UUID), never a name or a sequential number.
    """

    PERSONAL_FIELDS = ("family_name", "address", "notes")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="households", verbose_name=_("welcoming organisation")
    )
    family_name = models.CharField(_("family name"), max_length=200, blank=True,
                                   help_text=_("How the team names the household."))
    arrival_date = models.DateField(_("arrival date"))
    cohort = models.CharField(_("cohort"), max_length=60, blank=True,
                              help_text=_("The group the household arrived with, e.g. “2017-04 Colombia”."))
    children_0_4 = models.PositiveSmallIntegerField(_("children 0–4"), default=0)
    children_5_11 = models.PositiveSmallIntegerField(_("children 5–11"), default=0)
    youth_12_17 = models.PositiveSmallIntegerField(_("youth 12–17"), default=0)
    adults_18_64 = models.PositiveSmallIntegerField(_("adults 18–64"), default=0)
    seniors_65_plus = models.PositiveSmallIntegerField(_("adults 65 and over"), default=0)
    countries = models.ManyToManyField(Country, blank=True, related_name="households",
                                       verbose_name=_("countries of origin"))
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages"))
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    temporary_housing = models.BooleanField(_("in temporary housing"), default=True)
    address = models.CharField(_("address in the city"), max_length=200, blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    departure_reason = models.CharField(_("reason for leaving"), max_length=10, choices=DepartureReason.choices,
                                        blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Only what the team needs."))
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["-arrival_date", "-pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        default_permissions = ("add", "change", "view")
        indexes = [models.Index(fields=["organization", "arrival_date"], name="household_org_arrival")]
        constraints = [
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True) | Q(departure_date__gte=F("arrival_date")),
                name="household_departs_after_arrival",
            ),
        ]

    def __str__(self):
        # Never the family's name: this string may end up in logs and admin messages.
        return _("Household %(id)s") % {"id": self.short_id}

    def get_absolute_url(self) -> str:
        return reverse("arrivals:household", kwargs={"public_id": self.public_id})

    @property
    def short_id(self) -> str:
        return str(self.public_id)[:8]

    @property
    def size(self) -> int:
        return sum(getattr(self, name) for name in BAND_FIELDS)

    @property
    def personal_data_erased(self) -> bool:
        return self.personal_data_erased_at is not None

    @property
    def has_left(self) -> bool:
        return self.departure_date is not None

    def composition(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in AGE_BANDS]


class Person(models.Model):
    """A member of a household: only what the pathway needs (a name to call them by, age, role)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="persons")
    full_name = models.CharField(_("name"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices,
                                    default=Relationship.PRINCIPAL)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return _("Person of %(household)s") % {"household": self.household_id}


class ChecklistItem(models.Model):
    """One step of a household's arrival routine: where it stands, when, who did it, and the referral."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="checklist")
    step = models.ForeignKey(PathwayStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.TODO)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("When it was done (or started)."))
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("done by"))
    referral = models.ForeignKey("referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="checklist_items", verbose_name=_("referral"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["household", "step__order", "pk"]
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        constraints = [models.UniqueConstraint(fields=["household", "step"], name="unique_checklist_step")]

    def __str__(self):
        return f"{self.household_id} · {self.step_id} · {self.status}"


class Agreement(ClusterableModel):
    """An agreement that funds the welcoming organisation against a target (the MIFI framework agreement)."""

    name = models.CharField(_("name"), max_length=200)
    funder = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="agreements_funded",
                               verbose_name=_("funder"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="agreements",
                                     verbose_name=_("welcoming organisation"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target_persons = models.PositiveIntegerField(_("target (persons welcomed)"))
    is_public = models.BooleanField(_("shown on the home page"), default=True,
                                    help_text=_("Its progress is one of the public figures."))

    panels = [
        FieldPanel("name"), FieldPanel("funder"), FieldPanel("organization"), FieldPanel("start"), FieldPanel("end"),
        FieldPanel("target_persons"), FieldPanel("is_public"),
        InlinePanel("funding_periods", label=_("Funding periods")),
    ]

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="agreement_ends_after_start")]

    def __str__(self):
        return self.name


class FundingPeriod(models.Model):
    """A period of an agreement's funding, with its own target when the funder set one."""

    agreement = ParentalKey(Agreement, on_delete=models.CASCADE, related_name="funding_periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target_persons = models.PositiveIntegerField(_("target (persons)"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)

    panels = [FieldPanel("start"), FieldPanel("end"), FieldPanel("target_persons"), FieldPanel("amount")]

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("funding period")
        verbose_name_plural = _("funding periods")

    def __str__(self):
        return f"{self.start:%Y-%m-%d} → {self.end:%Y-%m-%d}"


# django-guardian object permissions with direct foreign keys (fast joins, real referential integrity).
class HouseholdUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Household, on_delete=models.CASCADE)


class HouseholdGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Household, on_delete=models.CASCADE)


def retention_cutoffs(now=None):
    """(departed before, arrived before): households past either date have their personal data erased."""
    today = timezone.localdate(now) if now else timezone.localdate()
    return (
        today - timedelta(days=settings.ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE),
        today - timedelta(days=settings.ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL),
    )
