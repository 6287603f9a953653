"""/healthz and /readyz: unauthenticated, cheap, saying only what an operator needs."""

import datetime
import socket

import pytest
from django.test import Client
from django.utils import timezone

from portal import worker
from portal.models import WorkerHeartbeat


def test_healthz_needs_no_database():
    # No django_db mark: any query would raise.
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ok_with_in_process_tasks():
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": "ok", "cache": "ok", "worker": "not used"}
    assert body["details"] == {"failed_notifications": 0}
    assert set(body) == {"status", "checks", "details"}


@pytest.mark.django_db
def test_readyz_wants_a_recent_worker_heartbeat(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert Client().get("/readyz").status_code == 503
    worker.beat("w1")
    response = Client().get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["worker"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(minutes=5))
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["worker"] == "stale"
    assert response["Retry-After"]


@pytest.mark.django_db
def test_readyz_reports_a_dead_cache(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {"default": {"BACKEND": "portal.cache.TolerantRedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "unavailable"


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_database():
    from unittest import mock

    from django.db import OperationalError

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = Client(raise_request_exception=False).get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_a_dead_workers_running_task_is_queued_again(settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from network.tasks import compute_network_view

    result = compute_network_view.enqueue({})
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("dead-worker")
    worker.beat("dead-worker", now=timezone.now() - datetime.timedelta(minutes=5))
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
    worker.beat("live-worker")
    assert worker.reclaim_abandoned_tasks() == 1
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.READY
    # A task whose worker still beats is left alone, however long it runs.
    row.refresh_from_db()
    row.claim("live-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
    assert worker.reclaim_abandoned_tasks() == 0
