"""The access log is append-only: nothing in the application can change or delete an entry."""

import pytest
from django.db import DatabaseError, connection, transaction

from referrals.models import AccessAction, AccessLog, AppendOnlyError
from tests.factories import make_referral


def test_every_change_is_logged(world, sent):
    actions = list(AccessLog.objects.filter(referral=sent).order_by("pk").values_list("action", "detail"))
    assert actions == [(AccessAction.CREATE, ""), (AccessAction.TRANSITION, "draft → sent")]


def test_entries_cannot_be_updated_or_deleted_by_the_application(world, sent):
    entry = AccessLog.objects.filter(referral=sent).first()
    original = entry.detail
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(detail="changed")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    entry.detail = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.detail == original != "changed"
    assert AccessLog.objects.filter(referral=sent).count() == 2


def test_deleting_a_referral_is_refused_and_deleting_a_user_leaves_their_entries(world, sent):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        sent.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        world.sender.delete()
    before = list(AccessLog.objects.filter(referral=sent).order_by("pk").values_list("user_id", "username", "action"))
    user_id = world.sender_cw.pk
    world.sender_cw.delete()
    after = list(AccessLog.objects.filter(referral=sent).order_by("pk").values_list("user_id", "username", "action"))
    assert after == before and before[0][:2] == (user_id, "alice")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_raw_update_and_delete(world):
    make_referral(world.sender_cw, world.sender, world.receiver)
    for statement in ("UPDATE referrals_accesslog SET detail = 'x'", "DELETE FROM referrals_accesslog"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.filter(detail="x").count() == 0


def test_organisation_admin_reads_only_their_organisation_entries(world, sent):
    other = make_referral(world.third_cw, world.third, world.sender)
    entries = AccessLog.objects.for_organization(world.receiver)
    assert set(entries.values_list("referral", flat=True)) == {sent.pk}
    assert other.pk in set(AccessLog.objects.for_organization(world.sender).values_list("referral", flat=True))


def test_the_admin_site_offers_no_way_to_edit_entries():
    from django.contrib import admin

    assert AccessLog not in admin.site._registry
