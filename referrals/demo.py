"""Demo referrals: obviously fictitious people, in every state, between the demo organisations, spread over
2017–2026 so that the inbox, the timeline, the statistics and the network's flows look alive.

Rows are built here directly (not through the services) so that their timestamps can lie in the past and
no notification e-mail goes out; the permissions, timeline and consent follow the same rules as the
services. Each referral's public id is derived from its number (uuid5), its natural key: running the demo
twice doubles nothing.
"""

import random
import uuid
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone

from directory.models import Language, Membership, MembershipRole, Organization, OrganizationKind, PathwayStep

from .models import (
    CHAIN_PERMISSIONS,
    RECEIVER_PERMISSIONS,
    SENDER_PERMISSIONS,
    AccessAction,
    AccessLog,
    Consent,
    ConsentMethod,
    EventCode,
    Outcome,
    OutcomeReason,
    Referral,
    ReferralComment,
    ReferralEvent,
    ReferralPerson,
    ReferralState,
    Urgency,
)
from .outcomes import DEFAULT_REASONS
from .services import _grant, default_follow_up_date

NAMESPACE = uuid.UUID("0b6c7a52-8f0e-4a8e-9d0e-5a55e2e1c0de")
COORDINATION_GROUP = "Coordination des références"

# (sender, receiver, step): plausible flows of a welcome city, with the directory demo's slugs.
FLOWS = [
    ("aibsl", "cisss-bsl", "bilan-sante"),
    ("aibsl", "css-phares", "inscription-scolaire"),
    ("aibsl", "moisson", "aide-alimentaire"),
    ("aibsl", "maison-familles", "soutien-familles"),
    ("aibsl", "cpe", "garderie"),
    ("aibsl", "ville-rimouski", "logement-permanent"),
    ("cisss-bsl", "pediatrie-sociale", "suivi-pediatrique"),
    ("css-phares", "maison-familles", "soutien-familles"),
    ("maison-familles", "moisson", "aide-alimentaire"),
    ("pediatrie-sociale", "cisss-bsl", "bilan-sante"),
    ("ville-rimouski", "aibsl", None),
    ("aibsl", "cisss-bsl", None),
]
FAMILIES = [
    "Famille Exemple-Tremblay", "Personne Fictive A.", "Famille Fictive-Mbeki", "Famille Démo-Rodríguez",
    "Personne Fictive B.", "Famille Exemple-Nduwimana", "Famille Fictive-Haddad", "Personne Fictive C.",
    "Famille Démo-Gutiérrez", "Famille Exemple-Yakoubou", "Personne Fictive D.", "Famille Fictive-Uwase",
]
LANGUAGE_CODES = ["es", "sg", "sw", "ar", "rw", "fr", "en"]
# One completed referral in four did not succeed, for one of these reasons (in turn).
FAILURE_REASONS = ["person-unreachable", "no-capacity", "person-refused", "organization-unreachable"]
STATES = [
    ReferralState.CLOSED, ReferralState.CLOSED, ReferralState.COMPLETED, ReferralState.DECLINED,
    ReferralState.REDIRECTED, ReferralState.WITHDRAWN, ReferralState.CLOSED, ReferralState.IN_PROGRESS,
    ReferralState.ACCEPTED, ReferralState.SENT, ReferralState.CLOSED, ReferralState.DRAFT,
]
REASONS = {
    "fr": "Référence fictive de démonstration : besoin d'accompagnement pour cette étape.",
}
COUNT = 72
# The organisations and steps the demo's referrals use, by the directory demo's slugs.
ORGANIZATION_SLUGS = ("aibsl", "cisss-bsl", "css-phares", "ville-rimouski", "moisson", "maison-familles",
                      "pediatrie-sociale", "cpe")
STEP_SLUGS = ("bilan-sante", "inscription-scolaire", "aide-alimentaire", "garderie", "soutien-familles",
              "logement-permanent", "suivi-pediatrique")


def _find_organization(key):
    return Organization.objects.filter(slug=key).first()


def _find_step(key):
    return PathwayStep.objects.filter(slug=key).first()


def _members(organization):
    """{role: user} of an organisation's active members, first one of each role."""
    found = {}
    for membership in Membership.objects.filter(organization=organization, is_active=True).select_related("user"):
        found.setdefault(membership.role, membership.user)
    return found


def _pick(members, *roles):
    for role in roles:
        if role in members:
            return members[role]
    return next(iter(members.values()), None)


def _ensure_coordination(organizations):
    """Statistics are for coordinators: AIBSL's admins and the concertation bodies' members."""
    group, _created = Group.objects.get_or_create(name=COORDINATION_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="view_referral_statistics", content_type__app_label="referrals")
    )
    aibsl = organizations.get("aibsl")
    memberships = Membership.objects.filter(is_active=True).filter(
        Q(organization__kind=OrganizationKind.CONCERTATION)
        | Q(organization=aibsl, role=MembershipRole.ADMIN)
    )
    for membership in memberships.select_related("user"):
        membership.user.groups.add(group)


