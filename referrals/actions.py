"""The actions a user takes on a referral, in one table that the workspace page and the API both read.

Each `Action` says what it is called, the state it moves the referral to (None: no transition), the form
the page shows, the serializer the API validates, who may see it offered (`available`), the button label,
the API summary, and `run`, which calls the service. The form and the serializer give `run` the same data
(`assignee` a user, `consent` a dict…), so one `run` serves both doors. Adding a transition touches this
file (and the service, and the rule table in models.py); the page view and the API's `@action`s are
generated from `ACTIONS`.

The services decide: `available` only chooses which forms the page offers. A request for an action the user
may not take reaches the service, whose `ReferralError` becomes the 403 or 409.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import forms, serializers, services
from .models import Referral, ReferralState


@dataclass(frozen=True)
class Action:
    name: str
    target: str | None
    form: type | None
    serializer: type | None
    run: Callable[..., Any]  # (referral, user, data, organization) -> the service's result
    label: Any  # the button on the page
    summary: str  # the API operation's summary
    available: Callable[..., bool] | None = None  # (referral, user, perms, roles, allowed) -> bool
    api: bool = True  # offered by the API as POST …/<id>/<name>/
    done: Any = None  # the result announced on the page after the action ("Referral accepted.")
    confirm: Any = None  # for an action that ends the referral: what happens, said before the button

    @property
    def destructive(self) -> bool:
        """Shown as a secondary button behind a confirmation that says what happens."""
        return self.confirm is not None

    @property
    def api_name(self) -> str | None:
        """The API viewset's attribute for this action (None: not an API action of its own)."""
        return self.name.replace("-", "_") if self.api else None

    def offered(self, referral: Referral, user, *, perms, roles, allowed) -> bool:
        """Whether the page offers this action to the user (the service checks again when it runs)."""
        if self.available is not None:
            return self.available(referral, user, perms=perms, roles=roles, allowed=allowed)
        return self.target in allowed

    def make_form(self, referral: Referral, data=None):
        return None if self.form is None else self.form(data, prefix=self.name, referral=referral)


def _consent(user, consent: dict) -> dict:
    return {"obtained_at": timezone.now(), **consent, "obtained_by": user}


def _redirect(referral, user, data, organization):
    services.referral_redirect(referral=referral, user=user, receiver=data["receiver"], reason=data["reason"],
                               consent=_consent(user, data["consent"]))
    referral.refresh_from_db()
    return referral


