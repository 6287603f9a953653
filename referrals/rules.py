"""The referral workflow's vocabulary and rules: states, urgencies, who may make each move.

Kept apart from the models so that the rule table reads on one screen; `Referral.can_transition` applies it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Membership, MembershipRole


class ReferralState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REDIRECTED = "redirected", _("Redirected")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class Side(models.TextChoices):
    """Which end of a referral a rule belongs to."""

    SENDER = "sender", _("Sending organisation")
    RECEIVER = "receiver", _("Receiving organisation")


# States in which a referral is finished: retention counts from the moment it got there.
FINAL_STATES = (ReferralState.DECLINED, ReferralState.REDIRECTED, ReferralState.CLOSED, ReferralState.WITHDRAWN)
# States the sender may still withdraw from ("until completion").
WITHDRAWABLE_STATES = (ReferralState.DRAFT, ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)


@dataclass(frozen=True)
class TransitionRule:
    """Who may move a referral from one state to another.

    `permission` is the guardian object permission (granted to the organisation's group by the services),
    `side` the organisation the user must act for, `roles` the membership roles allowed there (empty: any
    active member), `assignee_only` restricts the move to the caseworker the receiver assigned.
    """

    permission: str
    side: str
    roles: tuple[str, ...] = ()
    assignee_only: bool = False


INTAKE_ROLES = (MembershipRole.INTAKE, MembershipRole.ADMIN)
_SENDER_RULE = TransitionRule("send_referral", Side.SENDER)

TRANSITIONS: dict[tuple[str, str], TransitionRule] = {
    (ReferralState.DRAFT, ReferralState.SENT): _SENDER_RULE,
    (ReferralState.SENT, ReferralState.ACCEPTED): TransitionRule("answer_referral", Side.RECEIVER, INTAKE_ROLES),
    (ReferralState.SENT, ReferralState.DECLINED): TransitionRule("answer_referral", Side.RECEIVER, INTAKE_ROLES),
    (ReferralState.SENT, ReferralState.REDIRECTED): TransitionRule("answer_referral", Side.RECEIVER, INTAKE_ROLES),
    (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS): TransitionRule(
        "work_referral", Side.RECEIVER, assignee_only=True
    ),
    (ReferralState.IN_PROGRESS, ReferralState.COMPLETED): TransitionRule(
        "work_referral", Side.RECEIVER, assignee_only=True
    ),
    (ReferralState.COMPLETED, ReferralState.CLOSED): _SENDER_RULE,
    **{(state, ReferralState.WITHDRAWN): _SENDER_RULE for state in WITHDRAWABLE_STATES},
}

# Object permissions each side's group receives (services grant them; `visible_to` reads view_referral).
SENDER_PERMISSIONS = ("view_referral", "send_referral", "comment_referral")
RECEIVER_PERMISSIONS = ("view_referral", "answer_referral", "work_referral", "comment_referral")
# After a redirect the original sender keeps sight of the new referral, nothing more.
CHAIN_PERMISSIONS = ("view_referral",)


def due_delay(urgency: str) -> timedelta:
    """Response time allowed for an urgency (settings.REFERRAL_RESPONSE_HOURS, in hours)."""
    hours = settings.REFERRAL_RESPONSE_HOURS[urgency]
    return timedelta(hours=hours)


def member_roles(user) -> dict[int, str]:
    """{organization_id: role} of the user's active memberships in active organisations (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    return dict(
        Membership.objects.filter(user=user, is_active=True, organization__is_active=True).values_list(
            "organization_id", "role"
        )
    )
