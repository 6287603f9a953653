"""Background tasks of the referrals app (django-tasks: in-process by default, the DB worker in production)."""

from django_tasks import task

from . import notifications


@task()
def deliver_referral_notifications(notification_ids: list[int]) -> dict:
    """Send the given outbox rows; failures stay pending for the next attempt (see notifications.deliver)."""
    sent, failed = notifications.deliver(notification_ids)
    return {"sent": sent, "failed": failed}


@task()
def send_referral_digests() -> dict:
    """The daily digest (schedule it once a day, like the command of the same name)."""
    sent, failed = notifications.send_digests()
    return {"sent": sent, "failed": failed}


@task()
def remind_referral_follow_ups() -> dict:
    from . import services

    return {"reminded": services.referrals_remind_follow_ups()}
