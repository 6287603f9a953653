"""Who does what: organisations, the people in them, the integration pathway and who is responsible for
each of its steps. These are the facts every other part (referrals, network) builds on."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from wagtail.search import index

from directory import phones
from portal.i18n import Localized, current_language
from portal.search import fold, search


class OrganizationKind(models.TextChoices):
    STATE = "state", _("State partner")
    COMMUNITY = "community", _("Community organisation")
    PRIVATE = "private", _("Private partner")
    CITIZEN = "citizen", _("Citizen group")
    CONCERTATION = "concertation", _("Concertation body")


class Sector(models.Model):
    """A field of activity (health, education, housing…) used to filter the directory."""

    slug = models.SlugField(unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    name = Localized("name")

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language spoken by an organisation's staff or needed by a person (ISO 639 code)."""

    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("ISO 639 code, e.g. fr, es, sg."))
    name_fr = models.CharField(_("name (French)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)

    name = Localized("name")

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


# A province's name in a French address ("Rimouski (Québec)"); English addresses keep the two letters.
PROVINCE_NAMES_FR = {
    "QC": "Québec", "ON": "Ontario", "NB": "Nouveau-Brunswick", "NS": "Nouvelle-Écosse", "MB": "Manitoba",
    "AB": "Alberta", "BC": "Colombie-Britannique", "PE": "Île-du-Prince-Édouard", "SK": "Saskatchewan",
    "NL": "Terre-Neuve-et-Labrador", "NT": "Territoires du Nord-Ouest", "NU": "Nunavut", "YT": "Yukon",
}


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def accepting_referrals(self):
        return self.active().filter(accepts_referrals=True)

    def for_member(self, user):
        """Organisations the user belongs to through an active membership. No DISTINCT: a user has at most one
        membership per organisation (`unique_membership`), so this one join gives each organisation once; a
        DISTINCT over every column (mandates, addresses) cost the workspace's every page its sort."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__is_active=True)

    def managed_by(self, user):
        """Organisations the user may edit: all of them for a platform admin, else those they administer.

        Reads the guardian object permission granted by `membership_add` (not the Membership row), so
        the admin, the API and the pages agree with what the permission tables say.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user_is_platform_admin(user):
            return self.all()
        return self.filter(
            organizationuserobjectpermission__user=user,
            organizationuserobjectpermission__permission__codename="manage_organization",
        ).distinct()

    def search(self, query: str):
        """The site's search engine (portal/search.py) over names, mandates and services: accents and case
        ignored, synonyms included; and a part of a name or acronym ("cis" finds the CISSS). Chainable."""
        results = search(Organization.objects.only("pk"), query, order_by_relevance=False)
        if results is None:
            return self
        query = query.strip()
        return self.filter(
            models.Q(pk__in=[organization.pk for organization in results])
            | models.Q(name__icontains=query)
            | models.Q(name_en__icontains=query)
            | models.Q(acronym__icontains=query)
            | models.Q(former_name__icontains=query)
        )


class Organization(index.Indexed, models.Model):
    """A stakeholder of the welcome city: a state partner, a community organisation, a concertation body…"""

    name = models.CharField(_("name"), max_length=200, help_text=_("The official name, in French."))
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True,
        help_text=_("Only if it has an official English name; English pages show the French name otherwise."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    former_name = models.CharField(
        _("former name"), max_length=200, blank=True, help_text=_("The name it had before, if it changed.")
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organizations", verbose_name=_("sectors"))
    mandate_fr = models.TextField(_("mandate (French)"))
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    services_fr = models.TextField(_("services (French)"), blank=True, help_text=_("One service per line."))
    services_en = models.TextField(_("services (English)"), blank=True, help_text=_("One service per line."))
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Rimouski")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    region = models.CharField(_("province"), max_length=2, blank=True, default="QC")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   help_text=_("Of the entrance, in decimal degrees (WGS84), for the map link."))
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("e.g. 418 724-3111, ext. 2"))
    toll_free_phone = models.CharField(_("toll-free phone"), max_length=40, blank=True,
                                       help_text=_("e.g. 1 877 864-9191"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="organizations", verbose_name=_("languages spoken")
    )
    opening_hours_fr = models.TextField(_("opening hours (French)"), blank=True)
    opening_hours_en = models.TextField(_("opening hours (English)"), blank=True)
    accessibility_fr = models.TextField(
        _("accessibility of the premises (French)"), blank=True,
        help_text=_("Step-free entrance, lift, adapted washrooms, parking… as a visitor would need to know."),
    )
    accessibility_en = models.TextField(_("accessibility of the premises (English)"), blank=True)
    access_fr = models.TextField(
        _("how to get its services (French)"), blank=True,
        help_text=_("In plain words, for a newcomer: walk in, call first, or be referred by whom."),
    )
    access_en = models.TextField(_("how to get its services (English)"), blank=True)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=False)
    referral_intake_email = models.EmailField(
        _("referral intake e-mail"), blank=True, help_text=_("Where new-referral notifications go.")
    )
    referral_intake_phone = models.CharField(_("referral intake phone"), max_length=40, blank=True)
    referral_instructions_fr = models.TextField(_("how to refer (French)"), blank=True)
    referral_instructions_en = models.TextField(_("how to refer (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    hsds_id = models.UUIDField(
        _("HSDS identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("The Open Referral HSDS id of this organisation, stable across exports and imports."),
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="organization",
        help_text=_("The Django group holding this organisation's members (object permissions build on it)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    mandate = Localized("mandate")
    services = Localized("services")
    opening_hours = Localized("opening_hours")
    accessibility = Localized("accessibility")
    access = Localized("access")
    referral_instructions = Localized("referral_instructions")

    objects = OrganizationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("name_en", boost=3),
        index.SearchField("acronym", boost=3),
        index.SearchField("former_name"),
        index.SearchField("mandate_fr"),
        index.SearchField("mandate_en"),
        index.SearchField("services_fr"),
        index.SearchField("services_en"),
        index.SearchField("ascii_name", boost=3),
        index.FilterField("is_active"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        # The directory's pages read 50 organisations in name order: with this index, page 20 of a province
        # reads 1,000 index entries instead of sorting all 2,000 rows (0.5 ms instead of 2-6 ms).
        indexes = [models.Index(fields=["name"], name="organization_name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("manage_organization", _("Can manage the organisation's members and responsibilities"))]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self) -> str:
        """The public role-and-responsibility page, in the active language (no query needed)."""
        return reverse("directory:organization", kwargs={"slug": self.slug})

    # The name in the active language: the English name on English pages where it has one, else the official
    # (French) name. `name` stays the French name that queries and exports use.
    display_name = Localized("name", fallback="name")

    @property
    def short_name(self) -> str:
        return self.acronym or self.display_name

    @property
    def locality(self) -> str:
        """City, province and postal code as Canada Post writes them in each language:
        "Rimouski (Québec) G5L 5J1", "Rimouski QC G5L 5J1"."""
        if self.region and current_language() == "fr":
            place = f"{self.city} ({PROVINCE_NAMES_FR.get(self.region, self.region)})" if self.city \
                else PROVINCE_NAMES_FR.get(self.region, self.region)
        else:
            place = " ".join(part for part in (self.city, self.region) if part)
        return " ".join(part for part in (place, self.postal_code) if part)

    @property
    def full_address(self) -> str:
        """The address on one line: "205, avenue de la Cathédrale, Rimouski (Québec) G5L 5J1"."""
        return ", ".join(part for part in (self.street_address, self.locality) if part)

    def map_url(self) -> str:
        """An OpenStreetMap link to the place (a plain link: no third-party embed, no script on our pages):
        the coordinates when known, else a search for the address; "" without a street or a city.

        The search is written the way OpenStreetMap's geocoder (Nominatim) finds it, in any page language:
        "355 boulevard Saint-Germain Ouest, Rimouski, Québec, Canada". The postal address as Canada Post writes
        it ("355, boulevard …, Rimouski (Québec) G5L 3N2") has parentheses and a postal code, which Nominatim
        may match to nothing."""
        import re
        from urllib.parse import urlencode

        if self.latitude is not None and self.longitude is not None:
            lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
            return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
        if not (self.street_address.strip() or self.city.strip()):
            return ""
        street = re.sub(r"^(\d+\w?)\s*,\s*", r"\1 ", " ".join(self.street_address.split()))
        parts = (street, self.city.strip(), PROVINCE_NAMES_FR.get(self.region, self.region), "Canada")
        return "https://www.openstreetmap.org/search?" + urlencode({"query": ", ".join(part for part in parts if part)})

    def phone_numbers(self) -> list[phones.PhoneNumber]:
        """The public phone numbers, main line first, each with its `tel:` link and its readable form."""
        numbers = [(self.phone, "main"), (self.toll_free_phone, "toll_free")]
        return [phones.PhoneNumber(number, kind) for number, kind in numbers if number.strip()]

    def ascii_name(self) -> str:
        """The name without accents or ligatures, indexed so that "soeurs" finds "Sœurs" on SQLite too, whose
        full-text tokenizer folds accents but not ligatures (PostgreSQL's unaccent does both)."""
        return fold(f"{self.name} {self.name_en} {self.former_name}")

    def services_list(self) -> list[str]:
        return [line.strip() for line in (self.services or "").splitlines() if line.strip()]


class MembershipRole(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    INTAKE = "intake", _("Intake coordinator")
    ADMIN = "admin", _("Organisation admin")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def admins(self):
        return self.filter(role=MembershipRole.ADMIN)

    def managed_by(self, user):
        """Memberships of the organisations the user may manage."""
        return self.filter(organization__in=Organization.objects.managed_by(user))


class Membership(models.Model):
    """A person's account in an organisation, with a role. A person may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.CASEWORKER)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class PathwayStage(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    FIRST_WEEKS = "first_weeks", _("First weeks")
    FIRST_MONTHS = "first_months", _("First months")
    FIRST_YEAR = "first_year", _("First year")


class PathwayStepQuerySet(models.QuerySet):
    def in_stage(self, stage: str):
        return self.filter(stage=stage) if stage else self

    def in_pathway_order(self):
        """Stage by stage (arrival first), then by the step's own order."""
        stage_rank = models.Case(
            *[models.When(stage=value, then=rank) for rank, value in enumerate(PathwayStage.values)],
            default=len(PathwayStage.values),
        )
        return self.order_by(stage_rank, "order", "pk")


class PathwayStep(index.Indexed, models.Model):
    """One step of a newcomer's integration pathway (welcome at the bus, health assessment, school…)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    stage = models.CharField(_("stage"), max_length=20, choices=PathwayStage.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up after (months)"), null=True, blank=True,
        help_text=_("Months after a referral for this step is completed when its sender is reminded to follow up. "
                    "Empty: the platform's default (3 months)."),
    )

    contact_note_fr = models.TextField(
        _("who to contact first (French)"), blank=True,
        help_text=_("Shown first on the \"Who do I contact?\" answer, e.g. the single entry point when several "
                    "organisations lead the step."),
    )
    contact_note_en = models.TextField(_("who to contact first (English)"), blank=True)
    entry_point = models.ForeignKey(
        "Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="entry_point_for",
        verbose_name=_("single entry point"),
        help_text=_("The organisation to contact first when several lead the step (e.g. Francisation Québec)."),
    )
    keywords_fr = models.CharField(
        _("other words for it (French)"), max_length=300, blank=True,
        help_text=_("Words a visitor may search with, e.g. \"docteur, GAMF\"."),
    )
    keywords_en = models.CharField(_("other words for it (English)"), max_length=300, blank=True)

    name = Localized("name")
    description = Localized("description")
    contact_note = Localized("contact_note")

    objects = PathwayStepQuerySet.as_manager()

    search_fields = [
        index.SearchField("name_fr", boost=3),
        index.SearchField("name_en", boost=3),
        index.SearchField("keywords_fr", boost=2),
        index.SearchField("keywords_en", boost=2),
        index.SearchField("description_fr"),
        index.SearchField("description_en"),
        index.SearchField("contact_note_fr"),
        index.SearchField("contact_note_en"),
    ]

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")

    def __str__(self):
        return self.name


class ResponsibilityLevel(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")
    CONSULTED = "consulted", _("Consulted")
    INFORMED = "informed", _("Informed")


class ResponsibilityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, organization__is_active=True)

    def leads(self):
        return self.filter(level=ResponsibilityLevel.LEAD)

    def managed_by(self, user):
        """Responsibilities of the organisations the user may manage."""
        return self.filter(organization__in=Organization.objects.managed_by(user))


class Responsibility(models.Model):
    """An organisation's level of responsibility (RACI-like) for one pathway step."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("organisation")
    )
    step = models.ForeignKey(
        PathwayStep, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("pathway step")
    )
    level = models.CharField(_("level"), max_length=12, choices=ResponsibilityLevel.choices)
    note_fr = models.TextField(_("note (French)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    note = Localized("note")

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        ordering = ["step__order", "organization__name"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [models.UniqueConstraint(fields=["organization", "step"], name="unique_responsibility")]

    def __str__(self):
        return f"{self.organization.short_name} — {self.step} ({self.get_level_display()})"


def user_is_platform_admin(user) -> bool:
    """Superusers, members of the "Platform admins" group (PLATFORM_ADMINS_GROUP) and holders of the
    model-level `change_organization` permission edit everything. Organisation admins hold that permission
    only per object (guardian), which this check ignores."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_directory_platform_admin", None)
    if cached is None:
        cached = user.has_perm("directory.change_organization") or user.groups.filter(
            name=settings.PLATFORM_ADMINS_GROUP
        ).exists()
        user._directory_platform_admin = cached
    return cached


# django-guardian object permissions with direct foreign keys (fast joins, real referential integrity).
class OrganizationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)
