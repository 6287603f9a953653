from io import StringIO

from django.utils import timezone

from directory.models import MembershipRole
from portal.demo_kit import DemoContext
from referrals import demo
from referrals.models import Referral, ReferralEvent, ReferralState
from tests.factories import make_member, make_organization


def test_demo_skips_without_organisations(db):
    out = StringIO()
    demo.load(DemoContext(stdout=out, style=None, verbosity=1))
    assert "skipped" in out.getvalue()
    assert not Referral.objects.exists()


def test_demo_is_idempotent_and_covers_every_state(db):
    for slug in ("aibsl", "cisss-bsl", "css-phares", "moisson", "maison-familles", "ville-rimouski"):
        org = make_organization(slug)
        for role in MembershipRole.values:
            make_member(org, role)
    ctx = DemoContext(stdout=StringIO(), style=None, verbosity=0)
    demo.load(ctx)
    count = Referral.objects.count()
    demo.load(ctx)
    assert Referral.objects.count() == count > 50
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == set(ReferralState.values)
    assert Referral.objects.filter(redirected_from__isnull=False).exists()
    years = {d.year for d in Referral.objects.exclude(sent_at=None).values_list("sent_at", flat=True)}
    assert min(years) == 2017 and max(years) >= 2025
    # A timeline never shows a step that has not happened yet.
    assert not ReferralEvent.objects.filter(at__gt=timezone.now()).exists()
