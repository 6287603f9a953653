"""The arrivals register and its dashboard in a real browser: accessible (axe, WCAG 2.2 AA tags), the page
and heading checked first, no sideways scrolling on a phone."""

from datetime import date, timedelta

import pytest
from django.test import override_settings

from arrivals import services
from arrivals.models import StepStatus
from tests.factories import PASSWORD, Register


@pytest.fixture
def register_site(transactional_db):
    with override_settings(ARRIVALS_ROUTINE_STEPS=["routine-0", "routine-1"]):
        register = Register()
        register.agreement()
        for index in range(6):
            household = register.household(arrival=date(2017, 5, 1) + timedelta(days=60 * index))
            services.checklist_update(item=household.checklist.first(), user=register.member,
                                      status=StepStatus.DONE, on=household.arrival_date + timedelta(days=3))
        register.last = household
        yield register


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/connexion/?next=/arrivees/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_public_dashboard_is_accessible_and_fits_a_phone(register_site, live_server, axe_page, check_accessibility):
    response = axe_page.goto(live_server.url + "/arrivees/tableau-de-bord/")
    check_accessibility(axe_page, response, "Les arrivées et la cible")
    assert "Famille Fictive" not in axe_page.content()
    axe_page.set_viewport_size({"width": 360, "height": 740})
    assert axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_register_and_household_pages_are_accessible(register_site, live_server, axe_page, check_accessibility):
    sign_in(axe_page, live_server, "alice")
    check_accessibility(axe_page, axe_page.goto(live_server.url + "/arrivees/"), "Registre des arrivées")
    household = register_site.last
    response = axe_page.goto(live_server.url + household.get_absolute_url())
    check_accessibility(axe_page, response, household.family_name)
    assert axe_page.locator("svg.ar-timeline title").count() == 1
    check_accessibility(axe_page, axe_page.goto(live_server.url + "/arrivees/tableau-de-bord/"),
                        "Les arrivées et la cible")
