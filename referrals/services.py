"""Every write to a referral goes through one function here (`referral_<verb>`).

Each function is atomic and, in the same transaction: locks the referral row (`select_for_update`) and
re-checks its state, so two people answering at once cannot both win; checks the rule
(`Referral.can_transition`); records the timeline event and the access-log entry; grants the object
permissions the new state implies; queues the notifications (sent after commit, see notifications.py).
Business errors are `ReferralError`, a `portal.errors.ServiceError`: pages show its message, the API
turns it into 400/403/409.
"""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from arrivals.services import checklist_follow_referral
from directory.models import Membership, Organization, PathwayStep
from directory.services import organization_ensure_group
from portal.errors import ServiceError

from . import notifications
from .models import (
    CHAIN_PERMISSIONS,
    RECEIVER_PERMISSIONS,
    SENDER_PERMISSIONS,
    TRANSITIONS,
    AccessAction,
    AccessLog,
    Consent,
    EventCode,
    Outcome,
    OutcomeReason,
    Referral,
    ReferralComment,
    ReferralEvent,
    ReferralPerson,
    ReferralState,
    member_roles,
)


class ReferralError(ServiceError):
    """A referral rule refused the operation (see `portal.errors.ServiceError` for the codes)."""


# --- helpers ---------------------------------------------------------------------------------------------


def _grant(referral: Referral, organization: Organization, permissions) -> None:
    group = organization_ensure_group(organization=organization)
    for codename in permissions:
        assign_perm(f"referrals.{codename}", group, referral)


def _log(*, user, organization, action: str, referral: Referral | None, detail: str = "") -> AccessLog:
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        organization=organization,
        action=action,
        referral=referral,
        detail=detail[:200],
    )


def _event(referral, *, user, organization, from_state: str, to_state: str, note: str = "", at=None,
           code: str = "", params: dict | None = None):
    """A timeline line. `note` is what a person typed; `code` and `params` a system text, worded when read."""
    return ReferralEvent.objects.create(
        referral=referral,
        actor=user,
        organization=organization,
        from_state=from_state,
        to_state=to_state,
        note=note,
        code=code,
        params=params or {},
        at=at or timezone.now(),
    )


def _locked(referral: Referral) -> Referral:
    """The referral's row, locked until the end of the transaction, with its current state."""
    return Referral.objects.select_for_update(of=("self",)).select_related("sender", "receiver").get(pk=referral.pk)


def _check(referral: Referral, *, to: str, user) -> Organization:
    """Refuse an illegal or unauthorised move; return the organisation the user acts for."""
    rule = TRANSITIONS.get((referral.state, to))
    if rule is None:
        raise ReferralError(
            _("This referral is now “%(state)s”: this action is no longer possible.")
            % {"state": referral.get_state_display()},
            code=ReferralError.CONFLICT,
        )
    if not referral.can_transition(to=to, user=user):
        raise ReferralError(_("Your role does not allow this action on this referral."), code=ReferralError.FORBIDDEN)
    return referral.organization_for(rule.side)


def _transition(referral: Referral, *, to: str, user, note: str = "", event_code: str = "",
                event_params: dict | None = None, **fields):
    """Lock, check, change the state and the given fields, write the event and the log entry."""
    referral = _locked(referral)
    organization = _check(referral, to=to, user=user)
    from_state = referral.state
    referral.state = to
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    _event(referral, user=user, organization=organization, from_state=from_state, to_state=to, note=note,
           code=event_code, params=event_params)
    _log(user=user, organization=organization, action=AccessAction.TRANSITION, referral=referral,
         detail=f"{from_state} → {to}")
    # The arrival routine's step behind this referral (if any) follows its state: a call, not a signal.
    checklist_follow_referral(referral=referral)
    return referral, organization


def party_acting_for(referral: Referral, user, *, roles: dict | None = None, preferred=None):
    """The organisation party to `referral` that a user acts for when looking at it (for the access log);
    not `permissions.acting_organization`, the one chosen in the workspace for the whole session.

    The one they chose in the workspace if it is party to the referral, else the receiving side, else the
    sending side, else (after a redirect) the organisation of theirs that sent an earlier referral in the chain.
    """
    roles = member_roles(user) if roles is None else roles
    preferred_id = getattr(preferred, "pk", preferred)
    if preferred_id in roles:
        if preferred_id == referral.sender_id:
            return referral.sender
        if preferred_id == referral.receiver_id:
            return referral.receiver
    for organization_id, organization in ((referral.receiver_id, "receiver"), (referral.sender_id, "sender")):
        if organization_id in roles:
            return getattr(referral, organization)
    earlier = referral.redirected_from
    while earlier is not None:
        if earlier.sender_id in roles:
            return earlier.sender
        earlier = earlier.redirected_from
    return None


