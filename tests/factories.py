"""The one set of test builders. Each builds only what a test asks for, through the services wherever a
service exists (so an organisation always has its group, a membership puts its user in that group, a
referral carries its consent, events and permissions), never the whole demo.

People and organisations: `make_user`, `make_superuser`, `make_organization`, `make_member`, `make_admin`,
`add_membership`. The directory: `make_step`, `make_responsibility`, `make_sector`, `make_language`.
Referrals: `make_referral`, `person_data`, `consent_data`, and `World` (the three-organisation personas).
The network: `make_partnership`. The arrivals register: `Register` (its three personas, households through
`household_create`, an agreement). Pages: `make_home`, `add_page`, `translate`, `make_directory_page`,
`make_network_page` and the portal's page builders.
"""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from arrivals import services as arrival_services
from arrivals.models import Agreement, Country
from directory import services as directory_services
from directory.models import (
    Language,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    PathwayStage,
    PathwayStep,
    ResponsibilityLevel,
    Sector,
)
from network.models import Partnership, PartnershipKind, PartnershipMember
from referrals import services as referral_services
from referrals.models import ConsentMethod, Referral, Urgency

_seq = itertools.count(1)
PASSWORD = "not-a-real-password-1"


# --- people and organisations -----------------------------------------------------------------------------


def make_user(username: str | None = None, organization: Organization | None = None, *,
              role: str = MembershipRole.CASEWORKER, **fields):
    """A user; with `organization`, a member of it (through `membership_add`)."""
    user = get_user_model().objects.create_user(username=username or f"user{next(_seq)}", password=PASSWORD,
                                                **fields)
    if organization is not None:
        add_membership(user, organization, role)
    return user


def make_superuser(username: str = "platform"):
    return get_user_model().objects.create_superuser(username=username, password=PASSWORD, email="")


def make_organization(slug: str | None = None, *, kind: str = OrganizationKind.COMMUNITY,
                      accepts_referrals: bool = True, **fields) -> Organization:
    """An organisation with its members' group, through `organization_create`."""
    slug = slug or f"org-{next(_seq)}"
    fields.setdefault("name", slug.upper())
    fields.setdefault("mandate_fr", f"Mandat de {slug}.")
    fields.setdefault("mandate_en", f"Mandate of {slug}.")
    return directory_services.organization_create(slug=slug, kind=kind, accepts_referrals=accepts_referrals,
                                                  **fields)


def add_membership(user, organization: Organization, role: str = MembershipRole.CASEWORKER):
    """A membership through the directory's service, which also puts the user in the organisation's group."""
    directory_services.membership_add(user=user, organization=organization, role=role)
    return user


def make_member(organization: Organization, role: str = MembershipRole.CASEWORKER, *, username: str | None = None,
                **fields):
    return make_user(username or f"{role}-{organization.slug}-{next(_seq)}", organization, role=role, **fields)


def make_admin(organization: Organization, username: str | None = None):
    return make_member(organization, MembershipRole.ADMIN, username=username)


# --- the directory ----------------------------------------------------------------------------------------


def make_step(slug: str | None = None, *, stage: str = PathwayStage.ARRIVAL, order: int = 0, **fields):
    number = next(_seq)
    fields.setdefault("name_fr", f"Étape {slug or number}")
    fields.setdefault("name_en", f"Step {slug or number}")
    return PathwayStep.objects.create(slug=slug or f"step-{number}", stage=stage, order=order, **fields)


def make_responsibility(organization, step, level: str = ResponsibilityLevel.LEAD, **fields):
    return directory_services.responsibility_set(organization=organization, step=step, level=level, **fields)


def make_sector(slug: str = "health", name_fr: str = "Santé", name_en: str = "Health"):
    return Sector.objects.get_or_create(slug=slug, defaults={"name_fr": name_fr, "name_en": name_en})[0]


def make_language(code: str = "es", name_fr: str = "Espagnol", name_en: str = "Spanish"):
    return Language.objects.get_or_create(code=code, defaults={"name_fr": name_fr, "name_en": name_en})[0]


# --- referrals --------------------------------------------------------------------------------------------


def person_data(**overrides):
    data = {"full_name": "Personne Fictive A.", "birth_year": 1990, "household_size": 3, "contact": "418-555-0100"}
    data.update(overrides)
    return data


