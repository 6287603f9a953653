"""The register's demo holds the seed's figures and loads twice without doubling anything."""

from datetime import date

from django.db.models import Sum

from arrivals.demo import household_specs


def test_demo_households_hold_the_seeds_figures():
    specs = household_specs(date(2026, 11, 30))
    by_june_2018 = [spec for spec in specs if spec["arrival"] <= date(2018, 6, 20)]
    assert sum(spec["size"] for spec in by_june_2018) == 71
    left = [spec for spec in by_june_2018 if spec["departure"] and spec["departure"] <= date(2018, 6, 20)]
    assert sum(spec["size"] for spec in left) == 11
    second = [spec for spec in specs if date(2018, 6, 20) < spec["arrival"] <= date(2019, 6, 30)]
    assert sum(spec["size"] for spec in second) == 80
    assert specs[0]["arrival"] >= date(2017, 4, 1) and max(spec["arrival"] for spec in specs) <= date(2026, 11, 30)
    assert all(spec["departure"] is None or spec["departure"] >= spec["arrival"] for spec in specs)
    assert household_specs(date(2026, 11, 30)) is not specs  # deterministic, built again
    assert [s["key"] for s in household_specs(date(2026, 11, 30))] == [s["key"] for s in specs]


def test_demo_loads_every_state_and_twice_doubles_nothing(db):
    from arrivals import demo
    from arrivals.models import ChecklistItem, Household
    from directory import demo as directory_demo
    from portal.demo_kit import DemoContext

    class Out:
        def write(self, *args, **kwargs):
            pass

    ctx = DemoContext(stdout=Out(), style=None, verbosity=0)
    directory_demo.load(ctx)
    demo.load(ctx)
    count = Household.objects.count()
    statuses = set(ChecklistItem.objects.values_list("status", flat=True))
    assert statuses == {"todo", "in_progress", "done", "not_needed"}
    demo.load(ctx)
    assert Household.objects.count() == count
    persons = Household.objects.with_persons().filter(arrival_date__lte=date(2018, 6, 20)).aggregate(
        n=Sum("person_count"))["n"]
    assert persons == 71
