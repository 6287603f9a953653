"""English paths were translated (/en/referrals/, /en/sign-in/, /en/search/): the old ones still lead there."""

import uuid

import pytest


@pytest.mark.parametrize(("old", "new"), [
    ("/en/connexion/?next=/en/", "/en/sign-in/?next=/en/"),
    ("/en/recherche/?q=ville", "/en/search/?q=ville"),
    ("/en/references/", "/en/referrals/"),
    ("/en/references/journal/", "/en/referrals/access-log/"),
    (f"/en/references/{uuid.UUID(int=7)}/", f"/en/referrals/{uuid.UUID(int=7)}/"),
])
def test_old_english_paths_redirect_permanently(client, db, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_french_paths_are_unchanged_and_unknown_old_paths_are_not_found(client, db):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        assert reverse("login") == "/connexion/"
        assert reverse("referrals:statistics") == "/references/statistiques/"
    with translation.override("en"):
        assert reverse("referrals:statistics") == "/en/referrals/statistics/"
    assert client.get("/en/references/nulle-part/").status_code == 404
