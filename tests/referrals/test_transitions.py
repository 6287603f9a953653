"""The workflow's rules: who may move a referral where, consent, and stale state."""

import pytest
from django.utils import timezone

from referrals import services
from referrals.models import TRANSITIONS, Consent, Referral, ReferralEvent, ReferralState
from referrals.services import ReferralError
from tests.factories import consent_data, make_referral

S = ReferralState
ALL_STATES = list(S.values)


def _put_in(referral, state, world):
    """Force a referral into `state` (test set-up only), with the receiver's caseworker assigned."""
    Referral.objects.filter(pk=referral.pk).update(state=state, assigned_to=world.receiver_cw,
                                                   sent_at=referral.sent_at or timezone.now())
    referral.refresh_from_db()
    return referral


def _call(target, referral, user, world):
    if target == S.SENT:
        return services.referral_send(referral=referral, user=user)
    if target == S.ACCEPTED:
        return services.referral_accept(referral=referral, user=user)
    if target == S.DECLINED:
        return services.referral_decline(referral=referral, user=user, reason="Hors mandat")
    if target == S.REDIRECTED:
        return services.referral_redirect(referral=referral, user=user, receiver=world.third,
                                          consent=consent_data(user))
    if target == S.IN_PROGRESS:
        return services.referral_start(referral=referral, user=user)
    if target == S.COMPLETED:
        return services.referral_complete(referral=referral, user=user, outcome_status="successful", outcome="Fait")
    if target == S.CLOSED:
        return services.referral_close(referral=referral, user=user)
    if target == S.WITHDRAWN:
        return services.referral_withdraw(referral=referral, user=user)
    raise AssertionError(target)


TARGETS = [S.SENT, S.ACCEPTED, S.DECLINED, S.REDIRECTED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED, S.WITHDRAWN]
ILLEGAL = {frm: [to for to in TARGETS if (frm, to) not in TRANSITIONS] for frm in ALL_STATES}


@pytest.mark.parametrize("from_state", ALL_STATES)
def test_every_illegal_transition_is_rejected_as_a_conflict(world, from_state):
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    referral = _put_in(referral, from_state, world)
    events = ReferralEvent.objects.filter(referral=referral).count()
    assert ILLEGAL[from_state]
    for to_state in ILLEGAL[from_state]:
        # Even the most powerful users of both sides cannot make an illegal jump.
        for user in (world.sender_admin, world.receiver_admin, world.receiver_cw):
            with pytest.raises(ReferralError) as error:
                _call(to_state, referral, user, world)
            assert error.value.code == ReferralError.CONFLICT, (from_state, to_state)
    referral.refresh_from_db()
    assert referral.state == from_state
    assert ReferralEvent.objects.filter(referral=referral).count() == events


# (from, to): the users allowed; every other persona is refused.
ALLOWED = {
    (S.DRAFT, S.SENT): {"sender_cw", "sender_intake", "sender_admin"},
    (S.SENT, S.ACCEPTED): {"receiver_intake", "receiver_intake2", "receiver_admin"},
    (S.SENT, S.DECLINED): {"receiver_intake", "receiver_intake2", "receiver_admin"},
    (S.SENT, S.REDIRECTED): {"receiver_intake", "receiver_intake2", "receiver_admin"},
    (S.ACCEPTED, S.IN_PROGRESS): {"receiver_cw"},
    (S.IN_PROGRESS, S.COMPLETED): {"receiver_cw"},
    (S.COMPLETED, S.CLOSED): {"sender_cw", "sender_intake", "sender_admin"},
    **{(state, S.WITHDRAWN): {"sender_cw", "sender_intake", "sender_admin"}
       for state in (S.DRAFT, S.SENT, S.ACCEPTED, S.IN_PROGRESS)},
}
PERSONAS = ["sender_cw", "sender_intake", "sender_admin", "receiver_intake", "receiver_intake2", "receiver_cw",
            "receiver_admin", "third_cw"]


@pytest.mark.parametrize(("from_state", "to_state"), list(ALLOWED))
def test_role_rules_of_each_legal_transition(world, from_state, to_state):
    assert set(ALLOWED) == set(TRANSITIONS)
    referral = make_referral(world.sender_cw, world.sender, world.receiver, send=from_state != S.DRAFT)
    referral = _put_in(referral, from_state, world)
    for persona in PERSONAS:
        user = getattr(world, persona)
        assert referral.can_transition(to=to_state, user=user) == (persona in ALLOWED[(from_state, to_state)]), persona
        if persona not in ALLOWED[(from_state, to_state)]:
            with pytest.raises(ReferralError) as error:
                _call(to_state, referral, user, world)
            assert error.value.code == ReferralError.FORBIDDEN
    allowed_user = getattr(world, sorted(ALLOWED[(from_state, to_state)])[0])
    _call(to_state, referral, allowed_user, world)
    referral.refresh_from_db()
    assert referral.state == to_state
    event = referral.events.exclude(code__startswith="follow_up").last()  # closing also schedules a follow-up
    assert (event.from_state, event.to_state, event.actor) == (from_state, to_state, allowed_user)


