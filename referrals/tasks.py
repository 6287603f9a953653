"""Background tasks of the referrals app (django-tasks: in-process by default, the DB worker in production)."""

from django_tasks import task

from . import notifications


@task()
def deliver_referral_notifications(notification_ids: list[int]) -> dict:
    """Send the given outbox rows; failures stay pending for the next attempt (see notifications.deliver)."""
    sent, failed = notifications.deliver(notification_ids)
    return {"sent": sent, "failed": failed}