_ACTIONS = [
    Action(
        "send", ReferralState.SENT, None, None,
        run=lambda referral, user, data, organization: services.referral_send(referral=referral, user=user),
        label=_("Send"), summary="Send a draft (consent required)",
        done=_("Referral sent: the receiving organisation is told."),
    ),
    Action(
        "accept", ReferralState.ACCEPTED, forms.AcceptForm, serializers.AcceptSerializer,
        run=lambda referral, user, data, organization: services.referral_accept(
            referral=referral, user=user, assignee=data.get("assignee") or None, note=data["note"]),
        label=_("Accept"), summary="Accept (receiving intake)",
        done=_("Referral accepted: the sender is told."),
    ),
    Action(
        "decline", ReferralState.DECLINED, forms.DeclineForm, serializers.DeclineSerializer,
        run=lambda referral, user, data, organization: services.referral_decline(
            referral=referral, user=user, reason=data["reason"]),
        label=_("Decline"), summary="Decline with a reason (receiving intake)",
        done=_("Referral declined: the sender is told, with your reason."),
        confirm=_("Declining ends the referral: the sending organisation is told, with your reason, and will have "
                  "to refer the person elsewhere. This cannot be undone."),
    ),
    Action(
        "redirect", ReferralState.REDIRECTED, forms.RedirectForm, serializers.RedirectSerializer,
        run=_redirect, label=_("Redirect"), summary="Redirect to a third organisation (receiving intake)",
        done=_("Referral redirected: the new organisation is told."),
    ),
    Action(
        "start", ReferralState.IN_PROGRESS, forms.NoteForm, serializers.NoteSerializer,
        run=lambda referral, user, data, organization: services.referral_start(
            referral=referral, user=user, note=data["note"]),
        label=_("Start"), summary="Start work (assigned caseworker)",
        done=_("Work started."),
    ),
    Action(
        "complete", ReferralState.COMPLETED, forms.CompleteForm, serializers.CompleteSerializer,
        run=lambda referral, user, data, organization: services.referral_complete(
            referral=referral, user=user, outcome_status=data["outcome_status"],
            outcome_reason=data.get("outcome_reason"), outcome=data["outcome"]),
        label=_("Record the outcome"), summary="Complete with an outcome (assigned caseworker)",
        done=_("Outcome recorded: the sender is told."),
    ),
    Action(
        "close", ReferralState.CLOSED, forms.CloseForm, serializers.CloseSerializer,
        run=lambda referral, user, data, organization: services.referral_close(
            referral=referral, user=user, note=data["note"], follow_up=data["follow_up"],
            follow_up_on=data.get("follow_up_on")),
        label=_("Close the loop"), summary="Close the loop, with a follow-up unless declined (sender)",
        done=_("Loop closed."),
    ),
    Action(
        "withdraw", ReferralState.WITHDRAWN, forms.NoteForm, serializers.NoteSerializer,
        run=lambda referral, user, data, organization: services.referral_withdraw(
            referral=referral, user=user, reason=data["note"]),
        label=_("Withdraw"), summary="Withdraw (sender, until completion)",
        done=_("Referral withdrawn: the receiving organisation no longer has to act on it."),
        confirm=_("Withdrawing stops the referral: the receiving organisation will no longer act on it, and the "
                  "person is no longer referred. This cannot be undone."),
    ),
    Action(
        "assign", None, forms.AssignForm, serializers.AssignSerializer,
        run=lambda referral, user, data, organization: services.referral_assign(
            referral=referral, user=user, assignee=data["assignee"]),
        label=_("Assign"), summary="Assign a caseworker (receiving intake)",
        available=lambda referral, user, *, perms, roles, allowed: referral.can_assign(user, perms=perms,
                                                                                        roles=roles),
        done=_("Caseworker assigned: they are told by e-mail."),
    ),
    Action(
        "follow-up", None, forms.FollowUpForm, serializers.FollowUpSerializer,
        run=lambda referral, user, data, organization: services.referral_schedule_follow_up(
            referral=referral, user=user, on=data.get("follow_up_on")),
        label=_("Save the follow-up date"), summary="Schedule or cancel the follow-up (sender)",
        available=lambda referral, user, *, perms, roles, allowed: referral.can_follow_up(user, perms=perms,
                                                                                           roles=roles),
        done=_("Follow-up date saved."),
    ),
    Action(
        "follow-up-done", None, forms.NoteForm, serializers.NoteSerializer,
        run=lambda referral, user, data, organization: services.referral_follow_up_done(
            referral=referral, user=user, note=data["note"]),
        label=_("Follow-up done"), summary="Record that the follow-up was done (sender)",
        available=lambda referral, user, *, perms, roles, allowed: (
            referral.follow_up_on is not None and referral.follow_up_done_at is None
            and referral.can_follow_up(user, perms=perms, roles=roles)),
        done=_("Follow-up recorded as done."),
    ),
    Action(
        "comment", None, forms.CommentForm, serializers.CommentSerializer,
        run=lambda referral, user, data, organization: services.referral_comment(
            referral=referral, user=user, body=data["body"], organization=organization),
        label=_("Add the comment"), summary="Add a comment", api=False,  # the API's comments/ reads and adds
        available=lambda referral, user, *, perms, roles, allowed: referral.can_comment(user, perms=perms,
                                                                                         roles=roles),
        done=_("Comment added."),
    ),
]

ACTIONS: dict[str, Action] = {action.name: action for action in _ACTIONS}
