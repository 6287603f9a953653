"""System texts of the timeline are stored as codes and worded in the reader's language; old French notes
are converted by the migration."""

import importlib

from django.apps import apps as global_apps
from django.utils import translation

from referrals import services
from referrals.models import EventCode, ReferralEvent
from tests.factories import make_referral


def test_an_assignment_reads_in_each_language(world, sent):
    services.referral_accept(referral=sent, user=world.receiver_intake)
    services.referral_assign(referral=sent, user=world.receiver_intake, assignee=world.receiver_cw)
    event = sent.events.get(code=EventCode.ASSIGNED)
    assert event.note == "" and event.params == {"name": "bruno"}
    assert event.system_text == "Assignée à bruno"
    with translation.override("en"):
        assert event.system_text == "Assigned to bruno"


def test_the_migration_turns_old_french_and_english_notes_into_codes(world):
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    old = [
        ReferralEvent.objects.create(referral=referral, from_state="accepted", to_state="accepted",
                                     note="Assignée à Bruno Tremblay"),
        ReferralEvent.objects.create(referral=referral, from_state="accepted", to_state="accepted",
                                     note="Assigned to Bea"),
        ReferralEvent.objects.create(referral=referral, from_state="", to_state="sent",
                                     note="Réorientée depuis la référence 08bbf1c1"),
        ReferralEvent.objects.create(referral=referral, from_state="sent", to_state="declined",
                                     note="Assignée à une autre équipe, voir avec elle"),  # a person's words
    ]
    migration = importlib.import_module("referrals.migrations.0006_outcome_reasons_references_event_codes")
    migration.forwards(global_apps, None)
    rows = [ReferralEvent.objects.get(pk=event.pk) for event in old]
    assert [(row.code, row.params, row.note) for row in rows[:3]] == [
        ("assigned", {"name": "Bruno Tremblay"}, ""),
        ("assigned", {"name": "Bea"}, ""),
        ("redirected_from", {"reference": "08bbf1c1"}, ""),
    ]
    assert rows[3].code == "" and rows[3].note.startswith("Assignée")
    with translation.override("en"):
        assert rows[0].system_text == "Assigned to Bruno Tremblay"
