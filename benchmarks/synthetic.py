"""A synthetic province-wide partnership network (about 2,000 organisations, 20,000 partnerships,
200,000 referrals), deterministic for a given seed.

The shape imitates Québec: 17 regions, each with its hubs (a settlement agency, the CISSS, the school
service centre, the city) that most local partnerships go through; a few province-wide bodies (ministry,
umbrella organisation); partnerships mostly between two organisations, some multi-party; dates from 2005
on so "as of" views differ. Rows go in with bulk_create in batches, under a tqdm progress bar.

What real use grants is granted here too, as the same rows the services would write: each organisation
has its members' group (`organization_create`), the busiest receivers get an intake coordinator and a
caseworker through `membership_add`, and each referral carries the object permissions that
`referral_create`/`referral_send` give the sending and receiving groups (see `benchmarks/referrals.py`).
"""

import datetime
import random

from django.db import transaction
from tqdm import tqdm

REGIONS = 17
BATCH = 2000
KIND_WEIGHTS = [("service", 45), ("informal", 30), ("concertation", 17), ("agreement", 8)]


def _dates(rng: random.Random) -> tuple[datetime.date, datetime.date | None]:
    since = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(0, 21 * 365))
    until = None
    if rng.random() < 0.15:
        until = since + datetime.timedelta(days=rng.randrange(180, 6 * 365))
    return since, until