# --- person and consent ------------------------------------------------------------------------------------


def _save_person(referral: Referral, person: dict) -> ReferralPerson:
    data = dict(person)
    languages = data.pop("languages", ()) or ()
    if not (data.get("full_name") or "").strip():
        raise ReferralError(_("Give the name of the person or family referred."), field="full_name")
    row = ReferralPerson.objects.create(referral=referral, **data)
    if languages:
        row.languages.set(languages)
    return row


def _save_consent(referral: Referral, consent: dict, *, user) -> Consent:
    required = ("obtained_at", "method", "purpose")
    if not consent or any(not consent.get(key) for key in required):
        raise ReferralError(
            _("Record the person's consent (who obtained it, when, how and for what purpose) before sending."),
            field="consent",
        )
    obtained_by = consent.get("obtained_by") or user
    if consent["obtained_at"] > timezone.now():
        raise ReferralError(_("Consent cannot be dated in the future."), field="consent_obtained_at")
    return Consent.objects.create(
        referral=referral,
        obtained_by=obtained_by,
        obtained_at=consent["obtained_at"],
        method=consent["method"],
        purpose=consent["purpose"],
        receiver=referral.receiver,
    )


# --- the workflow ------------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    user,
    sender: Organization,
    receiver: Organization,
    person: dict,
    consent: dict | None,
    pathway_step: PathwayStep | None = None,
    reason: str = "",
    urgency: str = "routine",
) -> Referral:
    """A draft referral, visible to the sending organisation only until it is sent."""
    roles = member_roles(user)
    if sender.pk not in roles:
        raise ReferralError(_("You can only refer on behalf of an organisation you belong to."),
                            code=ReferralError.FORBIDDEN, field="sender")
    if receiver.pk == sender.pk:
        raise ReferralError(_("An organisation cannot refer to itself."), field="receiver")
    if not (receiver.is_active and receiver.accepts_referrals):
        raise ReferralError(_("This organisation does not accept referrals."), field="receiver")
    if pathway_step is None and not reason.strip():
        raise ReferralError(_("Choose a pathway step or explain the reason for the referral."), field="reason")
    referral = Referral.objects.create(
        sender=sender, receiver=receiver, pathway_step=pathway_step, reason=reason, urgency=urgency, created_by=user
    )
    _save_person(referral, person)
    if consent:
        _save_consent(referral, consent, user=user)
    _grant(referral, sender, SENDER_PERMISSIONS)
    _event(referral, user=user, organization=sender, from_state="", to_state=ReferralState.DRAFT)
    _log(user=user, organization=sender, action=AccessAction.CREATE, referral=referral)
    return referral


@transaction.atomic
def referral_send(*, referral: Referral, user, now: datetime | None = None) -> Referral:
    """Send a draft: consent is required, the due date follows from the urgency, the receiver gets access."""
    now = now or timezone.now()
    locked = _locked(referral)
    consent = Consent.objects.filter(referral=locked).first()
    if locked.state == ReferralState.DRAFT and (consent is None or not consent.covers(locked)):
        raise ReferralError(
            _("No referral is sent without the person's consent to share it with this organisation."),
            field="consent",
        )
    referral, sender = _transition(locked, to=ReferralState.SENT, user=user, sent_at=now,
                                   due_at=locked.compute_due_at(now))
    _grant(referral, referral.receiver, RECEIVER_PERMISSIONS)
    notifications.referral_sent(referral)
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, user, assignee=None, note: str = "") -> Referral:
    """The receiving intake accepts; the assigned caseworker (the intake worker by default) takes it on."""
    referral = _locked(referral)
    _check(referral, to=ReferralState.ACCEPTED, user=user)
    assignee = assignee or user
    _check_assignee(referral, assignee)
    referral, _org = _transition(referral, to=ReferralState.ACCEPTED, user=user, note=note,
                                 answered_at=timezone.now(), assigned_to=assignee)
    notifications.referral_answered(referral)
    if assignee.pk != user.pk:
        notifications.referral_assigned(referral, assignee)
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, user, reason: str) -> Referral:
    if not (reason or "").strip():
        raise ReferralError(_("Say why the referral is declined."), field="reason")
    referral, _org = _transition(referral, to=ReferralState.DECLINED, user=user, note=reason,
                                 answered_at=timezone.now(), decline_reason=reason)
    notifications.referral_answered(referral)
    return referral