def consent_data(user, **overrides):
    data = {"obtained_by": user, "obtained_at": timezone.now(), "method": ConsentMethod.VERBAL,
            "purpose": "Évaluation de santé"}
    data.update(overrides)
    return data


def _a_member_of(organization: Organization):
    membership = Membership.objects.filter(organization=organization, is_active=True).select_related("user").first()
    return membership.user if membership else make_member(organization)


def make_referral(sender_user, sender: Organization, receiver: Organization, *, send: bool = True, step=None,
                  urgency: str = Urgency.ROUTINE, state: str | None = None, sent_at=None, **kwargs) -> Referral:
    """A referral created (and sent, unless send=False) through the services by `sender_user` acting for
    `sender` (None: any member of it, made if needed). `state` and `sent_at` then move the row as if time
    had passed — for readers of those columns only (statistics, the network), not for transition tests."""
    sender_user = sender_user or _a_member_of(sender)
    referral = referral_services.referral_create(
        user=sender_user,
        sender=sender,
        receiver=receiver,
        pathway_step=step,
        reason=kwargs.pop("reason", "Besoin d'une évaluation."),
        urgency=urgency,
        person=kwargs.pop("person", person_data()),
        consent=kwargs.pop("consent", consent_data(sender_user)),
    )
    if send and state != "draft":
        referral = referral_services.referral_send(referral=referral, user=sender_user)
    changes = {name: value for name, value in (("state", state), ("sent_at", sent_at)) if value is not None}
    if changes:
        Referral.objects.filter(pk=referral.pk).update(**changes)
        referral.refresh_from_db()
    return referral


class World:
    """The three-persona world: a sender, a receiver (intake + caseworker), and a third organisation."""

    def __init__(self):
        self.sender = make_organization("aibsl-t")
        self.receiver = make_organization("cisss-t")
        self.third = make_organization("tiers-t")
        self.sender_cw = make_member(self.sender, MembershipRole.CASEWORKER, username="alice")
        self.sender_intake = make_member(self.sender, MembershipRole.INTAKE, username="anne")
        self.sender_admin = make_member(self.sender, MembershipRole.ADMIN, username="amelie")
        self.receiver_intake = make_member(self.receiver, MembershipRole.INTAKE, username="bob")
        self.receiver_intake2 = make_member(self.receiver, MembershipRole.INTAKE, username="bea")
        self.receiver_cw = make_member(self.receiver, MembershipRole.CASEWORKER, username="bruno")
        self.receiver_admin = make_member(self.receiver, MembershipRole.ADMIN, username="berthe")
        self.third_cw = make_member(self.third, MembershipRole.INTAKE, username="charlie")
        self.third_intake = self.third_cw


# --- the network ------------------------------------------------------------------------------------------


def make_partnership(members, *, kind: str = PartnershipKind.SERVICE, since=dt.date(2018, 1, 1), until=None,
                     is_public: bool = True, slug: str | None = None, name: str = "") -> Partnership:
    number = next(_seq)
    partnership = Partnership.objects.create(
        slug=slug or f"partnership-{number}", kind=kind, name_fr=name or f"Entente {number}",
        name_en=name or f"Agreement {number}", since=since, until=until, is_public=is_public)
    for organization in members:
        PartnershipMember.objects.create(partnership=partnership, organization=organization)
    return partnership


# --- pages ------------------------------------------------------------------------------------------------


def make_home(**fields):
    """A French home page at the default site's root and its English translation: (home_fr, home_en)."""
    from portal.demo import ensure_locales, translate_page
    from portal.pages import HomePage

    fr, en = ensure_locales()
    home = HomePage(title=fields.pop("title", "Accueil"), slug="accueil", locale=fr, **fields)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home, translate_page(home, en, {"title": "Home"})


def add_page(parent, model, *, publish=True, **fields):
    fields.setdefault("slug", slugify(fields["title"]))
    page = model(locale_id=parent.locale_id, live=publish, **fields)
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def translate(page, **fields):
    from portal.demo import translate_page

    return translate_page(page, Locale.objects.get(language_code="en"), fields)


def make_theme(slug="sante", name_fr="Santé", name_en="Health"):
    from portal.models import PracticeTheme

    return PracticeTheme.objects.create(slug=slug, name_fr=name_fr, name_en=name_en)