def _batched(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def generate(*, organizations: int = 2000, partnerships: int = 20000, referrals: int = 200000, seed: int = 2017,
             progress: bool = True, prefix: str = "bench") -> dict:
    """Insert the synthetic network; returns the counts made. Rows are named `<prefix>-…` so a second run
    with the same prefix is refused rather than doubling everything."""
    from directory.models import Organization
    from network.graph import referral_model
    from network.models import Partnership, PartnershipMember

    if Organization.objects.filter(slug__startswith=f"{prefix}-").exists():
        raise RuntimeError(f"organisations named {prefix}-… already exist: use a fresh database")
    rng = random.Random(seed)
    bar = lambda iterable, **kw: tqdm(iterable, disable=not progress, **kw)  # noqa: E731

    with transaction.atomic():
        orgs = []
        hubs_by_region = {r: [] for r in range(REGIONS)}
        members_by_region = {r: [] for r in range(REGIONS)}
        provincial = []
        for i in bar(range(organizations), desc="Organisations", unit="org"):
            region = i % REGIONS
            if i < 6:
                kind, role = ("state" if i < 3 else "concertation"), "provincial"
            elif i < 6 + 4 * REGIONS:
                kind, role = ("community" if (i - 6) // REGIONS == 0 else "state"), "hub"
            else:
                kind = rng.choices(["community", "private", "citizen", "state", "concertation"], [55, 20, 12, 8, 5])[0]
                role = "local"
            orgs.append(Organization(slug=f"{prefix}-{i:05d}", name=f"Organisme fictif {i:05d} (région {region + 1})",
                                     acronym=f"OF{i:05d}", kind=kind, city=f"Ville {region + 1}",
                                     mandate_fr="Organisme fictif créé pour les mesures de performance."))
            (provincial if role == "provincial" else hubs_by_region[region] if role == "hub"
             else members_by_region[region]).append(i)
        for chunk in _batched(orgs):
            Organization.objects.bulk_create(chunk)
        _give_groups(prefix)
        ids = dict(Organization.objects.filter(slug__startswith=f"{prefix}-").values_list("slug", "pk"))
        pk = [ids[f"{prefix}-{i:05d}"] for i in range(organizations)]

        def pick(region: int) -> int:
            draw = rng.random()
            if draw < 0.45 and hubs_by_region[region]:
                return rng.choice(hubs_by_region[region])
            if draw < 0.50 and provincial:
                return rng.choice(provincial)
            if draw < 0.55:
                return rng.randrange(organizations)  # a tie across regions
            pool = members_by_region[region] or hubs_by_region[region] or provincial
            return rng.choice(pool)

        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        rows, member_sets = [], []
        for n in bar(range(partnerships), desc="Partnerships", unit="p"):
            region = rng.randrange(REGIONS)
            size = rng.choices([2, 3, 4, 5, 6], [80, 12, 5, 2, 1])[0]
            members = {pick(region)}
            while len(members) < size:
                members.add(pick(region))
            since, until = _dates(rng)
            rows.append(Partnership(slug=f"{prefix}-p{n:06d}", kind=rng.choices(kinds, weights)[0],
                                    name_fr=f"Partenariat fictif {n:06d}", name_en=f"Fictitious partnership {n:06d}",
                                    since=since, until=until, is_public=rng.random() < 0.85))
            member_sets.append(sorted(members))
        for chunk in _batched(rows):
            Partnership.objects.bulk_create(chunk)
        partnership_pk = dict(Partnership.objects.filter(slug__startswith=f"{prefix}-p")
                              .values_list("slug", "pk"))
        links = [PartnershipMember(partnership_id=partnership_pk[f"{prefix}-p{n:06d}"], organization_id=pk[i])
                 for n, members in enumerate(member_sets) for i in members]
        for chunk in bar(list(_batched(links)), desc="Partnership members", unit="batch"):
            PartnershipMember.objects.bulk_create(chunk)

        made_referrals = 0
        Referral = referral_model()
        if Referral is not None and referrals:
            from benchmarks.referrals import generate_referrals

            made_referrals = generate_referrals(Referral, pk=pk, member_sets=member_sets, count=referrals, rng=rng,
                                                bar=bar, batch=BATCH)
        users = _add_members(prefix, busiest=BUSIEST)
    return {"organizations": organizations, "partnerships": partnerships, "members": len(links),
            "referrals": made_referrals, "users": users}


BUSIEST = 5


def _give_groups(prefix: str) -> None:
    """Each organisation's members' group, as `organization_create` makes it (same name, same link)."""
    from django.contrib.auth.models import Group

    from directory.models import Organization
    from directory.services import _group_name

    organizations = list(Organization.objects.filter(slug__startswith=f"{prefix}-", group__isnull=True))
    for chunk in _batched(organizations):
        Group.objects.bulk_create([Group(name=_group_name(organization)) for organization in chunk],
                                 ignore_conflicts=True)  # left behind by deleted organisations
    group_pk = dict(Group.objects.filter(name__startswith=f"Organisation: {prefix}-").values_list("name", "pk"))
    for organization in organizations:
        organization.group_id = group_pk[_group_name(organization)]
    for chunk in _batched(organizations):
        Organization.objects.bulk_update(chunk, ["group"])


def benchmark_username(organization, role: str) -> str:
    return f"{organization.slug}-{role}"


def busiest_receivers(prefix: str = "bench", count: int = BUSIEST):
    """The organisations that received the most referrals (the inbox benchmarks measure the first)."""
    from django.db.models import Count, Q

    from directory.models import Organization

    return list(Organization.objects.filter(slug__startswith=f"{prefix}-")
                .annotate(received=Count("referrals_received", filter=~Q(referrals_received__state="draft")))
                .order_by("-received", "pk")[:count])


def _add_members(prefix: str, *, busiest: int) -> int:
    """An intake coordinator and a caseworker in each of the busiest receivers, through `membership_add`
    (groups and permissions exactly as the admin or the API would give them). No usable password: the
    benchmark signs them in with a session it creates itself."""
    from django.contrib.auth import get_user_model

    from directory.models import MembershipRole
    from directory.services import membership_add

    User = get_user_model()
    made = 0
    for organization in busiest_receivers(prefix, busiest):
        for role in (MembershipRole.INTAKE, MembershipRole.CASEWORKER):
            user, created = User.objects.get_or_create(username=benchmark_username(organization, role))
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            membership_add(user=user, organization=organization, role=role)
            made += 1
    return made
