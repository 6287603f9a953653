"""Demo register: fictitious households welcomed by AIBSL from April 2017 to today, consistent with the seed.

The seed's figures hold: 71 persons welcomed by 20 June 2018, of whom 11 had left; 80 more from then to
30 June 2019, against the framework agreement's target of 200 persons by 30 June 2019. Arrivals then go on
at a modest pace (a pause in 2020) up to today. Names are invented and say so ("Famille Démo-…").

Rows are built directly (bulk inserts, past dates, no access-log entries for the demo's own writing), with
the same object permissions the services grant. Each household's public id is derived from its key
(uuid5), its natural key: running the demo twice doubles nothing, and a household already there is left as
it is (someone may have edited it while trying the demo).
"""

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from directory.models import Language, Organization
from directory.services import organization_ensure_group
from referrals.models import Referral, ReferralState

from .models import (
    Agreement,
    ChecklistItem,
    Country,
    FundingPeriod,
    Household,
    HouseholdGroupObjectPermission,
    Person,
    Relationship,
    StepStatus,
)
from .services import HOUSEHOLD_PERMISSIONS, routine_steps

NAMESPACE = uuid.UUID("6a1c3a1e-0b7e-4d55-9f3c-a11e5ca1ab17")
AGREEMENT = "Entente-cadre ville d'accueil (MIDI, aujourd'hui MIFI)"

COUNTRIES = [
    ("CO", "Colombie", "Colombia"),
    ("CF", "République centrafricaine", "Central African Republic"),
    ("CD", "République démocratique du Congo", "Democratic Republic of the Congo"),
    ("SY", "Syrie", "Syria"),
    ("RW", "Rwanda", "Rwanda"),
    ("BI", "Burundi", "Burundi"),
]
# country: (languages, invented family names, share of families needing an interpreter)
ORIGINS = {
    "CO": (["es"], ["Gutiérrez", "Rodríguez", "Moreno", "Castaño", "Restrepo", "Ospina", "Quintero"], 0.9),
    "CF": (["sg", "fr"], ["Yakoubou", "Ngaïkoï", "Kossi", "Zoumandé", "Ndjapou"], 0.4),
    "CD": (["sw", "fr"], ["Kalonji", "Mbuyi", "Ilunga", "Kabeya"], 0.5),
    "SY": (["ar"], ["Haddad", "Khoury", "Nassar", "Saleh"], 1.0),
    "RW": (["rw", "fr"], ["Uwase", "Nduwimana", "Mukamana"], 0.6),
    "BI": (["rw", "fr"], ["Niyonzima", "Hakizimana"], 0.6),
}
ORIGIN_WEIGHTS = {"CO": 5, "CF": 3, "CD": 2, "SY": 2, "RW": 1, "BI": 1}
REASONS = ["work", "family", "studies", "other"]


def _sizes(rng: random.Random, total: int) -> list[int]:
    """Household sizes adding up to exactly `total` persons."""
    sizes = []
    while total > 0:
        size = min(rng.choice([1, 2, 3, 3, 4, 4, 5, 5, 6, 7]), total)
        sizes.append(size)
        total -= size
    return sizes


def _dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    """Arrival days for `count` households, grouped in cohorts (families often arrive together)."""
    span = (end - start).days
    days = []
    while len(days) < count:
        day = start + timedelta(days=rng.randint(0, span))
        days.extend([day] * min(rng.choice([1, 1, 2, 3]), count - len(days)))
    return sorted(days)


def _spec(key, arrival, size, rng, *, departure=None, reason=""):
    return {"key": key, "arrival": arrival, "size": size, "departure": departure, "reason": reason,
            "rng": random.Random(f"{key}-{rng.random()}")}


