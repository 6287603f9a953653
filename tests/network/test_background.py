"""A network too large to compute in a request is queued for the task worker once, and every surface says
"being computed" (page: 200 with a reload; downloads and API: 503 with Retry-After) until it is cached."""

import datetime

import pytest

from tests.factories import make_network_page, make_organization, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    from django.core.cache import cache
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.NETWORK_BACKGROUND_ABOVE = 1
    cache.clear()
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    make_partnership([aibsl, cisss], since=datetime.date(2017, 1, 11), name="Entente-cadre")
    make_network_page()
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_large_network_is_computed_by_the_worker_not_the_request(client, queued):
    page = client.get("/reseau/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'http-equiv="refresh"' in html and "en cours de calcul" in html
    assert "net-svg" not in html
    export = client.get("/reseau/export.gexf")
    assert export.status_code == 503 and export["Retry-After"] == "60"
    api = client.get("/api/v1/network/metrics/")
    assert api.status_code == 503
    assert len(queued.results) == 1  # queued once, however many requests asked

    from network.tasks import compute_network_view

    result = queued.results[0]
    compute_network_view.call(*result.args, **result.kwargs)  # what the worker does
    html = client.get("/reseau/").content.decode()
    assert "net-svg" in html and "Entente-cadre" in html
    assert client.get("/reseau/export.gexf").status_code == 200
    assert len(queued.results) == 1


def test_small_network_is_computed_in_the_request(client, queued, settings):
    settings.NETWORK_BACKGROUND_ABOVE = 500
    assert "net-svg" in client.get("/reseau/").content.decode()
    assert queued.results == []


def test_without_a_worker_a_large_network_is_computed_after_the_response(client, settings, monkeypatch):
    """The in-process default: the request says "being computed" and a thread computes the view once."""
    import threading

    from django.core.cache import cache

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.NETWORK_BACKGROUND_ABOVE = 1
    cache.clear()
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    make_partnership([aibsl, cisss], since=datetime.date(2017, 1, 11), name="Entente-cadre")
    make_network_page()
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread))
    # The thread closes its own connection when done; run here, that would be the test's (on PostgreSQL, the
    # connection inside the test's transaction is closed because its autocommit differs from the setting's).
    monkeypatch.setattr("django.db.close_old_connections", lambda **kwargs: None)
    html = client.get("/reseau/").content.decode()
    assert 'http-equiv="refresh"' in html and "net-svg" not in html
    client.get("/reseau/")
    assert len(started) == 1 and started[0].name == "network-view"  # once, however many requests asked
    started[0].run()  # what the thread does (here, in the test's own transaction)
    assert "net-svg" in client.get("/reseau/").content.decode()


def test_after_a_change_a_large_network_shows_its_last_good_view_while_the_worker_computes(client, queued):
    """A write changes the data version: the page is never computed in the request, and rather than
    "being computed" it shows the last view computed for the same filters, with a status line, uncached."""
    from network.tasks import compute_network_view

    client.get("/reseau/")
    result = queued.results[0]
    compute_network_view.call(*result.args, **result.kwargs)
    assert "Entente-cadre" in client.get("/reseau/").content.decode()
    moisson = make_organization("moisson", acronym="Moisson")
    make_partnership([moisson], since=datetime.date(2020, 1, 1), name="Nouvelle entente")
    page = client.get("/reseau/")
    html = page.content.decode()
    assert page.status_code == 200 and "Entente-cadre" in html and 'http-equiv="refresh"' not in html
    assert "dernière calculée" in html
    views = [r for r in queued.results if r.task.name == "compute_network_view"]
    assert len(views) == 2  # the new version queued once (the search index has tasks of its own)


def test_each_comparison_date_is_queued(client, queued):
    """The "queued" mark names the comparison date: a second date is computed too, not held back for the
    queue's time-out by the first one's mark."""
    from network.tasks import compute_network_view

    client.get("/reseau/")
    compute_network_view.call(*queued.results[0].args, **queued.results[0].kwargs)
    client.get("/reseau/?compare=2018-01-01")
    client.get("/reseau/?compare=2019-06-01")
    client.get("/reseau/?compare=2019-06-01")
    comparisons = [r for r in queued.results if r.task.name == "compute_network_comparison"]
    assert sorted(r.args[1]["as_of"] for r in comparisons) == ["2018-01-01", "2019-06-01"]
