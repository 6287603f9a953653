"""Synthetic referrals for the benchmark: between organisations, no person and no consent rows (nothing
personal to invent), but with the object permissions the services grant. Flows mostly follow
partnerships, as real referrals do.

`referral_create` gives the sending organisation's group `SENDER_PERMISSIONS` on the referral and
`referral_send` gives the receiving group `RECEIVER_PERMISSIONS`; this module bulk-inserts exactly those
`ReferralGroupObjectPermission` rows (drafts: the sender's only), so the inbox and the API are measured
through the real permission path, `Referral.objects.visible_to`.
"""

import datetime

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

STATES = [("sent", 10), ("accepted", 15), ("in_progress", 15), ("completed", 35), ("closed", 15), ("declined", 5),
          ("draft", 5)]


def _permission_ids(codenames) -> list[int]:
    from django.contrib.auth.models import Permission

    found = dict(Permission.objects.filter(content_type__app_label="referrals", codename__in=codenames)
                 .values_list("codename", "pk"))
    return [found[codename] for codename in codenames]


def _grant_rows(made, *, group_of) -> list:
    """The permission rows `referral_create` and `referral_send` would write for these referrals."""
    from referrals.models import ReferralGroupObjectPermission
    from referrals.rules import RECEIVER_PERMISSIONS, SENDER_PERMISSIONS

    sender_perms, receiver_perms = _permission_ids(SENDER_PERMISSIONS), _permission_ids(RECEIVER_PERMISSIONS)
    rows = []
    for referral in made:
        for permission_id in sender_perms:
            rows.append(ReferralGroupObjectPermission(group_id=group_of[referral.sender_id],
                                                      permission_id=permission_id, content_object_id=referral.pk))
        if referral.state != "draft":
            for permission_id in receiver_perms:
                rows.append(ReferralGroupObjectPermission(group_id=group_of[referral.receiver_id],
                                                          permission_id=permission_id, content_object_id=referral.pk))
    return rows


def generate_referrals(Referral, *, pk, member_sets, count, rng, bar, batch) -> int:
    from directory.models import Organization
    from referrals.models import ReferralGroupObjectPermission
    from referrals.rules import due_delay

    group_of = dict(Organization.objects.filter(pk__in=pk).values_list("pk", "group_id"))
    states, weights = zip(*STATES, strict=True)
    start = datetime.datetime(2017, 1, 11, tzinfo=datetime.UTC)
    span = int((timezone.now() - start).total_seconds())
    routine = due_delay("routine")
    rows = []

    def flush():
        made = Referral.objects.bulk_create(rows)
        ReferralGroupObjectPermission.objects.bulk_create(_grant_rows(made, group_of=group_of), batch_size=batch)
        rows.clear()

    for _ in bar(range(count), desc="Referrals", unit="ref"):
        if rng.random() < 0.9:
            members = rng.choice(member_sets)
            sender, receiver = rng.sample(members, 2)
        else:
            sender, receiver = rng.sample(range(len(pk)), 2)
        state = rng.choices(states, weights)[0]
        created = start + datetime.timedelta(seconds=rng.randrange(span))
        sent_at = None if state == "draft" else created + datetime.timedelta(hours=rng.randrange(0, 48))
        rows.append(Referral(sender_id=pk[sender], receiver_id=pk[receiver], state=state, sent_at=sent_at,
                             due_at=sent_at + routine if sent_at else None, created_at=created))
        if len(rows) >= batch:
            flush()
    if rows:
        flush()
    # bulk_create stamps every `updated_at` with now; a real referral was last touched when it last moved.
    Referral.objects.filter(sender_id__in=pk).update(updated_at=Coalesce(F("sent_at"), F("created_at")))
    return count