def load(ctx) -> None:
    organizations = {key: org for key in ORGANIZATION_SLUGS if (org := _find_organization(key)) is not None}
    members = {key: _members(org) for key, org in organizations.items()}
    flows = [flow for flow in FLOWS if members.get(flow[0]) and members.get(flow[1])]
    if not flows:
        ctx.say("Referrals demo skipped: the demo organisations and their members are not there yet "
                "(the directory demo creates them).")
        return
    _ensure_coordination(organizations)
    for order, (slug, label_fr, label_en) in enumerate(DEFAULT_REASONS):
        OutcomeReason.objects.get_or_create(slug=slug, defaults={"label_fr": label_fr, "label_en": label_en,
                                                                 "order": order * 10})
    steps = {key: _find_step(key) for key in STEP_SLUGS}
    languages = {language.code: language for language in Language.objects.filter(code__in=LANGUAGE_CODES)}
    rng = random.Random(2017)
    start = timezone.make_aware(datetime(2017, 2, 1, 9, 0))
    end = timezone.now() - timedelta(days=1)
    span = (end - start).total_seconds()
    created = 0
    for number in ctx.progress(range(COUNT), desc="Demo referrals", total=COUNT):
        public_id = uuid.uuid5(NAMESPACE, f"referral-{number}")
        sender_slug, receiver_slug, step_slug = flows[number % len(flows)]
        # Vary the state independently of the flow, so every pair of organisations shows several states.
        state = STATES[(number + number // len(flows)) % len(STATES)]
        # Early numbers are old and finished; the last ones are recent and open.
        fraction = number / (COUNT - 1)
        sent_at = start + timedelta(seconds=span * fraction * 0.97 + rng.randint(0, 86400 * 5))
        if state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.DRAFT):
            sent_at = end - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 12))
        if Referral.objects.filter(public_id=public_id).exists():
            continue
        created += _build(
            public_id=public_id, number=number, state=state, sent_at=sent_at, rng=rng,
            sender=organizations[sender_slug], receiver=organizations[receiver_slug],
            sender_members=members[sender_slug], receiver_members=members[receiver_slug],
            step=steps.get(step_slug), languages=languages, organizations=organizations,
            members=members,
        )
    ctx.say(f"Referrals demo: {created} new referral(s), {Referral.objects.count()} in all.")


