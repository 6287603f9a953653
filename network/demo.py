"""Demo: Rimouski's partnerships since it became a welcome city on 11 January 2017, and the network page.

Dated so the growth from the 2017 framework agreement to today shows on the page; a few ties are
partners-only, one ended (the 2018 TCRI training round). Organisations come from the directory's demo and
are looked up by slug (with the spellings it might use); a partnership whose organisations are missing is
reported and skipped, never invented here.
"""

import datetime

from django.db import transaction

from directory.models import Organization
from network.models import Partnership, PartnershipKind, PartnershipMember
from network.pages import NetworkPage
from portal.demo import ensure_home, ensure_locales, translate_page
from portal.pages import HomePage

D = datetime.date
K = PartnershipKind

# slug, kind, since, until, public, names (fr, en), descriptions (fr, en), members [(org, role fr, role en)]
PARTNERSHIPS = [
    ("entente-cadre-ville-accueil", K.AGREEMENT, D(2017, 1, 11), None, True,
     ("Entente-cadre ville d'accueil", "Welcome-city framework agreement"),
     ("Entente avec le MIDI (aujourd'hui MIFI) qui fait de Rimouski la 14e ville d'accueil des personnes réfugiées "
      "prises en charge par l'État; elle comporte un cahier de charges. Cible : 200 personnes accueillies au "
      "30 juin 2019.",
      "Agreement with MIDI (now MIFI) making Rimouski Québec's 14th welcome city for government-assisted refugees, "
      "with a specification. Target: 200 people welcomed by 30 June 2019."),
     [("mifi", "Signataire et bailleur de fonds", "Signatory and funder"),
      ("aibsl", "Organisme d'accueil", "Settlement agency"),
      ("cisss-bsl", "Santé et services sociaux", "Health and social services"),
      ("css-phares", "Scolarisation et francisation", "Schooling and French classes"),
      ("ville-rimouski", "Municipalité d'accueil", "Host municipality")]),
    ("clinique-refugies", K.SERVICE, D(2017, 4, 1), None, True,
     ("Protocole d'entente — Clinique des réfugiés", "Memorandum of understanding — refugee clinic"),
     ("Évaluation de santé des personnes nouvellement arrivées à la Clinique des réfugiés du CISSS, rencontres "
      "régulières avec l'équipe d'AIBSL.",
      "Health assessment of newcomers at the CISSS refugee clinic, with regular meetings with AIBSL's team."),
     [("cisss-bsl", "Clinique des réfugiés", "Refugee clinic"), ("aibsl", "Accompagnement", "Accompaniment")]),
    ("francisation-phares", K.SERVICE, D(2017, 8, 28), None, True,
     ("Francisation des adultes", "French classes for adults"),
     ("Classes de francisation et rencontres de l'équipe de francisation avec AIBSL.",
      "French classes, and meetings of the French-teaching team with AIBSL."),
     [("css-phares", "Équipe de francisation", "French-teaching team"), ("aibsl", "Inscription", "Enrolment")]),
    ("aide-alimentaire-moisson", K.SERVICE, D(2017, 4, 15), None, True,
     ("Aide alimentaire", "Food aid"),
     ("Dépannage alimentaire des familles à leur arrivée.", "Emergency food for families on arrival."),
     [("moisson", "Banque alimentaire", "Food bank"), ("aibsl", "Référence", "Referral")]),
    ("soeurs-saint-rosaire-accueil", K.INFORMAL, D(2017, 4, 1), None, True,
     ("Accueil avec les Sœurs du Saint-Rosaire", "Welcome with the Sœurs du Saint-Rosaire"),
     ("Bénévoles, hébergement temporaire et accompagnement des familles.",
      "Volunteers, temporary housing and accompaniment of families."),
     [("soeurs-saint-rosaire", "Bénévoles", "Volunteers"), ("aibsl", "", "")]),
    ("jumelage-trait-union", K.INFORMAL, D(2018, 6, 1), None, True,
     ("Jumelage et Collectif Trait d'Union", "Twinning and the Collectif Trait d'Union"),
     ("Jumelage de familles avec des bénévoles de Rimouski; engagement de la communauté locale.",
      "Twinning of families with Rimouski volunteers; the local community's commitment."),
     [("trait-union", "Engagement de la communauté locale", "Local community's commitment"),
      ("jumelage-benevoles", "Bénévoles jumeaux", "Twinning volunteers"),
      ("aibsl", "Intervenante en jumelage", "Twinning worker")]),
    ("tcri-membre", K.CONCERTATION, D(2016, 1, 1), None, True,
     ("Membre de la TCRI", "Member of the TCRI"), ("", ""),
     [("tcri", "Regroupement provincial", "Provincial umbrella"), ("aibsl", "Membre", "Member")]),
    ("formation-tcri-2018", K.SERVICE, D(2018, 2, 1), D(2018, 12, 31), True,
     ("Formation de la TCRI des acteurs du milieu", "TCRI training of local actors"),
     ("Formation sur l'accueil des personnes réfugiées pour tous les acteurs du milieu (2018).",
      "Training on welcoming refugees for every local actor (2018)."),
     [("tcri", "Formatrice", "Trainer"), ("aibsl", "", ""), ("cisss-bsl", "", ""), ("css-phares", "", ""),
      ("ville-rimouski", "", "")]),
    ("antenne-mifi", K.SERVICE, D(2017, 1, 11), None, True,
     ("Antenne régionale du MIFI", "MIFI regional office"),
     ("Programme d'accompagnement financé selon la cible fixée par le ministère.",
      "Support programme funded according to the ministry's target."),
     [("mifi", "Bailleur de fonds", "Funder"), ("aibsl", "Mandataire", "Contractor")]),
    ("services-quebec-ramq", K.INFORMAL, D(2017, 4, 1), None, True,
     ("Carte d'assurance maladie et programmes", "Health insurance card and programmes"), ("", ""),
     [("services-quebec", "", ""), ("aibsl", "Accompagnement", "Accompaniment")]),
    ("service-canada-nas", K.INFORMAL, D(2017, 4, 1), None, True,
     ("Numéro d'assurance sociale et prestations", "Social insurance number and benefits"), ("", ""),
     [("service-canada", "", ""), ("aibsl", "Accompagnement", "Accompaniment")]),
    ("soper-emploi", K.SERVICE, D(2019, 9, 1), None, True,
     ("Intégration en emploi", "Employment integration"), ("", ""),
     [("soper", "Développement économique", "Economic development"), ("aibsl", "", ""),
      ("employeurs", "Stages et emplois", "Placements and jobs")]),
    ("soper-ville", K.AGREEMENT, D(2015, 1, 1), None, True,
     ("Mandat de développement économique", "Economic development mandate"), ("", ""),
     [("ville-rimouski", "Mandante", "Principal"), ("soper", "Mandataire", "Agent")]),
    ("maison-des-familles-accueil", K.SERVICE, D(2018, 9, 1), None, True,
     ("Activités familles nouvellement arrivées", "Activities for newly arrived families"), ("", ""),
     [("maison-familles", "", ""), ("aibsl", "", "")]),
    ("centre-de-femmes-accueil", K.INFORMAL, D(2019, 3, 8), None, True,
     ("Accueil des femmes nouvellement arrivées", "Welcome for newly arrived women"), ("", ""),
     [("centre-femmes", "", ""), ("aibsl", "", "")]),
    ("accueil-maternite-suivi", K.INFORMAL, D(2019, 5, 1), None, False,
     ("Suivi de grossesse des nouvelles arrivantes", "Pregnancy follow-up for newcomers"), ("", ""),
     [("accueil-maternite", "", ""), ("aibsl", "", "")]),
    ("pediatrie-sociale-enfants", K.SERVICE, D(2020, 10, 1), None, True,
     ("Pédiatrie sociale pour les enfants réfugiés", "Social paediatrics for refugee children"), ("", ""),
     [("pediatrie-sociale", "", ""), ("aibsl", "", ""), ("cisss-bsl", "", "")]),
    ("la-debrouille-aide", K.INFORMAL, D(2021, 4, 1), None, False,
     ("Soutien aux femmes victimes de violence", "Support for women facing violence"), ("", ""),
     [("la-debrouille", "", ""), ("aibsl", "", "")]),
    ("calacs-aide", K.INFORMAL, D(2022, 1, 15), None, False,
     ("Aide en matière d'agression sexuelle", "Help after sexual assault"), ("", ""),
     [("calacs", "", ""), ("aibsl", "", "")]),
    ("logement-proprietaires", K.INFORMAL, D(2017, 4, 1), None, True,
     ("Recherche de logements permanents", "Finding permanent housing"), ("", ""),
     [("proprietaires", "Logements", "Housing"), ("aibsl", "Accompagnement", "Accompaniment")]),
    ("comptes-bancaires", K.INFORMAL, D(2017, 4, 1), None, True,
     ("Ouverture des comptes bancaires", "Opening bank accounts"), ("", ""),
     [("institutions-financieres", "", ""), ("aibsl", "Accompagnement", "Accompaniment")]),
    ("deputes-dossiers", K.INFORMAL, D(2018, 9, 1), None, False,
     ("Suivi des dossiers d'immigration complexes", "Follow-up of complex immigration files"), ("", ""),
     [("deputes", "", ""), ("aibsl", "", "")]),
    ("cpe-places", K.INFORMAL, D(2019, 8, 15), None, True,
     ("Places en CPE pour les enfants réfugiés", "Daycare places for refugee children"), ("", ""),
     [("cpe", "", ""), ("aibsl", "", "")]),
]

