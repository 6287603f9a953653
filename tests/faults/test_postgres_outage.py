"""PostgreSQL stopped under load, then started again: 503s during the outage, service after, nothing half-done.

gunicorn serves a page, an anonymous API listing and referral acceptances (a write across several tables:
the referral, its timeline event, the access log, guardian permissions, the notification outbox) while the
database is stopped for a few seconds. During the outage every answer is a 503 with Retry-After (the
bilingual page, or JSON under /api/); afterwards every answer is normal again without restarting anything,
and each referral is either accepted with exactly one acceptance event and its notifications, or still sent
with none.
"""

import json
import threading
import time
from collections import defaultdict

import pytest

from tests.faults import harness
from tests.faults.conftest import HTTP_PORT

SEED = """
from accounts.models import ApiToken
from directory.models import MembershipRole
from tests.factories import make_directory_page
from tests.factories import make_member, make_organization, make_referral

make_directory_page()
sender, receiver = make_organization("envoi-f"), make_organization("accueil-f")
caseworker = make_member(sender, MembershipRole.CASEWORKER, email="cw@example.org")
intake = make_member(receiver, MembershipRole.INTAKE, email="intake@example.org")
ids = [str(make_referral(caseworker, sender, receiver).public_id) for _ in range(30)]
print(json.dumps({"token": ApiToken.objects.create(user=intake, name="fault test")[1], "ids": ids}))
"""

CHECK = """
from referrals.models import Notification, Referral, ReferralEvent
out = {}
for referral in Referral.objects.filter(public_id__in=IDS):
    out[str(referral.public_id)] = {
        "state": referral.state,
        "accept_events": ReferralEvent.objects.filter(referral=referral, to_state="accepted").count(),
        "answered_notifications": Notification.objects.filter(referral=referral, kind="answered").count(),
    }
print(json.dumps(out))
"""


class Load:
    """Clients hitting the server until told to stop; every answer recorded with its time."""

    def __init__(self, base: str, token: str, ids: list[str]):
        self.base, self.token, self.ids = base, token, list(ids)
        self.results = defaultdict(list)  # kind -> [(time, status, headers, body)]
        self.accepted = {}  # referral id -> final status seen
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._reads, args=(kind, path), daemon=True)
                        for kind, path in (("page", "/repertoire/"), ("api", "/api/v1/organizations/"))]
        self.threads.append(threading.Thread(target=self._accepts, daemon=True))

    def _record(self, kind, url, **kwargs):
        try:
            status, headers, body = harness.request(url, **kwargs)
        except OSError as error:  # refused or reset: the server itself failed, which must not happen
            status, headers, body = 0, {}, str(error).encode()
        self.results[kind].append((time.monotonic(), status, headers, body))
        return status

    def _reads(self, kind, path):
        count = 0
        while not self.stopping.is_set():
            count += 1
            # A new query each time: the anonymous page cache (which keeps serving cached pages through an
            # outage) must not answer for the database.
            self._record(kind, self.base + path + (f"?q=probe{count}" if kind == "page" else ""))
            time.sleep(0.05)

    def _accepts(self):
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        pending = list(self.ids)
        while pending and not self.stopping.is_set():
            referral = pending.pop(0)
            status = self._record("accept", f"{self.base}/api/v1/referrals/{referral}/accept/", method="POST",
                                  headers=headers, data=b"{}")
            if status == 503:
                pending.append(referral)  # a client retries later, as Retry-After says
            else:
                self.accepted[referral] = status
            time.sleep(0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)


def test_postgres_outage_gives_503_then_recovers_without_half_applied_writes(postgres, static_root):
    env = harness.app_env(DATABASE_URL=postgres.url, STATIC_ROOT=static_root, DATABASE_CONN_MAX_AGE=60)
    seed = harness.run_python(SEED, env=env)
    server = harness.Gunicorn(HTTP_PORT, env)
    try:
        server.warm("/repertoire/")
        with Load(server.base, seed["token"], seed["ids"]) as load:
            time.sleep(3)
            outage_start = time.monotonic()
            postgres.stop("fast")
            time.sleep(5)
            postgres.start()
            outage_end = time.monotonic()
            harness.wait_for(lambda: len(load.accepted) == len(seed["ids"]), timeout=180, what="every acceptance")
            time.sleep(1)
    finally:
        server.stop()

    with open("/tmp/passerelle-fault-pg.log", "w") as log:  # for a human reading a failure
        for kind, rows in load.results.items():
            for t, status, _h, body in rows:
                log.write(f"{kind} {t - outage_start:+.2f} {status} {body[:80]!r}\n")
    statuses = {kind: {status for _t, status, _h, _b in rows} for kind, rows in load.results.items()}
    assert statuses["page"] <= {200, 503}, (statuses, server.output())
    assert statuses["api"] <= {200, 503}, (statuses, server.output())
    assert statuses["accept"] <= {200, 409, 503}, (statuses, server.output())

    during = {kind: [row for row in rows if outage_start + 1 < row[0] < outage_end - 0.5]
              for kind, rows in load.results.items()}
    page_503 = [row for row in during["page"] if row[1] == 503]
    api_503 = [row for row in during["api"] if row[1] == 503]
    assert page_503 and api_503, "no 503 seen while PostgreSQL was stopped"
    assert all(row[2].get("Retry-After") == "30" for row in page_503 + api_503)
    assert b"Service temporarily unavailable" in page_503[0][3]
    assert json.loads(api_503[0][3])["code"] == "unavailable"
    assert any(row[1] == 503 for row in during["accept"]), "no acceptance was refused during the outage"

    # Recovery: everything after the first success following the restart is a success.
    for kind in ("page", "api"):
        after = [row for row in load.results[kind] if row[0] > outage_end]
        first_ok = next(i for i, row in enumerate(after) if row[1] == 200)
        assert all(row[1] == 200 for row in after[first_ok:]), kind
        assert after[first_ok][0] - outage_end < 10, f"{kind} took more than 10 s to recover"

    # Nothing half-applied: an acceptance happened entirely (state, one event, its notification) or not at all.
    final = harness.run_python(f"IDS = {seed['ids']!r}\n" + CHECK, env=env)
    for referral, row in final.items():
        assert row["state"] == "accepted", (referral, row)  # every one was retried until it answered 200/409
        assert row["accept_events"] == 1, (referral, row)
        assert row["answered_notifications"] == 1, (referral, row)
    assert set(load.accepted.values()) <= {200, 409}


pytestmark = pytest.mark.timeout(600)
