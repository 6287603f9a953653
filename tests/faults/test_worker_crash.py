"""A task worker killed (kill -9) while it sends a notification: a restarted worker sends it, exactly once.

The worker claims the delivery task (RUNNING) and the notification (a lease), starts talking to the "mail
server" (a backend that writes a file after a pause) and dies. The next worker sees the first one's heartbeat
stop, puts the task back in the queue, waits for the notification's lease to end, and sends it: one e-mail.
"""

import os
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.faults import harness

SEED = """
from directory.models import MembershipRole
from tests.factories import make_member, make_organization, make_referral

sender, receiver = make_organization("envoi-w"), make_organization("accueil-w")
caseworker = make_member(sender, MembershipRole.CASEWORKER)
make_member(receiver, MembershipRole.INTAKE, email="intake@example.org")
referral = make_referral(caseworker, sender, receiver)
print(json.dumps({"referral": str(referral.public_id)}))
"""

STATE = """
from django_tasks_db.models import DBTaskResult
from referrals.models import Notification
rows = list(Notification.objects.filter(referral__public_id=REFERRAL).values("sent_at", "attempts"))
# The delivery tasks only: saving an organisation also queues Wagtail's search-index updates (it is indexed).
tasks = list(DBTaskResult.objects.filter(task_path__endswith=".deliver_referral_notifications")
             .values_list("status", flat=True))
print(json.dumps({"sent": [bool(r["sent_at"]) for r in rows], "tasks": tasks}))
"""


def start_worker(env, worker_id, log):
    return subprocess.Popen(
        [str(harness.BIN / "passerelle"), "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--worker-id", worker_id],
        env=env, cwd=harness.REPO, stdout=log, stderr=subprocess.STDOUT,
    )


def test_worker_killed_mid_send_then_restarted_sends_exactly_one_email(postgres):
    mail_dir = Path(tempfile.mkdtemp(prefix="passerelle-mail-"))
    env = harness.app_env(
        DATABASE_URL=postgres.url, TASK_BACKEND="database", EMAIL_BACKEND="tests.faults.slow_mail.SlowFileBackend",
        SLOW_MAIL_DIR=mail_dir, SLOW_MAIL_SECONDS=60, TASK_WORKER_HEARTBEAT_SECONDS=1,
        TASK_WORKER_LEASE_SECONDS=3, REFERRAL_NOTIFICATION_LEASE_SECONDS=8,
    )
    seed = harness.run_python(SEED, env=env)
    state = f"REFERRAL = {seed['referral']!r}\n" + STATE
    assert harness.run_python(state, env=env) == {"sent": [False], "tasks": ["READY"]}

    log = tempfile.NamedTemporaryFile(prefix="passerelle-worker-", suffix=".log", delete=False)  # noqa: SIM115
    first = start_worker(env, "first-worker", log)
    second = None
    try:
        harness.wait_for(lambda: list(mail_dir.glob("sending-*")), timeout=90, what="the first worker sending")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        assert not list(mail_dir.glob("sent-*"))
        assert harness.run_python(state, env=env) == {"sent": [False], "tasks": ["RUNNING"]}

        second = start_worker({**env, "SLOW_MAIL_SECONDS": "0"}, "second-worker", log)
        harness.wait_for(lambda: list(mail_dir.glob("sent-*")), timeout=90, what="the e-mail sent again")
        # Long enough for any duplicate: past both leases and several heartbeats.
        harness.wait_for(lambda: harness.run_python(state, env=env)["sent"] == [True], timeout=30,
                         what="the notification marked sent")
        import time

        time.sleep(10)
        final = harness.run_python(state, env=env)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(15)
    sent = list(mail_dir.glob("sent-*"))
    assert len(sent) == 1, Path(log.name).read_text()[-4000:]
    assert b"intake@example.org" in sent[0].read_bytes()
    assert final["sent"] == [True]
    assert "RUNNING" not in final["tasks"] and "READY" not in final["tasks"], final


pytestmark = pytest.mark.timeout(600)
