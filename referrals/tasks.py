"""Background tasks of the referrals app (django-tasks: in-process by default, the DB worker in production).

Every task of the app is importable from here. A task that its own module enqueues is defined there
(`notifications.deliver_referral_notifications`) and imported here: this module imports the others, never
the reverse, so no import cycle runs through it."""

from django_tasks import task

from . import notifications
from .notifications import deliver_referral_notifications  # noqa: F401 (defined beside what it runs)


@task()
def send_referral_digests() -> dict:
    """The daily digest (schedule it once a day, like the command of the same name)."""
    sent, failed = notifications.send_digests()
    return {"sent": sent, "failed": failed}


@task()
def remind_referral_follow_ups() -> dict:
    from . import services

    return {"reminded": services.referrals_remind_follow_ups()}
