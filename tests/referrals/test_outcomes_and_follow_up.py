"""Completion needs an outcome (and a reason from the list when it failed); the sender schedules a follow-up
(3 months by default, or the step's own delay) and is reminded once when it comes due."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from referrals import services
from referrals.models import EventCode, Outcome, OutcomeReason, Referral, ReferralState
from referrals.services import ReferralError
from tests.factories import make_referral, make_step


def _in_progress(world, **kwargs):
    referral = make_referral(world.sender_cw, world.sender, world.receiver, **kwargs)
    services.referral_accept(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    return services.referral_start(referral=referral, user=world.receiver_cw)


def _completed(world, **kwargs):
    referral = _in_progress(world, **kwargs)
    return services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.SUCCESSFUL)


def test_the_demo_list_of_reasons_is_installed(db):
    assert set(OutcomeReason.objects.values_list("slug", flat=True)) >= {
        "person-refused", "no-capacity", "person-unreachable", "organization-unreachable"}


def test_completion_requires_an_outcome(world):
    referral = _in_progress(world)
    with pytest.raises(ReferralError) as error:
        services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status="")
    assert error.value.field == "outcome_status"
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_PROGRESS


def test_an_unsuccessful_outcome_requires_a_reason_from_the_list(world):
    referral = _in_progress(world)
    with pytest.raises(ReferralError) as error:
        services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.UNSUCCESSFUL)
    assert error.value.field == "outcome_reason"
    retired = OutcomeReason.objects.create(slug="retired", label_fr="Ancienne", label_en="Old", is_active=False)
    with pytest.raises(ReferralError):
        services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.UNSUCCESSFUL,
                                   outcome_reason=retired)
    reason = OutcomeReason.objects.get(slug="person-unreachable")
    services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.UNSUCCESSFUL,
                               outcome_reason=reason)
    referral.refresh_from_db()
    assert (referral.state, referral.outcome_status, referral.outcome_reason) == (
        ReferralState.COMPLETED, Outcome.UNSUCCESSFUL, reason)


def test_the_outcome_event_is_worded_in_the_readers_language(world):
    referral = _in_progress(world)
    services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.UNSUCCESSFUL,
                               outcome_reason=OutcomeReason.objects.get(slug="person-unreachable"))
    event = referral.events.get(code=EventCode.OUTCOME)
    assert event.system_text == "Résultat : Non réussie — Impossible de joindre la personne"
    from django.utils import translation

    with translation.override("en"):
        assert event.system_text == "Outcome: Not successful — Unable to contact the person"


def test_a_successful_outcome_keeps_no_reason(world):
    referral = _in_progress(world)
    services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status=Outcome.SUCCESSFUL,
                               outcome_reason=OutcomeReason.objects.get(slug="other"))
    referral.refresh_from_db()
    assert referral.outcome_reason is None


def test_closing_schedules_a_follow_up_three_months_after_completion(world):
    referral = _completed(world)
    Referral.objects.filter(pk=referral.pk).update(
        completed_at=timezone.make_aware(datetime.datetime(2026, 1, 31, 15)))
    referral.refresh_from_db()
    services.referral_close(referral=referral, user=world.sender_cw)
    referral.refresh_from_db()
    assert referral.follow_up_on == datetime.date(2026, 4, 30)  # 31 April does not exist
    assert referral.events.filter(code=EventCode.FOLLOW_UP_SCHEDULED).count() == 1


def test_a_step_sets_its_own_follow_up_delay(world):
    step = make_step(follow_up_months=6)
    referral = _completed(world, step=step)
    Referral.objects.filter(pk=referral.pk).update(
        completed_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 12)))
    referral.refresh_from_db()
    assert services.default_follow_up_date(referral) == datetime.date(2026, 9, 10)


def test_the_sender_may_decline_or_move_the_follow_up_and_nobody_else_may(world):
    referral = _completed(world)
    services.referral_close(referral=referral, user=world.sender_cw, follow_up=False)
    referral.refresh_from_db()
    assert referral.follow_up_on is None
    later = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ReferralError) as error:
        services.referral_schedule_follow_up(referral=referral, user=world.receiver_cw, on=later)
    assert error.value.code == "forbidden"
    with pytest.raises(ReferralError) as error:
        services.referral_schedule_follow_up(referral=referral, user=world.third_cw, on=later)
    assert error.value.code == "forbidden"
    with pytest.raises(ReferralError) as error:
        services.referral_schedule_follow_up(referral=referral, user=world.sender_cw,
                                             on=timezone.localdate() - datetime.timedelta(days=1))
    assert error.value.field == "follow_up_on"
    services.referral_schedule_follow_up(referral=referral, user=world.sender_cw, on=later)
    referral.refresh_from_db()
    assert referral.follow_up_on == later


def test_no_follow_up_before_completion(world, sent):
    with pytest.raises(ReferralError) as error:
        services.referral_schedule_follow_up(referral=sent, user=world.sender_cw, on=timezone.localdate())
    assert error.value.code == "conflict"


def test_a_due_follow_up_is_reminded_once_to_the_sender(world, django_capture_on_commit_callbacks):
    world.sender_cw.email = "alice@example.org"
    world.sender_cw.save()
    referral = _completed(world)
    services.referral_close(referral=referral, user=world.sender_cw, follow_up_on=timezone.localdate())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_referral_follow_ups", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert referral.reference in mail.outbox[0].subject
    assert "Fictive" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.referrals_remind_follow_ups() == 0
    assert len(mail.outbox) == 1
    assert Referral.objects.follow_ups_due().filter(pk=referral.pk).exists()
    services.referral_follow_up_done(referral=referral, user=world.sender_cw)
    assert not Referral.objects.follow_ups_due().filter(pk=referral.pk).exists()
    with pytest.raises(ReferralError):
        services.referral_follow_up_done(referral=referral, user=world.sender_cw)