def make_practice_index(home):
    from portal.pages import PracticeIndexPage

    return add_page(home, PracticeIndexPage, title="Pratiques gagnantes", slug="pratiques", show_in_menus=True)


def make_practice(index, title, *, themes=(), **fields):
    from portal.pages import PracticePage

    fields.setdefault("summary", f"Résumé de {title}.")
    return add_page(index, PracticePage, title=title, themes=list(themes), **fields)


def make_calendar(home):
    from portal.pages import EventIndexPage

    return add_page(home, EventIndexPage, title="Calendrier", slug="calendrier", show_in_menus=True)


def local(year, month, day, hour=0, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def make_event(calendar, title, *, start, end=None, all_day=False, **fields):
    from portal.pages import EventPage

    fields.setdefault("place", "Hôtel de ville de Rimouski")
    fields.setdefault("summary", f"À propos de {title}.")
    return add_page(calendar, EventPage, title=title, start=start, end=end, all_day=all_day, **fields)


def _test_home():
    """A French home page at the site root for an app's page (hostname testserver), in a tree a transactional
    test may have flushed."""
    from portal.demo import ensure_locales
    from portal.pages import HomePage

    fr, _en = ensure_locales()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=fr))
    home = HomePage(title="Accueil", slug="accueil-test", locale=fr)
    root.add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "port": 80,
                                                                  "root_page": home, "site_name": "Passerelle"})
    return home


def make_directory_page():
    """A home page at the site root with the directory under it, in French and in English."""
    from directory.pages import DirectoryIndexPage
    from portal.demo import translate_page

    home = _test_home()
    en = Locale.objects.get(language_code="en")
    page = DirectoryIndexPage(title="Répertoire", slug="repertoire", locale=home.locale, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    translate_page(home, en, {"title": "Home"})
    translate_page(page, en, {"title": "Directory", "slug": "directory"})
    return page


def make_network_page(title: str = "Réseau", slug: str = "reseau"):
    """A French home page with a NetworkPage under it, served at /reseau/ (and no English translation)."""
    from network.pages import NetworkPage

    home = _test_home()
    page = NetworkPage(title=title, slug=slug, locale=home.locale, show_in_menus=True)
    home.add_child(instance=page)
    return page


# --- the arrivals register -------------------------------------------------------------------------------


class Register:
    """Three personas: `member` of the welcoming organisation, `partner` (caseworker of another organisation
    that accepts referrals), and the anonymous visitor (no user)."""

    def __init__(self, steps: int = 2):
        self.welcoming = make_organization("aibsl-test", accepts_referrals=True)
        self.partner_org = make_organization("cisss-test", accepts_referrals=True)
        self.funder = make_organization("mifi-test", kind="state")
        self.member = make_member(self.welcoming, role="intake", username="alice")
        self.partner = make_member(self.partner_org, role="intake", username="charlie")
        self.steps = [make_step(f"routine-{n}", order=n) for n in range(steps)]
        self.spanish = make_language("es", "Espagnol", "Spanish")
        self.colombia = Country.objects.get_or_create(code="CO", defaults={"name_fr": "Colombie",
                                                                           "name_en": "Colombia"})[0]

    def household(self, *, arrival=dt.date(2018, 3, 1), adults=2, children=1, **fields):
        fields.setdefault("family_name", f"Famille Fictive-{next(_seq)}")
        return arrival_services.household_create(
            user=self.member,
            organization=self.welcoming,
            arrival_date=arrival,
            composition={"adults_18_64": adults, "children_5_11": children},
            languages=[self.spanish],
            countries=[self.colombia],
            persons=[{"full_name": "Personne Fictive A.", "birth_year": 1980, "relationship": "principal"}],
            **fields,
        )

    def agreement(self, target=200, start=dt.date(2017, 1, 11), end=dt.date(2019, 6, 30)):
        return Agreement.objects.create(name="Entente-cadre", funder=self.funder, organization=self.welcoming,
                                        start=start, end=end, target_persons=target)


# --- two-step verification ---------------------------------------------------------------------------------
def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show for this device now (or `steps_ahead` 30-second steps later:
    a code is accepted once, so a second code in the same step must be the next one)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def give_second_factor(user):
    """Two-step verification set up through the services, as the account page does; returns (device, the
    recovery codes)."""
    from accounts import services as account_services

    device = account_services.second_factor_begin(user=user)
    return account_services.second_factor_confirm(user=user, code=totp_code(device))