def household_specs(today: date) -> list[dict]:
    """Every demo household: (key, arrival, size, departure) — the seed's totals, then one cohort a month."""
    rng = random.Random(2017)
    specs = []
    # 11 persons had left by 20 June 2018: the three earliest households (5 + 4 + 2 persons).
    first = [5, 4, 2] + _sizes(rng, 71 - 11)
    first_days = _dates(rng, date(2017, 4, 4), date(2018, 6, 20), len(first))
    for index, (size, day) in enumerate(zip(first, first_days, strict=True)):
        specs.append(_spec(f"a{index}", day, size, rng))
    for index, spec in enumerate(specs[:3]):
        spec["departure"] = min(spec["arrival"] + timedelta(days=150 + 60 * index), date(2018, 6, 15))
        spec["reason"] = REASONS[index % len(REASONS)]
    second = _sizes(rng, 80)
    for index, (size, day) in enumerate(zip(second, _dates(rng, date(2018, 6, 21), date(2019, 6, 30), len(second)),
                                            strict=True)):
        specs.append(_spec(f"b{index}", day, size, rng))
    # After the framework agreement: a cohort most months, none in the 2020 pause.
    month = date(2019, 7, 1)
    while month <= today:
        monthly = random.Random(f"month-{month.isoformat()}")
        if not (date(2020, 3, 1) <= month < date(2021, 3, 1)) and monthly.random() < 0.7:
            for index in range(monthly.choice([1, 1, 2, 3])):
                day = min(month + timedelta(days=monthly.randint(0, 27)), today)
                specs.append(_spec(f"m{month:%Y%m}-{index}", day, monthly.choice([1, 2, 3, 4, 5, 6]), monthly))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    # A family that arrived these last days, so that the register always shows a routine just begun.
    if not any((today - spec["arrival"]).days <= 21 for spec in specs):
        recent = random.Random(f"recent-{today:%Y%m}")
        specs.append(_spec(f"r{today:%Y%m}", today - timedelta(days=10), 4, recent))
    # Later departures: some households leave one to three years after arriving.
    for spec in specs:
        if spec["departure"] is None and spec["arrival"] >= date(2018, 6, 21):
            draw = spec["rng"].random()
            leave = spec["arrival"] + timedelta(days=365 + int(draw * 730))
            if draw < 0.12 and leave < today:
                spec["departure"], spec["reason"] = leave, REASONS[int(draw * 100) % len(REASONS)]
    return specs


def _composition(size: int, rng: random.Random) -> dict:
    adults = 1 if size <= 2 and rng.random() < 0.5 else min(2, size)
    bands = {"adults_18_64": adults, "children_0_4": 0, "children_5_11": 0, "youth_12_17": 0, "seniors_65_plus": 0}
    for _child in range(size - adults):
        bands[rng.choice(["children_0_4", "children_5_11", "children_5_11", "youth_12_17", "seniors_65_plus"])] += 1
    return bands


def _checklist(household_spec, bands, steps, today) -> list[tuple]:
    """(step, status, date) for each routine step: old households mostly done, recent ones under way."""
    rng, arrival = household_spec["rng"], household_spec["arrival"]
    age = (household_spec["departure"] or today) - arrival
    rows = []
    for order, step in enumerate(steps):
        if step.slug == "inscription-scolaire" and not (bands["children_5_11"] or bands["youth_12_17"]):
            rows.append((step, StepStatus.NOT_NEEDED, None))
            continue
        if step.slug == "garderie" and not bands["children_0_4"]:
            rows.append((step, StepStatus.NOT_NEEDED, None))
            continue
        delay = 1 + order * 3 + int(rng.random() * 25)
        if step.slug == "garderie":
            delay += 120  # few places: the matrix's gap shows here too
        if delay <= age.days and rng.random() < (0.985 if age.days > 365 else 0.9):
            rows.append((step, StepStatus.DONE, arrival + timedelta(days=delay)))
        elif delay - 20 <= age.days:
            rows.append((step, StepStatus.IN_PROGRESS, arrival + timedelta(days=max(age.days - 5, 0))))
        else:
            rows.append((step, StepStatus.TODO, None))
    return rows


