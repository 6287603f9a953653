"""The partner space's part of `passerelle demo`: collections for every organisation, the table and the
agreements; the framework agreement of 2017 with its cahier de charges, the CISSS refugee-clinic protocol;
the Table de concertation with three meetings (two held, with minutes and decisions, one coming), actions on
the daycare gap and the housing-search overlap; a TCRI training for all partners.

Idempotent: collections by owner, documents by collection and title, meetings by table and title, decisions
and actions by table and text. Dates of meetings are placed around the day the demo runs.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from concertation import services
from concertation.models import (
    ActionItem,
    ActionStatus,
    Decision,
    Meeting,
    PartnerEvent,
    SharedDocument,
    TableVisibility,
    Visibility,
)
from concertation.pdf import pdf_bytes
from directory.models import Organization, PathwayStep
from network.models import Partnership

TABLE = "table-immigration"

# collection owner (organisation slug or "partnership:<slug>"), title, visibility, language, tags, description,
# text of the PDF, review date, uploader (organisation whose admin account uploads it)
DOCUMENTS = [
    ("partnership:entente-cadre-ville-accueil", "Entente-cadre ville d'accueil (2017)", Visibility.PARTNERS, "fr",
     ["entente", "ville d'accueil", "MIFI"],
     "Entente du 11 janvier 2017 entre le MIDI (aujourd'hui MIFI), AIBSL, le CISSS du Bas-Saint-Laurent, la "
     "Commission scolaire des Phares (aujourd'hui Centre de services scolaire) et la Ville de Rimouski, qui fait "
     "de Rimouski la 14e ville d'accueil des personnes réfugiées prises en charge par l'État.",
     "Entente-cadre ville d'accueil Rimouski 2017. Cible : 200 personnes accueillies au 30 juin 2019.",
     datetime.date(2027, 1, 11), "aibsl"),
    ("partnership:entente-cadre-ville-accueil", "Cahier de charges de l'entente-cadre", Visibility.MEMBERS, "fr",
     ["entente", "cahier de charges"],
     "Le cahier de charges qui accompagne l'entente-cadre : rôles de chaque signataire, services attendus, "
     "reddition de comptes.",
     "Cahier de charges de l'entente-cadre ville d'accueil : roles et responsabilites des signataires.",
     datetime.date(2027, 1, 11), "aibsl"),
    ("partnership:clinique-refugies", "Protocole d'entente — Clinique des réfugiés (CISSS)", Visibility.PARTNERS,
     "fr", ["protocole", "santé", "clinique des réfugiés"],
     "Protocole entre le CISSS du Bas-Saint-Laurent et AIBSL : évaluation de santé des personnes nouvellement "
     "arrivées à la Clinique des réfugiés, rencontres régulières des équipes.",
     "Protocole d'entente Clinique des refugies CISSS du Bas-Saint-Laurent et AIBSL : evaluation de sante.",
     datetime.date(2026, 12, 31), "cisss-bsl"),
    ("aibsl", "Rimouski, ville d'accueil — présentation aux partenaires", Visibility.PUBLIC, "fr",
     ["présentation", "ville d'accueil"],
     "La présentation d'AIBSL : le parcours des personnes réfugiées, les partenaires, les pratiques gagnantes.",
     "Rimouski ville d'accueil : presentation d'Accueil et Integration Bas-Saint-Laurent.", None, "aibsl"),
]

# title, days from today, place, agenda, minutes title (None for the coming meeting), attendance
MEETINGS = [
    ("Rencontre de la Table — bilan de l'accueil", -70, "Hôtel de ville de Rimouski, salle du conseil",
     "Bilan des arrivées de l'année\nPlaces en garderie : un trou dans la matrice\nRecherche de logement : qui porte ?",
     "Procès-verbal — bilan de l'accueil",
     {"ville-rimouski": "present", "aibsl": "present", "cisss-bsl": "present", "css-phares": "excused",
      "soper": "present", "mifi": "absent"}),
    ("Rencontre de la Table — logement et garderie", -20, "AIBSL, salle de formation",
     "Suivi du comité garderie\nProtocole AIBSL–Ville pour la recherche de logement\nFormation TCRI",
     "Procès-verbal — logement et garderie",
     {"ville-rimouski": "present", "aibsl": "present", "cisss-bsl": "present", "css-phares": "present",
      "soper": "excused", "mifi": "present"}),
    ("Rencontre de la Table — plan d'action", 25, "",
     "Plan d'action de l'année\nRetour sur les actions en cours\nCalendrier des rencontres", None, {}),
]

# meeting index, step slug, text, visibility
DECISIONS = [
    (0, "garderie", "Former un comité garderie avec les CPE, la Maison des familles et AIBSL pour trouver un "
                    "porteur à l'accès aux places en garderie.", TableVisibility.PARTNERS),
    (1, "logement-permanent", "AIBSL porte la recherche de logement des familles; la Ville (office municipal "
                              "d'habitation) soutient pour les logements sociaux. Un protocole l'écrira.",
     TableVisibility.PARTNERS),
]

# decision index, step, owner slug, text, days to due date, status, visibility
ACTIONS = [
    (0, "garderie", "aibsl", "Recenser les besoins de garde des familles arrivées cette année.", 20,
     ActionStatus.IN_PROGRESS, TableVisibility.PARTNERS),
    (0, "garderie", "cpe", "Proposer un nombre de places réservées aux familles nouvellement arrivées.", 45,
     ActionStatus.OPEN, TableVisibility.PARTNERS),
    (1, "logement-permanent", "ville-rimouski", "Rédiger avec AIBSL le protocole de partage des rôles pour la "
                                                "recherche de logement.", 6, ActionStatus.OPEN,
     TableVisibility.PARTNERS),
    (1, "logement-permanent", "aibsl", "Tenir la liste des propriétaires partenaires à jour.", -5,
     ActionStatus.DONE, TableVisibility.MEMBERS),
]


def _uploader(slug: str):
    User = get_user_model()
    return (User.objects.filter(username=f"{slug}-admin").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first())


def _collection(owner: str, orgs, partnerships):
    if owner.startswith("partnership:"):
        partnership = partnerships.get(owner.split(":", 1)[1])
        return services.shared_collection_ensure(partnership=partnership) if partnership else None
    organization = orgs.get(owner)
    return services.shared_collection_ensure(organization=organization) if organization else None


def _ensure_document(*, shared, title, visibility, language, tags, description, text, review_date, user):
    existing = SharedDocument.objects.filter(collection=shared.collection, title=title).first()
    if existing is not None:
        return existing, False
    file = ContentFile(pdf_bytes(text), name="document.pdf")
    document = services.document_upload(user=user, shared_collection=shared, file=file, title=title,
                                        description=description, language=language, review_date=review_date,
                                        visibility=visibility, tags=tags)
    return document, True


def load(ctx) -> None:
    orgs = {org.slug: org for org in Organization.objects.active()}
    table = orgs.get(TABLE)
    if table is None or _uploader(TABLE) is None:
        ctx.say("  concertation: the directory demo is not there yet; skipped.")
        return
    partnerships = {p.slug: p for p in Partnership.objects.filter(
        slug__in=["entente-cadre-ville-accueil", "clinique-refugies"])}
    steps = {step.slug: step for step in PathwayStep.objects.filter(slug__in=["garderie", "logement-permanent"])}
    created = 0
    with transaction.atomic():
        for org in ctx.progress(list(orgs.values()), desc="Shared collections"):
            services.shared_collection_ensure(organization=org)
        for partnership in partnerships.values():
            services.shared_collection_ensure(partnership=partnership)
        for owner, title, visibility, language, tags, description, text, review, uploader in DOCUMENTS:
            shared = _collection(owner, orgs, partnerships)
            if shared is None:
                continue
            created += _ensure_document(shared=shared, title=title, visibility=visibility, language=language,
                                        tags=tags, description=description, text=text, review_date=review,
                                        user=_uploader(uploader))[1]
        created += _load_table(table, orgs, steps)
        tcri = orgs.get("tcri") or table
        start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=32)
        _event, new = PartnerEvent.objects.get_or_create(
            title="Formation TCRI : intervenir en contexte interculturel", defaults={
                "organizer": tcri, "starts_at": start, "ends_at": start + datetime.timedelta(hours=6),
                "place": "AIBSL, salle de formation", "kind": "training",
                "description": "Formation de la TCRI pour tous les acteurs locaux de l'accueil."})
        created += new
    ctx.say(f"  concertation: {created} new rows (documents, meetings, decisions, actions, events)")


def _load_table(table, orgs, steps) -> int:
    user = _uploader(TABLE)
    table_collection = services.shared_collection_ensure(organization=table)
    today = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0)
    created = 0
    meetings = []
    for title, days, place, agenda, minutes_title, attendance in MEETINGS:
        meeting = Meeting.objects.filter(table=table, title=title).first()
        if meeting is None:
            minutes = None
            if minutes_title:
                minutes, _new = _ensure_document(
                    shared=table_collection, title=minutes_title, visibility=Visibility.MEMBERS, language="fr",
                    tags=["procès-verbal"], description=f"Procès-verbal de la {title[0].lower()}{title[1:]}.",
                    text=f"Proces-verbal : {agenda.splitlines()[0]}", review_date=None, user=user)
            start = today + datetime.timedelta(days=days)
            meeting = services.meeting_save(
                user=user, table=table, title=title, starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                place=place, video_url="" if place else "https://visio.example.org/table-immigration",
                agenda=agenda, minutes=minutes, visibility=TableVisibility.MEMBERS,
                attendance={orgs[slug].pk: status for slug, status in attendance.items() if slug in orgs})
            created += 1
        meetings.append(meeting)
    decisions = []
    for index, step_slug, text, visibility in DECISIONS:
        decision = Decision.objects.filter(table=table, text=text).first()
        if decision is None:
            decision = services.decision_record(
                user=user, table=table, text=text, decided_on=timezone.localtime(meetings[index].starts_at).date(),
                meeting=meetings[index], step=steps.get(step_slug), visibility=visibility)
            created += 1
        decisions.append(decision)
    for index, step_slug, owner, text, days, status, visibility in ACTIONS:
        if owner not in orgs or ActionItem.objects.filter(table=table, text=text).exists():
            continue
        action = services.action_create(
            user=user, table=table, text=text, owner=orgs[owner], decision=decisions[index],
            step=steps.get(step_slug), due_date=timezone.localdate() + datetime.timedelta(days=days),
            visibility=visibility)
        if status != ActionStatus.OPEN:
            ActionItem.objects.filter(pk=action.pk).update(status=status)
        created += 1
    return created
