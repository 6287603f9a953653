"""The benchmark generator grants what real use grants: a generated intake coordinator sees, through
`visible_to`, exactly their organisation's referrals (received once sent, and sent), and nothing else."""

import pytest
from django.contrib.auth import get_user_model

from benchmarks.synthetic import benchmark_username, busiest_receivers, generate
from directory.models import MembershipRole
from referrals.models import Referral, ReferralState

pytestmark = pytest.mark.django_db


def test_generated_intake_coordinator_sees_their_organisations_referrals():
    counts = generate(organizations=40, partnerships=100, referrals=600, seed=3, progress=False, prefix="g1")
    assert counts["users"] > 0
    organization = busiest_receivers("g1", 1)[0]
    intake = get_user_model().objects.get(username=benchmark_username(organization, MembershipRole.INTAKE))
    assert organization.group.user_set.filter(pk=intake.pk).exists()

    visible = Referral.objects.visible_to(intake)
    received = Referral.objects.received_by(organization)
    assert received.count() > 10
    assert set(visible.received_by(organization)) == set(received)
    assert set(visible.sent_by(organization)) == set(Referral.objects.sent_by(organization))
    # A draft of another organisation, or a referral between two others, stays out of sight.
    others = Referral.objects.exclude(sender=organization).exclude(receiver=organization)
    assert others.exists() and not visible.filter(pk__in=others.values("pk")).exists()
    assert not visible.filter(receiver=organization, state=ReferralState.DRAFT).exists()
    # The permission the services would check for answering is there too (same rows as referral_send).
    sent = received.filter(state=ReferralState.SENT).first()
    if sent is not None:
        assert intake.has_perm("referrals.answer_referral", sent)