def load(ctx) -> None:
    welcoming = Organization.objects.filter(slug="aibsl").first()
    funder = Organization.objects.filter(slug="mifi").first()
    if welcoming is None or funder is None:
        ctx.say("  (no AIBSL or MIFI in the directory: no register demo)")
        return
    countries = {code: Country.objects.update_or_create(code=code, defaults={"name_fr": fr, "name_en": en})[0]
                 for code, fr, en in COUNTRIES}
    languages = {language.code: language for language in Language.objects.all()}
    agreement, _created = Agreement.objects.update_or_create(
        name=AGREEMENT,
        defaults={"funder": funder, "organization": welcoming, "start": date(2017, 1, 11), "end": date(2019, 6, 30),
                  "target_persons": 200, "is_public": True},
    )
    for start, end in ((date(2017, 1, 11), date(2017, 3, 31)), (date(2017, 4, 1), date(2018, 3, 31)),
                       (date(2018, 4, 1), date(2019, 3, 31)), (date(2019, 4, 1), date(2019, 6, 30))):
        FundingPeriod.objects.get_or_create(agreement=agreement, start=start, end=end)

    today = timezone.localdate()
    specs = household_specs(today)
    existing = set(Household.objects.filter(
        public_id__in=[uuid.uuid5(NAMESPACE, spec["key"]) for spec in specs]).values_list("public_id", flat=True))
    steps = routine_steps()
    created = []
    for spec in ctx.progress(specs, desc="Households", total=len(specs)):
        public_id = uuid.uuid5(NAMESPACE, spec["key"])
        if public_id in existing:
            continue
        rng = spec["rng"]
        origin = rng.choices(list(ORIGIN_WEIGHTS), weights=list(ORIGIN_WEIGHTS.values()))[0]
        codes, surnames, interpreter_share = ORIGINS[origin]
        surname = rng.choice(surnames)
        bands = _composition(spec["size"], rng)
        settled = (today - spec["arrival"]).days > 45
        household = Household.objects.create(
            public_id=public_id, organization=welcoming, family_name=f"Famille Démo-{surname}",
            arrival_date=spec["arrival"], cohort=f"{spec['arrival']:%Y-%m}",
            interpreter_needed=rng.random() < interpreter_share,
            temporary_housing=not settled, address=f"{rng.randint(10, 990)}, rue Fictive, Rimouski" if settled else "",
            departure_date=spec["departure"], departure_reason=spec["reason"],
            created_at=timezone.make_aware(datetime.combine(spec["arrival"], time(10))),
            **bands,
        )
        household.countries.set([countries[origin]])
        household.languages.set([languages[code] for code in codes if code in languages])
        persons = [Person(household=household, full_name=f"Adulte fictif {surname}",
                          birth_year=rng.randint(1965, 1995), relationship=Relationship.PRINCIPAL)]
        if bands["adults_18_64"] > 1:
            persons.append(Person(household=household, full_name=f"Conjointe fictive {surname}",
                                  birth_year=rng.randint(1965, 1998), relationship=Relationship.SPOUSE))
        Person.objects.bulk_create(persons)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(household=household, step=step, status=status, date=day,
                          organization=welcoming if status == StepStatus.DONE else None)
            for step, status, day in _checklist(spec, bands, steps, today)
        )
        created.append(household)
    _grant(created, welcoming)
    _link_referrals(welcoming)
    ctx.say(f"  {Household.objects.filter(organization=welcoming).count()} households in AIBSL's register")


def _grant(households, organization) -> None:
    if not households:
        return
    group = organization_ensure_group(organization=organization)
    permissions = Permission.objects.filter(content_type__app_label="arrivals", codename__in=HOUSEHOLD_PERMISSIONS)
    HouseholdGroupObjectPermission.objects.bulk_create(
        [HouseholdGroupObjectPermission(group=group, permission=permission, content_object=household)
         for household in households for permission in permissions],
        ignore_conflicts=True,
    )


def _link_referrals(welcoming) -> None:
    """Some steps under way are behind one of the demo's referrals from AIBSL for that step."""
    active = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)
    referrals = list(Referral.objects.filter(sender=welcoming, state__in=active, pathway_step__isnull=False,
                                             checklist_items__isnull=True).select_related("receiver"))
    for referral in referrals:
        item = (
            ChecklistItem.objects.filter(
                household__organization=welcoming, step=referral.pathway_step, referral__isnull=True,
                status__in=(StepStatus.IN_PROGRESS, StepStatus.TODO), household__departure_date__isnull=True,
            ).select_related("household").order_by("-household__arrival_date").first()
        )
        if item is not None:
            item.referral, item.status, item.organization = referral, StepStatus.IN_PROGRESS, referral.receiver
            item.date = item.date or max(item.household.arrival_date, timezone.localdate(referral.sent_at))
            item.save()
