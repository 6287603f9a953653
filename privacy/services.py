"""Writes of the privacy app: an incident with its history; an access-request export with its log lines."""

from django.db import transaction
from django.db.models import Q

from referrals.audit import AccessAction, AccessLog
from referrals.models import Referral

from .models import ConfidentialityIncident, IncidentRevision


@transaction.atomic
def incident_save(*, incident: ConfidentialityIncident, user) -> ConfidentialityIncident:
    """Save the incident and append what it now says to its history."""
    incident.save()
    IncidentRevision.objects.create(incident=incident, user=user, username=user.get_username(),
                                    data=incident.snapshot())
    return incident


@transaction.atomic
def access_request_export(*, user, organization, name: str) -> list[Referral]:
    """Every referral of the organisation (sent or received) concerning a person named `name`, with what is
    held on them, for an access or rectification request. Each one read is written in the access log (the
    name searched is not: it would put personal data in the log)."""
    name = " ".join(name.split())
    if len(name) < 2:
        return []
    referrals = list(
        Referral.objects.visible_to(user)
        .filter(Q(sender=organization) | Q(receiver=organization), person__full_name__icontains=name)
        .select_related("person", "consent", "sender", "receiver", "pathway_step", "assigned_to", "created_by")
        .prefetch_related("person__languages", "events", "comments")
        .order_by("created_at")
    )
    for referral in referrals:
        AccessLog.objects.create(user=user, username=user.get_username(), organization=organization,
                                 action=AccessAction.EXPORT, referral=referral, detail="access request")
    return referrals
