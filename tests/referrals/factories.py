"""Small builders for referral tests: each builds only what a test asks for."""

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import Language, MembershipRole, Organization, PathwayStep, Responsibility
from directory.services import membership_add, organization_ensure_group
from referrals import services
from referrals.models import ConsentMethod, Urgency

_seq = itertools.count(1)


def make_organization(slug=None, *, accepts_referrals=True, **fields):
    n = next(_seq)
    slug = slug or f"org-{n}"
    fields.setdefault("name", f"Organisme {slug}")
    fields.setdefault("kind", "community")
    fields.setdefault("mandate_fr", "Mandat.")
    org = Organization.objects.create(slug=slug, accepts_referrals=accepts_referrals, **fields)
    organization_ensure_group(organization=org)
    return org


def make_member(organization, role=MembershipRole.CASEWORKER, username=None, **user_fields):
    username = username or f"{role}-{organization.slug}-{next(_seq)}"
    user = get_user_model().objects.create_user(username=username, password="x", **user_fields)
    add_membership(user, organization, role)
    return user


def add_membership(user, organization, role=MembershipRole.CASEWORKER):
    """A membership through the directory's service, which also puts the user in the organisation's group."""
    membership_add(user=user, organization=organization, role=role)
    return user


def make_step(slug=None, **fields):
    n = next(_seq)
    slug = slug or f"step-{n}"
    fields.setdefault("stage", "arrival")
    fields.setdefault("name_fr", f"Étape {n}")
    fields.setdefault("name_en", f"Step {n}")
    return PathwayStep.objects.create(slug=slug, **fields)


def make_responsibility(organization, step, level="lead"):
    return Responsibility.objects.create(organization=organization, step=step, level=level)


def make_language(code="es", fr="espagnol", en="Spanish"):
    return Language.objects.get_or_create(code=code, defaults={"name_fr": fr, "name_en": en})[0]


def person_data(**overrides):
    data = {"full_name": "Personne Fictive A.", "birth_year": 1990, "household_size": 3, "contact": "418-555-0100"}
    data.update(overrides)
    return data


def consent_data(user, **overrides):
    data = {"obtained_by": user, "obtained_at": timezone.now(), "method": ConsentMethod.VERBAL,
            "purpose": "Évaluation de santé"}
    data.update(overrides)
    return data


def make_referral(sender_user, sender, receiver, *, send=True, step=None, urgency=Urgency.ROUTINE, **kwargs):
    """A referral created (and sent, unless send=False) by `sender_user` acting for `sender`."""
    referral = services.referral_create(
        user=sender_user,
        sender=sender,
        receiver=receiver,
        pathway_step=step,
        reason=kwargs.pop("reason", "Besoin d'une évaluation."),
        urgency=urgency,
        person=kwargs.pop("person", person_data()),
        consent=kwargs.pop("consent", consent_data(sender_user)),
    )
    if send:
        referral = services.referral_send(referral=referral, user=sender_user)
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
