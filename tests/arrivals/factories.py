"""Small builders for the arrivals tests: a welcoming organisation, a partner, households through the services."""

import itertools
from datetime import date

from arrivals import services
from arrivals.models import Agreement, Country
from tests.factories import make_language, make_member, make_organization, make_step

_seq = itertools.count(1)


class Register:
    """Three personas: `member` of the welcoming organisation, `partner` (caseworker of another organisation
    that accepts referrals), and the anonymous visitor (no user)."""

    def __init__(self, steps: int = 2):
        self.welcoming = make_organization("aibsl-test", accepts_referrals=True)
        self.partner_org = make_organization("cisss-test", accepts_referrals=True)
        self.funder = make_organization("mifi-test", kind="state")
        self.member = make_member(self.welcoming, role="intake", username="alice")
        self.partner = make_member(self.partner_org, role="intake", username="charlie")
        self.steps = [make_step(f"routine-{n}", order=n) for n in range(steps)]
        self.spanish = make_language("es", "Espagnol", "Spanish")
        self.colombia = Country.objects.get_or_create(code="CO", defaults={"name_fr": "Colombie",
                                                                           "name_en": "Colombia"})[0]

    def household(self, *, arrival=date(2018, 3, 1), adults=2, children=1, **fields):
        fields.setdefault("family_name", f"Famille Fictive-{next(_seq)}")
        return services.household_create(
            user=self.member,
            organization=self.welcoming,
            arrival_date=arrival,
            composition={"adults_18_64": adults, "children_5_11": children},
            languages=[self.spanish],
            countries=[self.colombia],
            persons=[{"full_name": "Personne Fictive A.", "birth_year": 1980, "relationship": "principal"}],
            **fields,
        )

    def agreement(self, target=200, start=date(2017, 1, 11), end=date(2019, 6, 30)):
        return Agreement.objects.create(name="Entente-cadre", funder=self.funder, organization=self.welcoming,
                                        start=start, end=end, target_persons=target)