def test_sending_without_consent_fails_with_a_clear_message(world):
    referral = make_referral(world.sender_cw, world.sender, world.receiver, send=False, consent=None)
    assert not Consent.objects.filter(referral=referral).exists()
    with pytest.raises(ReferralError, match="consent"):
        services.referral_send(referral=referral, user=world.sender_cw)
    referral.refresh_from_db()
    assert referral.state == S.DRAFT and referral.sent_at is None
    assert not referral.object_perms(world.receiver_intake)


def test_consent_for_another_receiver_does_not_count(world):
    referral = make_referral(world.sender_cw, world.sender, world.receiver, send=False)
    Consent.objects.filter(referral=referral).update(receiver=world.third)
    with pytest.raises(ReferralError, match="consent"):
        services.referral_send(referral=referral, user=world.sender_cw)


def test_decline_needs_a_reason_and_complete_an_outcome(world, sent):
    with pytest.raises(ReferralError) as error:
        services.referral_decline(referral=sent, user=world.receiver_intake, reason=" ")
    assert error.value.field == "reason"
    services.referral_accept(referral=sent, user=world.receiver_intake, assignee=world.receiver_cw)
    services.referral_start(referral=sent, user=world.receiver_cw)
    with pytest.raises(ReferralError) as error:
        services.referral_complete(referral=sent, user=world.receiver_cw, outcome_status="")
    assert error.value.field == "outcome_status"


def test_due_date_follows_urgency(world, settings):
    settings.REFERRAL_RESPONSE_HOURS = {"routine": 240, "urgent": 48, "critical": 4}
    referral = make_referral(world.sender_cw, world.sender, world.receiver, urgency="critical")
    assert referral.due_at - referral.sent_at == timezone.timedelta(hours=4)


def test_stale_state_is_a_conflict_and_leaves_one_acceptance(world, sent):
    """Two intake workers loaded the referral as "sent"; the second one's accept must fail."""
    first_view = Referral.objects.get(pk=sent.pk)
    second_view = Referral.objects.get(pk=sent.pk)
    services.referral_accept(referral=first_view, user=world.receiver_intake)
    assert second_view.state == S.SENT  # stale in memory
    with pytest.raises(ReferralError) as error:
        services.referral_accept(referral=second_view, user=world.receiver_intake2)
    assert error.value.code == ReferralError.CONFLICT
    assert sent.events.filter(to_state=S.ACCEPTED).count() == 1
    sent.refresh_from_db()
    assert sent.assigned_to == world.receiver_intake


def test_redirect_creates_a_linked_referral_the_original_sender_can_follow(world, sent):
    new = services.referral_redirect(referral=sent, user=world.receiver_intake, receiver=world.third,
                                     consent=consent_data(world.receiver_intake), reason="Mieux servi là-bas")
    sent.refresh_from_db()
    assert sent.state == S.REDIRECTED and new.redirected_from == sent
    assert (new.sender, new.receiver, new.state) == (world.receiver, world.third, S.SENT)
    assert new.person.full_name == sent.person.full_name and new.consent.receiver == world.third
    visible = set(Referral.objects.visible_to(world.sender_cw))
    assert {sent, new} <= visible
    assert new in Referral.objects.visible_to(world.third_cw)
    assert sent not in Referral.objects.visible_to(world.third_cw)
    # The original sender sees, but cannot act or comment on the new referral.
    assert new.allowed_transitions(world.sender_cw) == []
    assert not new.can_comment(world.sender_cw)


def test_assignment_must_stay_in_the_receiving_organisation(world, sent):
    with pytest.raises(ReferralError):
        services.referral_accept(referral=sent, user=world.receiver_intake, assignee=world.sender_cw)
    services.referral_accept(referral=sent, user=world.receiver_intake)
    services.referral_assign(referral=sent, user=world.receiver_intake, assignee=world.receiver_cw)
    sent.refresh_from_db()
    assert sent.assigned_to == world.receiver_cw
    with pytest.raises(ReferralError):
        services.referral_assign(referral=sent, user=world.receiver_cw, assignee=world.receiver_cw)
