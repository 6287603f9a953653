"""The directory's part of `passerelle demo`: Rimouski's stakeholders, the pathway, who does what, the
directory page in French and English, and demo accounts. Idempotent: rows are found by slug or code."""

from django.db import transaction
from wagtail.models import Locale

from directory import services
from directory.demo_data import (
    LANGUAGES,
    ORGANIZATIONS,
    REFERRAL_PARTNERS,
    RESPONSIBILITIES,
    SECTORS,
    STEP_NOTES,
    STEPS,
)
from directory.models import Language, MembershipRole, Organization, PathwayStep, Sector
from directory.pages import DirectoryIndexPage

DIRECTORY_PAGE = {
    "fr": {
        "title": "Répertoire des partenaires",
        "slug": "repertoire",
        "intro": "<p>Qui fait quoi pour accueillir les personnes réfugiées à Rimouski : le mandat de chaque "
        "partenaire, ses responsabilités dans le parcours d'intégration et la façon de le joindre.</p>",
        "matrix_intro": "<p>La matrice montre, pour chaque étape du parcours, l'organisme porteur, ceux qui le "
        "soutiennent, ceux qu'on consulte et ceux qu'on informe — et les trous et chevauchements à régler "
        "ensemble.</p>",
    },
    # The English page has an English slug (/en/directory/); its routes' URLs in the other language reach the
    # language switcher through the page's route context.
    "en": {
        "title": "Partner directory",
        "slug": "directory",
        "intro": "<p>Who does what to welcome refugees in Rimouski: each partner's mandate, its responsibilities "
        "in the integration pathway, and how to reach it.</p>",
        "matrix_intro": "<p>For each step of the pathway, the matrix shows the lead organisation, those that support "
        "it, those consulted and those informed — and the gaps and overlaps to settle together.</p>",
    },
}

ROLE_ACCOUNTS = [
    (MembershipRole.ADMIN, "admin", "Admin"),
    (MembershipRole.INTAKE, "accueil", "Accueil"),
    (MembershipRole.CASEWORKER, "intervenant", "Intervenant·e"),
]


def load(ctx) -> None:
    with transaction.atomic():
        sectors = {
            slug: Sector.objects.update_or_create(slug=slug, defaults={"name_fr": fr, "name_en": en})[0]
            for slug, fr, en in SECTORS
        }
        languages = {
            code: Language.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})[0]
            for code, fr, en in LANGUAGES
        }
        organizations = {}
        for number, data in enumerate(ctx.progress(ORGANIZATIONS, desc="Organisations")):
            organizations[data["slug"]] = _ensure_organization(data, sectors, languages, number)
        steps = {}
        for slug, stage, order, name_fr, name_en, description_fr, description_en in STEPS:
            notes = dict(STEP_NOTES.get(slug, {}))
            entry_point = notes.pop("entry_point", None)
            steps[slug] = PathwayStep.objects.update_or_create(
                slug=slug,
                defaults={"stage": stage, "order": order, "name_fr": name_fr, "name_en": name_en,
                          "description_fr": description_fr, "description_en": description_en,
                          "entry_point": organizations[entry_point] if entry_point else None, **notes},
            )[0]
        for step, organization, level, note_fr, note_en in ctx.progress(RESPONSIBILITIES, desc="Responsibilities"):
            services.responsibility_set(
                organization=organizations[organization], step=steps[step], level=level, note_fr=note_fr,
                note_en=note_en,
            )
        _ensure_accounts(ctx, organizations)
        _ensure_directory_page()
    ctx.say(f"  {len(organizations)} organisations, {len(steps)} steps, {len(RESPONSIBILITIES)} responsibilities.")


def _ensure_organization(data: dict, sectors: dict, languages: dict, number: int) -> Organization:
    slug = data["slug"]
    phone = f"418 555-{100 + number:04d}"  # 555-0100 to 0199: fictitious, where no public number is known
    fields = {
        "name": data["name"],
        "name_en": data.get("name_en", ""),
        "acronym": data.get("acronym", ""),
        "kind": data["kind"],
        "former_name": data.get("former_name", ""),
        "mandate_fr": data["mandate_fr"],
        "mandate_en": data["mandate_en"],
        "services_fr": data.get("services_fr", ""),
        "services_en": data.get("services_en", ""),
        # Real public addresses and switchboard numbers where they are known (directory/demo_data.py).
        "street_address": data.get("street_address", ""),
        "city": data.get("city", "Rimouski"),
        "region": "QC" if data.get("city", "Rimouski") else "",
        "postal_code": data.get("postal_code", ""),
        "phone": data.get("phone") or ("" if data.get("toll_free_phone") else phone),
        "toll_free_phone": data.get("toll_free_phone", ""),
        "access_fr": data.get("access_fr", ""),
        "access_en": data.get("access_en", ""),
        "email": f"info@{slug}.example.org",
        "referral_intake_phone": phone if data["referrals"] else "",
        "accepts_referrals": data["referrals"],
        "referral_intake_email": f"references@{slug}.example.org" if data["referrals"] else "",
        "opening_hours_fr": "Du lundi au vendredi, de 8 h 30 à 16 h 30" if data["kind"] != "citizen" else "",
        "opening_hours_en": "Monday to Friday, 8:30 a.m. to 4:30 p.m." if data["kind"] != "citizen" else "",
        "referral_instructions_fr": "Envoyez la référence par Passerelle ; l'équipe d'accueil répond en deux jours "
        "ouvrables." if data["referrals"] else "",
        "referral_instructions_en": "Send the referral through Passerelle; the intake team answers within two "
        "working days." if data["referrals"] else "",
    }
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        organization = services.organization_create(slug=slug, **fields)
    else:
        for name, value in fields.items():
            setattr(organization, name, value)
        organization.save()
        services.organization_ensure_group(organization=organization)
    organization.sectors.set([sectors[s] for s in data["sectors"]])
    organization.languages.set([languages[code] for code in data["languages"]])
    return organization


def _ensure_accounts(ctx, organizations: dict) -> None:
    platform_admin = ctx.ensure_user(
        username="admin", first_name="Admin", last_name="Démo (plateforme)", email="admin@passerelle.example.org",
        organization="Passerelle", role="platform admin (superuser)", is_superuser=True,
    )
    platform_admin.groups.add(services.platform_admins_group())
    for slug, organization in ctx.progress(organizations.items(), desc="Accounts", total=len(organizations)):
        roles = ROLE_ACCOUNTS if slug in REFERRAL_PARTNERS else ROLE_ACCOUNTS[:1]
        for role, suffix, label in roles:
            user = ctx.ensure_user(
                username=f"{slug}-{suffix}",
                first_name=label,
                last_name=f"Démo {organization.short_name}",
                email=f"{slug}-{suffix}@passerelle.example.org",
                organization=organization.short_name,
                role=str(role.label),
            )
            services.membership_add(user=user, organization=organization, role=role)


def _ensure_directory_page() -> DirectoryIndexPage:
    """The directory page under the French home page, shown in the menu, and its English translation."""
    from portal.demo import ensure_home, translate_page

    home = ensure_home()
    page = DirectoryIndexPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = DirectoryIndexPage(locale=home.locale, show_in_menus=True, **DIRECTORY_PAGE["fr"])
        home.add_child(instance=page)
    else:
        for key, value in DIRECTORY_PAGE["fr"].items():
            setattr(page, key, value)
        page.show_in_menus = True
    page.save_revision().publish()
    english, _created = Locale.objects.get_or_create(language_code="en")
    translate_page(page, english, {**DIRECTORY_PAGE["en"], "show_in_menus": True})
    return page
