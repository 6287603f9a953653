"""The backup routine's dump, restored into a new database, serves the same referrals and passes /readyz."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.faults import harness

SEED = """
from tests.factories import make_member, make_organization, make_referral
from directory.models import MembershipRole
sender, receiver = make_organization("envoi-b"), make_organization("accueil-b")
caseworker = make_member(sender, MembershipRole.CASEWORKER)
for _ in range(5):
    make_referral(caseworker, sender, receiver)
print(json.dumps(True))
"""

SNAPSHOT = """
from django.test import Client
from referrals.models import AccessLog, Referral, ReferralEvent
rows = sorted([str(r.public_id), r.state, r.reference, r.person.full_name if hasattr(r, "person") else ""]
              for r in Referral.objects.all())
ready = Client().get("/readyz", HTTP_HOST="127.0.0.1")
print(json.dumps({"referrals": rows, "events": ReferralEvent.objects.count(), "log": AccessLog.objects.count(),
                  "readyz": ready.status_code, "checks": ready.json()["checks"]}))
"""


def test_backup_then_restore_serves_the_same_referrals(postgres, tmp_path):
    env = harness.app_env(DATABASE_URL=postgres.url)
    harness.run_python(SEED, env=env)
    before = harness.run_python(SNAPSHOT, env=env)
    assert len(before["referrals"]) >= 5 and before["readyz"] == 200

    backups = Path(tempfile.mkdtemp(prefix="passerelle-backup-"))
    os.chmod(backups, 0o777)  # noqa: S103 (pg tools may run as another user; a temporary folder)
    old = backups / "passerelle-20000101T000000Z.dump"
    old.write_bytes(b"old")
    os.utime(old, (0, 0))  # older than the retention: the routine deletes it
    script_env = {**env, "BACKUP_DIR": str(backups), "BACKUP_KEEP_DAYS": "14", "PG_BIN": str(harness.PG_BIN),
                  "APP_DIR": str(tmp_path)}
    subprocess.run([str(harness.REPO / "deploy/backup/backup.sh")], env=script_env, check=True, timeout=120,
                   capture_output=True)
    dumps = sorted(backups.glob("passerelle-*.dump"))
    assert len(dumps) == 1 and dumps[0] != old

    restored = postgres.url.rsplit("/", 1)[0] + "/passerelle_restored"
    subprocess.run([str(harness.PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
                    "passerelle_restored"], check=True, timeout=30, capture_output=True)
    subprocess.run([str(harness.REPO / "deploy/backup/restore.sh"), str(dumps[0])], check=True, timeout=300,
                   capture_output=True, env={**script_env, "TARGET_DATABASE_URL": restored,
                                             "PASSERELLE": str(harness.BIN / "passerelle")})
    after = harness.run_python(SNAPSHOT, env={**env, "DATABASE_URL": restored})
    assert after == before


pytestmark = pytest.mark.timeout(600)