# Table de concertation en immigration Rimouski-Neigette: one membership per seat, dated.
TABLE_SEATS = [
    ("ville-rimouski", D(2012, 1, 1), "Coordination (Ville de Rimouski)", "Coordination (City of Rimouski)"),
    ("aibsl", D(2012, 1, 1), "Membre", "Member"),
    ("cisss-bsl", D(2017, 9, 1), "Membre", "Member"),
    ("css-phares", D(2017, 9, 1), "Membre", "Member"),
    ("soper", D(2018, 1, 15), "Membre", "Member"),
    ("mifi", D(2017, 9, 1), "Observateur", "Observer"),
]

PAGE = {
    "fr": {"title": "Réseau partenarial", "slug": "reseau",
           "intro": "<p>Qui travaille avec qui depuis que Rimouski est devenue ville d'accueil, le 11 janvier 2017. "
                    "AIBSL, l'organisme d'accueil, fait le pont entre les partenaires de l'État liés par "
                    "l'entente-cadre et les organismes du milieu : sans elle, plusieurs organismes communautaires "
                    "ne seraient reliés à personne.</p>"},
    "en": {"title": "Partnership network", "slug": "network",
           "intro": "<p>Who works with whom since Rimouski became a welcome city on 11 January 2017. AIBSL, the "
                    "settlement agency, bridges the state partners bound by the framework agreement and the "
                    "community organisations: without it, several community organisations would be tied to no "
                    "one.</p>"},
}


