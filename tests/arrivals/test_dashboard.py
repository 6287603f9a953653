"""The coordinator's dashboard: public under the small-number rule, exact for the register's members,
constant queries, and the same numbers after erasure."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arrivals import figures, services
from arrivals.models import Household, StepStatus
from portal.disclosure import Suppressed


def _populate(register, n):
    for index in range(n):
        household = register.household(arrival=date(2017, 4, 1) + timedelta(days=40 * index), adults=1 + index % 3)
        item = household.checklist.first()
        services.checklist_update(item=item, user=register.member, status=StepStatus.DONE,
                                  on=household.arrival_date + timedelta(days=index % 50))


@pytest.fixture
def populated(register):
    register.agreement()
    _populate(register, 8)
    return register


def test_dashboard_for_the_three_personas(client, populated):
    url = reverse("arrivals:dashboard")
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert "Famille Fictive" not in anonymous.content.decode()  # no household named to the public
    client.force_login(populated.partner)
    assert "Famille Fictive" not in client.get(url).content.decode()
    client.force_login(populated.member)
    member = client.get(url)
    assert member.status_code == 200 and member["Cache-Control"] == "private, no-store"


def test_public_figures_follow_the_small_number_rule(populated):
    public = figures.compute(public=True)
    for row in public.months:
        assert row.persons == 0 or isinstance(row.persons, Suppressed) or row.persons >= 3
        assert row.cumulative % 3 == 0  # banded: two months never differ by one or two persons
    for _name, households, _persons in public.languages + public.countries:
        assert isinstance(households, Suppressed) or households == 0 or households >= 3
    exact = figures.compute(public=False)
    assert exact.persons == sum(h.size for h in Household.objects.all())


def test_csv_uses_the_same_rule_and_the_safe_writer(client, populated):
    body = client.get(reverse("arrivals:dashboard-csv")).content.decode()
    assert body.startswith("measure,period_or_category,households,persons,extra")
    assert "arrivals,2017-04" in body


def test_erasure_keeps_the_dashboard_identical(populated):
    before_public = figures.compute(public=True)
    before = figures.compute(public=False)
    for household in Household.objects.all():
        services.household_erase_personal_data(household=household)
    assert figures.compute(public=False) == before
    assert figures.compute(public=True) == before_public


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_and_register_run_a_constant_number_of_queries(client, register):
    register.agreement()
    client.force_login(register.member)
    urls = [reverse("arrivals:dashboard"), reverse("arrivals:register") + "?show=all"]
    _populate(register, 3)
    [_queries(client, url) for url in urls]  # warm the per-process caches (content types, site)
    small = [_queries(client, url) for url in urls]
    _populate(register, 12)
    assert [_queries(client, url) for url in urls] == small


def test_public_persons_never_give_a_lone_familys_size(register):
    """A month (or a language) with one or two households must not show their persons: that is a family's
    size and arrival month. Their households are "fewer than 3", so are their persons, and no total
    lets a lone hidden cell be recomputed."""
    register.agreement()
    for index in range(3):  # a month with enough households to be shown
        register.household(arrival=date(2018, 1, 5 + index), adults=2)
    register.household(arrival=date(2018, 3, 10), adults=2, children=3)  # alone in March: 5 persons
    public = figures.compute(public=True, today=date(2018, 6, 15))
    march = next(row for row in public.months if row.month == date(2018, 3, 1))
    assert isinstance(march.households, Suppressed)
    assert isinstance(march.persons, Suppressed)
    hidden = [row for row in public.months if isinstance(row.persons, Suppressed)]
    assert len(hidden) >= 2 or isinstance(public.months_total[1], Suppressed)  # never one cell beside its total
    for _name, households, persons in public.languages + public.countries:
        if isinstance(households, Suppressed):
            assert isinstance(persons, Suppressed)
