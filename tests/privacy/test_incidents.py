"""The register of confidentiality incidents: platform admins and the person in charge only; every save
kept in an append-only history; CSV through the formula-safe writer."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from privacy.models import PRIVACY_OFFICERS_GROUP, ConfidentialityIncident, IncidentRevision
from tests.factories import make_admin, make_member, make_organization, make_superuser, make_user

pytestmark = pytest.mark.django_db
INCIDENT = {"occurred_on": "2026-10-02", "discovered_on": "2026-10-03",
            "nature": "=HYPERLINK(\"x\") courriel envoyé au mauvais organisme",
            "information_concerned": "Nom, année de naissance", "persons_affected": "1",
            "risk_assessment": "Faible : destinataire de confiance", "cai_notified_on": "", "persons_notified_on": "",
            "measures": "Courriel supprimé par le destinataire"}


@pytest.fixture
def personas():
    home, other = make_organization(), make_organization()
    officer = make_user("responsable")
    officer.groups.add(Group.objects.get_or_create(name=PRIVACY_OFFICERS_GROUP)[0])
    return {"platform_admin": make_superuser(), "officer": officer, "org_admin": make_admin(home),
            "other_caseworker": make_member(other)}


URLS = ["privacy:incidents", "privacy:incidents_csv", "privacy:incident_add"]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("persona", ["org_admin", "other_caseworker"])
@pytest.mark.parametrize("name", URLS)
def test_organisation_admins_and_caseworkers_are_refused(client, personas, persona, name):
    client.force_login(personas[persona])
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("privacy:incident_add"), INCIDENT).status_code == 403
    assert not ConfidentialityIncident.objects.exists()


@pytest.mark.parametrize("persona", ["platform_admin", "officer"])
def test_platform_admin_and_officer_record_edit_and_export(client, personas, persona):
    client.force_login(personas[persona])
    response = client.post(reverse("privacy:incident_add"), INCIDENT)
    assert response.status_code == 302
    incident = ConfidentialityIncident.objects.get()
    changed = {**INCIDENT, "cai_notified_on": "2026-10-05", "measures": "Mesures prises"}
    assert client.post(reverse("privacy:incident_edit", args=[incident.pk]), changed).status_code == 302
    history = list(IncidentRevision.objects.filter(incident=incident).order_by("at", "pk"))
    assert [revision.data["measures"] for revision in history] == [INCIDENT["measures"], "Mesures prises"]
    page = client.get(reverse("privacy:incident", args=[incident.pk])).content.decode()
    assert "Mesures prises" in page and "Historique" in page
    body = client.get(reverse("privacy:incidents_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "2026-10-05" in body


def test_the_history_and_the_register_cannot_be_erased(personas):
    from privacy import services

    incident = services.incident_save(incident=ConfidentialityIncident(
        occurred_on="2026-10-02", nature="x", information_concerned="y"), user=personas["officer"])
    revision = IncidentRevision.objects.get()
    for attempt in (revision.delete, lambda: IncidentRevision.objects.all().delete(),
                    lambda: IncidentRevision.objects.update(username="z"), revision.save, incident.delete,
                    lambda: ConfidentialityIncident.objects.all().delete()):
        with pytest.raises(PermissionError):
            attempt()