def find_organizations(slugs) -> dict[str, Organization]:
    """Our slugs → the directory demo's organisations (the directory demo owns the slugs)."""
    return {org.slug: org for org in Organization.objects.filter(slug__in=list(slugs))}


def ensure_partnership(*, slug, kind, since, until, is_public, names, descriptions, members, orgs) -> bool:
    present = [(orgs[s], role_fr, role_en) for s, role_fr, role_en in members if s in orgs]
    if len(present) < 2:
        return False
    partnership, _created = Partnership.objects.update_or_create(slug=slug, defaults={
        "kind": kind, "since": since, "until": until, "is_public": is_public, "name_fr": names[0],
        "name_en": names[1], "description_fr": descriptions[0], "description_en": descriptions[1]})
    keep = []
    for org, role_fr, role_en in present:
        PartnershipMember.objects.update_or_create(partnership=partnership, organization=org,
                                                   defaults={"role_fr": role_fr, "role_en": role_en})
        keep.append(org.pk)
    partnership.members.exclude(organization_id__in=keep).delete()
    return True


def ensure_network_page(home: HomePage) -> NetworkPage:
    _fr, en = ensure_locales()
    page = NetworkPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = NetworkPage(locale=home.locale, show_in_menus=True, **PAGE["fr"])
        home.add_child(instance=page)
    for key, value in PAGE["fr"].items():
        setattr(page, key, value)
    page.show_in_menus = True
    page.save_revision().publish()
    translation = translate_page(page, en, PAGE["en"])
    if not translation.show_in_menus:
        translation.show_in_menus = True
        translation.save_revision().publish()
    return page


@transaction.atomic
def load(ctx) -> None:
    slugs = {s for p in PARTNERSHIPS for s, _fr, _en in p[7]} | {s for s, *_ in TABLE_SEATS} | {"table-immigration"}
    orgs = find_organizations(slugs)
    missing = sorted(slugs - set(orgs))
    if missing:
        ctx.say(f"  network: organisations not in the directory, their partnerships skipped: {', '.join(missing)}")
    created = 0
    for slug, kind, since, until, public, names, descriptions, members in ctx.progress(PARTNERSHIPS,
                                                                                        desc="Partnerships"):
        created += ensure_partnership(slug=slug, kind=kind, since=since, until=until, is_public=public, names=names,
                                      descriptions=descriptions, members=members, orgs=orgs)
    for org_slug, since, role_fr, role_en in TABLE_SEATS:
        created += ensure_partnership(
            slug=f"table-immigration-{org_slug}", kind=K.CONCERTATION, since=since, until=None, is_public=True,
            names=("Table de concertation en immigration Rimouski-Neigette",
                   "Rimouski-Neigette immigration concertation table"),
            descriptions=("Siège à la Table de concertation en immigration Rimouski-Neigette.",
                          "A seat at the Rimouski-Neigette immigration concertation table."),
            members=[("table-immigration", "Table", "Table"), (org_slug, role_fr, role_en)], orgs=orgs)
    ctx.say(f"  network: {created} partnerships")
    fr, _en = ensure_locales()
    ensure_network_page(HomePage.objects.filter(locale=fr).first() or ensure_home())
