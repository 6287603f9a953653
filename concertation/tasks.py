"""Background task: the daily action reminders, queued by `passerelle remind_action_items --queue`."""

from django_tasks import task

from . import services


@task()
def send_action_reminders() -> dict:
    return {"reminded": services.action_reminders_send()}