@transaction.atomic
def referral_redirect(
    *, referral: Referral, user, receiver: Organization, consent: dict, reason: str = "",
) -> Referral:
    """The receiver sends the person on to a third organisation: a new referral, linked to this one.

    The new referral goes from the redirecting organisation to the new receiver, with a copy of the
    person's data and a new consent (consent is scoped to one receiver). The original sender keeps sight
    of the new referral (view only), so the loop stays closed for them.
    """
    original = _locked(referral)
    _check(original, to=ReferralState.REDIRECTED, user=user)
    if receiver.pk in (original.receiver_id, original.sender_id):
        raise ReferralError(_("Redirect to a third organisation."), field="receiver")
    if not (receiver.is_active and receiver.accepts_referrals):
        raise ReferralError(_("This organisation does not accept referrals."), field="receiver")
    original, redirecting = _transition(original, to=ReferralState.REDIRECTED, user=user, note=reason,
                                        answered_at=timezone.now())
    now = timezone.now()
    new = Referral.objects.create(
        sender=redirecting,
        receiver=receiver,
        pathway_step=original.pathway_step,
        reason=reason or original.reason,
        urgency=original.urgency,
        created_by=user,
        redirected_from=original,
        state=ReferralState.SENT,
        sent_at=now,
        due_at=original.compute_due_at(now),
    )
    person = getattr(original, "person", None)
    if person is not None:
        languages = list(person.languages.all())
        person.pk = None
        person.id = None
        person.referral = new
        person._state.adding = True
        person.save()
        person.languages.set(languages)
    _save_consent(new, consent, user=user)
    _grant(new, redirecting, SENDER_PERMISSIONS)
    _grant(new, receiver, RECEIVER_PERMISSIONS)
    chain = original
    while chain is not None:
        _grant(new, chain.sender, CHAIN_PERMISSIONS)
        chain = chain.redirected_from
    _event(new, user=user, organization=redirecting, from_state="", to_state=ReferralState.SENT,
           code=EventCode.REDIRECTED_FROM, params={"reference": original.short_id})
    _log(user=user, organization=redirecting, action=AccessAction.CREATE, referral=new,
         detail=f"redirect of {original.public_id}")
    checklist_follow_referral(referral=original, successor=new)
    notifications.referral_redirected(original, new)
    notifications.referral_sent(new)
    return new


def _check_assignee(referral: Referral, assignee) -> None:
    # An account switched off (someone who left) cannot be handed a person's file, even if the membership lingers.
    if not assignee.is_active or not Membership.objects.filter(
        user=assignee, organization_id=referral.receiver_id, is_active=True
    ).exists():
        raise ReferralError(_("The caseworker must be a member of the receiving organisation."), field="assignee")


@transaction.atomic
def referral_assign(*, referral: Referral, user, assignee) -> Referral:
    """The receiving intake hands the referral to a caseworker of theirs."""
    referral = _locked(referral)
    if not referral.can_assign(user):
        raise ReferralError(_("Your role does not allow this action on this referral."), code=ReferralError.FORBIDDEN)
    _check_assignee(referral, assignee)
    referral.assigned_to = assignee
    referral.save(update_fields=["assigned_to", "updated_at"])
    _event(referral, user=user, organization=referral.receiver, from_state=referral.state, to_state=referral.state,
           code=EventCode.ASSIGNED, params={"name": assignee.get_full_name() or assignee.get_username()})
    _log(user=user, organization=referral.receiver, action=AccessAction.ASSIGN, referral=referral)
    if assignee.pk != user.pk:
        notifications.referral_assigned(referral, assignee)
    return referral


@transaction.atomic
def referral_start(*, referral: Referral, user, note: str = "") -> Referral:
    referral, _org = _transition(referral, to=ReferralState.IN_PROGRESS, user=user, note=note,
                                 started_at=timezone.now())
    return referral


