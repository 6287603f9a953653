"""What operators need from the database: the task workers' heartbeats."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per task worker, touched every few seconds while it lives (portal's `db_worker`).

    `/readyz` reads the newest to say whether anything is working the queue, and a worker reclaims the tasks
    of a worker whose heartbeat stopped (killed, machine lost): without it such a task stays RUNNING for ever.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname})"
