"""The register: one visibility rule, every read and write logged, erasure that keeps the figures."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from arrivals import services
from arrivals.models import ChecklistItem, Household, Person, StepStatus
from referrals.models import AccessAction, AccessLog, AppendOnlyError
from tests.factories import make_member, make_superuser


def test_only_members_of_the_welcoming_organisation_see_a_household(register):
    household = register.household()
    assert list(Household.objects.visible_to(register.member)) == [household]
    assert not Household.objects.visible_to(register.partner).exists()
    assert not Household.objects.visible_to(make_superuser()).exists()  # no blanket access to the register


def test_a_former_member_loses_sight_at_once(register):
    from directory.models import Membership
    from directory.services import membership_update

    household = register.household()
    colleague = make_member(register.welcoming, username="bob")
    assert Household.objects.visible_to(colleague).filter(pk=household.pk).exists()
    membership = Membership.objects.get(user=colleague, organization=register.welcoming)
    membership_update(membership=membership, role=membership.role, is_active=False)
    assert not Household.objects.visible_to(colleague).exists()


def test_a_partner_cannot_keep_the_register(register):
    with pytest.raises(services.ArrivalsError) as error:
        services.household_create(user=register.partner, organization=register.welcoming,
                                  arrival_date=date(2018, 1, 1), composition={"adults_18_64": 1})
    assert error.value.code == "forbidden"


def test_the_checklist_starts_with_every_routine_step_to_do(register):
    household = register.household()
    assert [item.step.slug for item in household.checklist.order_by("step__order")] == ["routine-0", "routine-1"]
    assert set(household.checklist.values_list("status", flat=True)) == {StepStatus.TODO}


def test_writes_and_views_are_in_the_append_only_log(register):
    household = register.household()
    services.household_log_view(household=household, user=register.member)
    item = household.checklist.first()
    services.checklist_update(item=item, user=register.member, status=StepStatus.DONE,
                              on=household.arrival_date + timedelta(days=2))
    actions = list(AccessLog.objects.filter(household=household).order_by("pk").values_list("action", flat=True))
    assert actions == [AccessAction.CREATE, AccessAction.VIEW, AccessAction.UPDATE]
    entry = AccessLog.objects.filter(household=household).first()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(household=household).update(detail="x")
    assert AccessLog.objects.for_organization(register.welcoming).filter(household=household).count() == 3
    assert not AccessLog.objects.for_organization(register.partner_org).filter(household=household).exists()


def test_a_done_step_cannot_be_dated_before_the_arrival_or_in_the_future(register):
    household = register.household()
    item = household.checklist.first()
    for day in (household.arrival_date - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(services.ArrivalsError):
            services.checklist_update(item=item, user=register.member, status=StepStatus.DONE, on=day)


def test_export_holds_everything_and_is_logged(register):
    household = register.household(address="", notes="Note fictive")
    data = services.household_export(household=household, user=register.member)
    assert data["household"]["family_name"] == household.family_name
    assert data["persons"][0]["full_name"] == "Personne Fictive A."
    assert len(data["arrival_routine"]) == 2
    assert data["access_log"][0]["action"] == AccessAction.CREATE
    assert AccessLog.objects.filter(household=household, action=AccessAction.EXPORT).count() == 1


def test_erasure_removes_what_identifies_and_keeps_the_counts(register):
    household = register.household(notes="Note fictive", temporary_housing=False, address="1 rue Fictive")
    before = Household.objects.with_persons().values("arrival_date", "person_count", "departure_date").get()
    assert services.household_erase_personal_data(household=household) is True
    assert services.household_erase_personal_data(household=household) is False  # idempotent
    household.refresh_from_db()
    assert (household.family_name, household.address, household.notes) == ("", "", "")
    assert not Person.objects.filter(household=household).exists()
    assert Household.objects.with_persons().values("arrival_date", "person_count", "departure_date").get() == before
    assert ChecklistItem.objects.filter(household=household).count() == 2
    assert list(household.languages.all()) == [register.spanish]


@override_settings(ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE=30, ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL=3650)
def test_retention_erases_households_gone_long_enough(register):
    today = timezone.localdate()
    gone = register.household(arrival=today - timedelta(days=400))
    services.household_depart(household=gone, user=register.member, departure_date=today - timedelta(days=31),
                              reason="work")
    recent = register.household(arrival=today - timedelta(days=400))
    services.household_depart(household=recent, user=register.member, departure_date=today - timedelta(days=5),
                              reason="family")
    here = register.household(arrival=today - timedelta(days=10))
    assert services.households_erase_expired() == 1
    assert Household.objects.with_personal_data().count() == 2
    assert Household.objects.get(pk=gone.pk).personal_data_erased
    assert not Household.objects.get(pk=here.pk).personal_data_erased
    assert AccessLog.objects.filter(household=gone, action=AccessAction.ERASE).exists()