def _build(*, public_id, number, state, sent_at, rng, sender, receiver, sender_members, receiver_members, step,
           languages, organizations, members, redirected_from=None, third_key=None):
    caseworker = _pick(sender_members, MembershipRole.CASEWORKER, MembershipRole.INTAKE, MembershipRole.ADMIN)
    intake = _pick(receiver_members, MembershipRole.INTAKE, MembershipRole.ADMIN, MembershipRole.CASEWORKER)
    worker = _pick(receiver_members, MembershipRole.CASEWORKER, MembershipRole.INTAKE)
    urgency = rng.choice([Urgency.ROUTINE] * 5 + [Urgency.URGENT] * 3 + [Urgency.CRITICAL])
    referral = Referral(
        public_id=public_id, sender=sender, receiver=receiver, pathway_step=step, urgency=urgency,
        reason=REASONS["fr"], created_by=caseworker, created_at=sent_at - timedelta(hours=2),
        redirected_from=redirected_from,
    )
    events = [(sent_at - timedelta(hours=2), caseworker, sender, "", ReferralState.DRAFT, "", "", {})]
    if state != ReferralState.DRAFT:
        referral.sent_at = sent_at
        referral.due_at = referral.compute_due_at(sent_at)
        events.append((sent_at, caseworker, sender, ReferralState.DRAFT, ReferralState.SENT, "", "", {}))
    moment = sent_at
    answer_delay = timedelta(hours=rng.randint(2, 24 * 12))

    now = timezone.now()

    def step_to(to_state, actor, organization, note="", after=None, code="", params=None):
        nonlocal moment
        # Never in the future: a step that would pass "now" takes half the time left instead.
        moment = min(moment + (after or timedelta(hours=rng.randint(4, 24 * 20))), moment + (now - moment) / 2)
        events.append((moment, actor, organization, events[-1][4], to_state, note, code, params or {}))
        return moment

    if state in (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED, ReferralState.CLOSED):
        referral.answered_at = step_to(ReferralState.ACCEPTED, intake, receiver, after=answer_delay)
        referral.assigned_to = worker
        if state != ReferralState.ACCEPTED:
            referral.started_at = step_to(ReferralState.IN_PROGRESS, worker, receiver)
        if state in (ReferralState.COMPLETED, ReferralState.CLOSED):
            params = {"status": Outcome.SUCCESSFUL}
            referral.outcome_status = Outcome.SUCCESSFUL
            referral.outcome = "Service rendu (démonstration)."
            if number % 4 == 1:
                slug = FAILURE_REASONS[(number // 4) % len(FAILURE_REASONS)]
                referral.outcome_status, referral.outcome = Outcome.UNSUCCESSFUL, ""
                referral.outcome_reason = OutcomeReason.objects.filter(slug=slug).first()
                params = {"status": Outcome.UNSUCCESSFUL, "reason": slug}
            referral.completed_at = step_to(ReferralState.COMPLETED, worker, receiver, referral.outcome,
                                            code=EventCode.OUTCOME, params=params)
        if state == ReferralState.CLOSED:
            referral.closed_at = step_to(ReferralState.CLOSED, caseworker, sender)
            referral.follow_up_on = default_follow_up_date(referral)
            events.append((referral.closed_at, caseworker, sender, state, state, "", EventCode.FOLLOW_UP_SCHEDULED,
                           {"date": referral.follow_up_on.isoformat()}))
            if referral.follow_up_on < timezone.localdate() - timedelta(days=60):
                # Old follow-ups were done long ago; the recent ones wait in the workspace.
                referral.follow_up_done_at = timezone.make_aware(
                    datetime.combine(referral.follow_up_on, datetime.min.time()))
                referral.follow_up_reminded_at = referral.follow_up_done_at
    elif state == ReferralState.DECLINED:
        referral.decline_reason = "Hors mandat : voir l'organisme porteur de l'étape (démonstration)."
        referral.answered_at = step_to(ReferralState.DECLINED, intake, receiver, referral.decline_reason,
                                       after=answer_delay)
    elif state == ReferralState.REDIRECTED:
        referral.answered_at = step_to(ReferralState.REDIRECTED, intake, receiver, "Mieux servi ailleurs.",
                                       after=answer_delay)
    elif state == ReferralState.WITHDRAWN:
        referral.withdrawn_at = step_to(ReferralState.WITHDRAWN, caseworker, sender, "La famille a déménagé.",
                                        after=timedelta(hours=rng.randint(2, 48)))
    referral.state = state
    referral.save()
    Referral.objects.filter(pk=referral.pk).update(updated_at=moment)
    person = ReferralPerson.objects.create(
        referral=referral, full_name=FAMILIES[number % len(FAMILIES)], birth_year=1975 + number % 30,
        household_size=1 + number % 6, interpreter_needed=number % 3 == 0, contact="418-555-01" + f"{number % 100:02d}",
        notes="Données fictives de démonstration.",
    )
    code = LANGUAGE_CODES[number % len(LANGUAGE_CODES)]
    if code in languages:
        person.languages.add(languages[code])
    Consent.objects.create(
        referral=referral, obtained_by=caseworker, obtained_at=sent_at - timedelta(hours=3),
        method=ConsentMethod.WRITTEN if number % 2 else ConsentMethod.VERBAL,
        purpose=step.name_fr if step else "Accompagnement", receiver=receiver,
    )
    ReferralEvent.objects.bulk_create(
        ReferralEvent(referral=referral, at=at, actor=actor, organization=organization, from_state=frm,
                      to_state=to, note=note, code=code, params=params)
        for at, actor, organization, frm, to, note, code, params in events
    )
    if state != ReferralState.DRAFT and number % 3 == 0:
        ReferralComment.objects.create(referral=referral, author=intake, organization=receiver,
                                       body="Bien reçu, nous regardons les disponibilités.",
                                       created_at=sent_at + timedelta(hours=3))
    _grant(referral, sender, SENDER_PERMISSIONS)
    if state != ReferralState.DRAFT:
        _grant(referral, receiver, RECEIVER_PERMISSIONS)
    AccessLog.objects.create(user=None, username="demo", organization=sender, action=AccessAction.CREATE,
                             referral=referral, detail="demo data")
    built = 1
    if state == ReferralState.REDIRECTED and redirected_from is None:
        third_slug = next((key for key in ("maison-familles", "moisson", "ville-rimouski", "aibsl")
                           if key in organizations and organizations[key].pk not in (sender.pk, receiver.pk)
                           and members.get(key)), None)
        if third_slug:
            new = _build_redirect(referral, number, moment, rng, organizations[third_slug], members[third_slug],
                                  receiver_members, languages, organizations, members)
            built += new
    return built


def _build_redirect(original, number, moment, rng, third, third_members, receiver_members, languages,
                    organizations, members):
    new_state = ReferralState.CLOSED if number % 2 else ReferralState.ACCEPTED
    built = _build(
        public_id=uuid.uuid5(NAMESPACE, f"referral-{number}-redirect"), number=number + 1, state=new_state,
        sent_at=moment, rng=rng, sender=original.receiver, receiver=third, sender_members=receiver_members,
        receiver_members=third_members, step=original.pathway_step, languages=languages,
        organizations=organizations, members=members, redirected_from=original,
    )
    new = Referral.objects.get(public_id=uuid.uuid5(NAMESPACE, f"referral-{number}-redirect"))
    _grant(new, original.sender, CHAIN_PERMISSIONS)
    return built