@transaction.atomic
def referral_complete(
    *, referral: Referral, user, outcome_status: str, outcome_reason: OutcomeReason | None = None, outcome: str = ""
) -> Referral:
    """The assigned caseworker records how it ended: successful or not and, if not, why (from the admins' list).

    The free text stays optional: the outcome and the reason are what statistics count.
    """
    if outcome_status not in Outcome.values:
        raise ReferralError(_("Say whether the referral was successful."), field="outcome_status")
    if outcome_status == Outcome.UNSUCCESSFUL:
        if outcome_reason is None:
            raise ReferralError(_("Choose why the referral did not succeed."), field="outcome_reason")
        if not outcome_reason.is_active:
            raise ReferralError(_("This reason is no longer offered: choose another."), field="outcome_reason")
    else:
        outcome_reason = None
    params = {"status": outcome_status}
    if outcome_reason is not None:
        params["reason"] = outcome_reason.slug
    referral, _org = _transition(
        referral, to=ReferralState.COMPLETED, user=user, note=(outcome or "").strip(),
        event_code=EventCode.OUTCOME, event_params=params, completed_at=timezone.now(),
        outcome=(outcome or "").strip(), outcome_status=outcome_status, outcome_reason=outcome_reason,
    )
    notifications.referral_completed(referral)
    return referral


def default_follow_up_date(referral: Referral) -> date:
    """When the sender should check on the person: the step's delay (or the platform's) after completion."""
    months = (referral.pathway_step.follow_up_months if referral.pathway_step_id else None) or \
        settings.REFERRAL_FOLLOW_UP_MONTHS
    start = timezone.localdate(referral.completed_at or timezone.now())
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    # The same day of the month, or the month's last day (31 January + 1 month → 28 or 29 February).
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def referral_close(*, referral: Referral, user, note: str = "", follow_up: bool = True,
                   follow_up_on: date | None = None) -> Referral:
    """The sender acknowledges the outcome: the loop is closed (and the retention period starts).

    A follow-up is scheduled unless the sender declines it: on the given date, else the step's default.
    """
    referral, organization = _transition(referral, to=ReferralState.CLOSED, user=user, note=note,
                                         closed_at=timezone.now())
    if follow_up:
        _schedule(referral, user=user, organization=organization, on=follow_up_on or default_follow_up_date(referral))
    return referral


def _schedule(referral: Referral, *, user, organization, on: date | None) -> None:
    referral.follow_up_on = on
    referral.follow_up_reminded_at = None
    referral.follow_up_done_at = None
    referral.save(update_fields=["follow_up_on", "follow_up_reminded_at", "follow_up_done_at", "updated_at"])
    if on is None:
        _event(referral, user=user, organization=organization, from_state=referral.state, to_state=referral.state,
               code=EventCode.FOLLOW_UP_CANCELLED)
    else:
        _event(referral, user=user, organization=organization, from_state=referral.state, to_state=referral.state,
               code=EventCode.FOLLOW_UP_SCHEDULED, params={"date": on.isoformat()})


def _check_follow_up(referral: Referral, user) -> None:
    if referral.state not in (ReferralState.COMPLETED, ReferralState.CLOSED):
        raise ReferralError(_("A follow-up is scheduled once the referral is completed."),
                            code=ReferralError.CONFLICT)
    if not referral.can_follow_up(user):
        raise ReferralError(_("Your role does not allow this action on this referral."), code=ReferralError.FORBIDDEN)


@transaction.atomic
def referral_schedule_follow_up(*, referral: Referral, user, on: date | None) -> Referral:
    """The sender sets (or, with None, cancels) the day they will check on the person."""
    referral = _locked(referral)
    _check_follow_up(referral, user)
    if on is not None and on < timezone.localdate():
        raise ReferralError(_("Choose a date from today on."), field="follow_up_on")
    _schedule(referral, user=user, organization=referral.sender, on=on)
    _log(user=user, organization=referral.sender, action=AccessAction.FOLLOW_UP, referral=referral,
         detail="scheduled" if on else "cancelled")
    return referral


@transaction.atomic
def referral_follow_up_done(*, referral: Referral, user, note: str = "") -> Referral:
    referral = _locked(referral)
    _check_follow_up(referral, user)
    if referral.follow_up_on is None or referral.follow_up_done_at is not None:
        raise ReferralError(_("No follow-up is waiting on this referral."), code=ReferralError.CONFLICT)
    referral.follow_up_done_at = timezone.now()
    referral.save(update_fields=["follow_up_done_at", "updated_at"])
    _event(referral, user=user, organization=referral.sender, from_state=referral.state, to_state=referral.state,
           code=EventCode.FOLLOW_UP_DONE, note=(note or "").strip())
    _log(user=user, organization=referral.sender, action=AccessAction.FOLLOW_UP, referral=referral, detail="done")
    return referral


