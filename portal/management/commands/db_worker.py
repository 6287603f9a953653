"""django-tasks-db's worker with a heartbeat and the reclaiming of a dead worker's tasks (portal/worker.py).

Same name and options as django-tasks-db's command (portal comes first in INSTALLED_APPS, so `passerelle
db_worker` runs this one); nothing else changes in how tasks are claimed and run.
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from portal.worker import Heartbeat


class Command(DBWorkerCommand):
    help = DBWorkerCommand.help + " With a heartbeat (/readyz) and reclaiming of tasks left by a dead worker."

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.tick()  # seen before the first task, and what a dead predecessor left is ready to run
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
