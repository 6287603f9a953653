"""Keeping the task queue durable: heartbeats of the workers, and tasks of a dead worker queued again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a worker killed
(kill -9, out of memory, machine lost) leaves it RUNNING for ever. Each worker started with `passerelle
db_worker` (portal's command, wrapping django-tasks-db's) touches its heartbeat row every
`TASK_WORKER_HEARTBEAT_SECONDS` and, at the same time, puts back to READY every RUNNING task whose worker has
not been seen for `TASK_WORKER_LEASE_SECONDS`. A task may therefore run twice (the first run may have done part
of its work before dying): tasks here are idempotent (a notification is claimed and marked sent atomically;
a network view is recomputed to the same bytes).
"""

import datetime
import logging
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, *, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now, "hostname": socket.gethostname()[:255]},
        create_defaults={"seen_at": now, "started_at": now, "hostname": socket.gethostname()[:255]},
    )


def reclaim_abandoned_tasks(*, now: datetime.datetime | None = None) -> int:
    """Put back to READY the RUNNING tasks whose worker's heartbeat is older than the lease."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    reclaimed = 0
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff):
        owner = task.worker_ids[-1] if task.worker_ids else None
        if owner in alive:
            continue
        # Conditional on the claim we read, so two workers reclaiming at once put it back only once.
        if DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING,
                                       started_at=task.started_at).update(status=TaskResultStatus.READY):
            reclaimed += 1
            logger.warning("Task %s (%s) queued again: its worker %s stopped beating.", task.pk,
                           task.task_path.rsplit(".", 1)[-1], owner)
    return reclaimed


def forget_old_heartbeats(*, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()


class Heartbeat(threading.Thread):
    """Beats and reclaims beside the worker's loop, so that a long task does not look like a dead worker."""

    def __init__(self, worker_id: str):
        super().__init__(name="passerelle-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self._failing = False

    def run(self):
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(settings.TASK_WORKER_HEARTBEAT_SECONDS)
        connection.close()

    def tick(self):
        close_old_connections()
        try:
            beat(self.worker_id)
            reclaim_abandoned_tasks()
            forget_old_heartbeats()
        except DatabaseError as exc:  # the database is down: the worker's loop will say so too; log once
            if not self._failing:
                logger.warning("Worker heartbeat failed (%s); retrying.", type(exc).__name__)
            self._failing = True
            connection.close()
        else:
            if self._failing:
                logger.warning("Worker heartbeat working again.")
            self._failing = False