def referrals_remind_follow_ups(*, today: date | None = None) -> int:
    """Queue one reminder per follow-up that has come due; returns how many (idempotent)."""
    today = today or timezone.localdate()
    reminded = 0
    due = Referral.objects.follow_ups_due(today).filter(follow_up_reminded_at__isnull=True).with_personal_data()
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update(of=("self",)).filter(
                pk=pk, follow_up_reminded_at__isnull=True).select_related("sender", "pathway_step").first()
            if referral is None:
                continue
            referral.follow_up_reminded_at = timezone.now()
            referral.save(update_fields=["follow_up_reminded_at"])
            notifications.referral_follow_up(referral)
            reminded += 1
    return reminded


@transaction.atomic
def referral_withdraw(*, referral: Referral, user, reason: str = "") -> Referral:
    referral, _org = _transition(referral, to=ReferralState.WITHDRAWN, user=user, note=reason,
                                 withdrawn_at=timezone.now())
    return referral


@transaction.atomic
def referral_comment(*, referral: Referral, user, body: str, organization: Organization | None = None):
    """A message in the referral's thread, from one of the two organisations party to it."""
    body = (body or "").strip()
    if not body:
        raise ReferralError(_("Write a comment."), field="body")
    referral = _locked(referral)
    roles = member_roles(user)
    if not referral.can_comment(user, roles=roles):
        raise ReferralError(_("Your role does not allow this action on this referral."), code=ReferralError.FORBIDDEN)
    organization = party_acting_for(referral, user, roles=roles, preferred=organization)
    comment = ReferralComment.objects.create(referral=referral, author=user, organization=organization, body=body)
    referral.save(update_fields=["updated_at"])
    _log(user=user, organization=organization, action=AccessAction.COMMENT, referral=referral)
    return comment


def referral_log_view(*, referral: Referral, user, organization: Organization | None = None,
                      roles: dict | None = None) -> AccessLog:
    """Record that a user saw a referral's personal data (the page or the API detail)."""
    organization = party_acting_for(referral, user, roles=roles, preferred=organization)
    return _log(user=user, organization=organization, action=AccessAction.VIEW, referral=referral)


def referral_log_search(*, user, organization: Organization | None, results: int) -> AccessLog:
    """A search by name touches personal data: who searched, for whom, and how many hits — never the terms."""
    return _log(user=user, organization=organization, action=AccessAction.SEARCH, referral=None,
                detail=f"{results} result(s)")


# --- retention ---------------------------------------------------------------------------------------------


@transaction.atomic
def referral_erase_personal_data(*, referral: Referral, user=None) -> bool:
    """Erase what identifies the person; keep what statistics need (parties, step, urgency, dates, states).

    Returns False when there was nothing left to erase (idempotent).
    """
    referral = _locked(referral)
    if referral.personal_data_erased_at is not None:
        return False
    ReferralPerson.objects.filter(referral=referral).delete()
    ReferralComment.objects.filter(referral=referral).delete()
    ReferralEvent.objects.filter(referral=referral).update(note="")
    Consent.objects.filter(referral=referral).update(purpose="")
    for name in Referral.PERSONAL_TEXT_FIELDS:
        setattr(referral, name, "")
    referral.personal_data_erased_at = timezone.now()
    referral.save()
    referral.notifications.all().delete()
    _log(user=user, organization=None, action=AccessAction.ERASE, referral=referral, detail="retention")
    return True


def referrals_erase_expired(*, now: datetime | None = None, days: int) -> int:
    """Erase personal data of every referral finished more than `days` ago; returns how many were erased."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    erased = 0
    for referral in Referral.objects.final_before(cutoff).with_personal_data().only("pk").iterator():
        erased += referral_erase_personal_data(referral=referral)
    return erased



# --- the user's own settings ----------------------------------------------------------------------------------


@transaction.atomic
def notification_preference_set(*, user, frequency: str, language: str):
    """Save how often (each event or a daily digest) and in which language a user gets the workspace's e-mails.

    The language is Wagtail's `UserProfile.preferred_language`, the one place an account's language lives.
    """
    from wagtail.users.models import UserProfile

    from .preferences import Frequency, NotificationPreference

    if frequency not in Frequency.values:
        raise ReferralError(_("Choose how often you want to be notified."), field="frequency")
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ReferralError(_("Choose a language."), field="language")
    preference, _created = NotificationPreference.objects.update_or_create(user=user,
                                                                           defaults={"frequency": frequency})
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return preference
