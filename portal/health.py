"""Health endpoints for the load balancer, systemd and operators: unauthenticated, cheap, revealing nothing else.

`/healthz` — the process answers (no I/O at all): for a liveness probe; restarting on it never helps a
database outage. `/readyz` — the process can serve: the database answers and is fully migrated, the cache
answers, a task worker beat recently (with the database task backend), 200 or 503 with the failing checks by
name. Its details give operators one number they must act on: notifications that gave up.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

_migrated = False  # once true, true for the life of the process (a migration comes with a deploy and restart)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> str:
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if not _migrated:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "unmigrated"
        _migrated = True
    return "ok"


def _check_cache() -> str:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # the Redis backend: ask Redis itself (reads and writes would only miss)
        try:
            ping()
        except Exception:
            return "unavailable"
        return "ok"
    key = "readyz:probe"
    cache.set(key, "1", 10)
    return "ok" if cache.get(key) == "1" else "unavailable"


def _check_worker() -> str:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return "not used"  # tasks run in-process
    from portal.models import WorkerHeartbeat

    cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)
    return "ok" if WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).exists() else "stale"


@never_cache
@require_GET
def readyz(request):
    checks = {}
    try:
        checks["database"] = _check_database()
    except DatabaseError:
        checks["database"] = "unavailable"
    checks["cache"] = _check_cache()
    details = {}
    if checks["database"] == "ok":
        try:
            checks["worker"] = _check_worker()
            from referrals.models import Notification

            details["failed_notifications"] = Notification.objects.failed().count()
        except DatabaseError:
            checks["database"] = "unavailable"
    ready = all(value in ("ok", "not used") for value in checks.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks, "details": details},
                            status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "10"
    return response
