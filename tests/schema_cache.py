"""A migrated SQLite test database kept between runs, so a run does not migrate from scratch every time.

Migrating the empty in-memory test database (Django, Wagtail and our apps: some 200 migrations) costs about
20 s of CPU before the first test, whatever the number of tests run: most of the time of running one test
file, and a tenth of the whole suite. The first run migrates as usual and copies the result to
`.pytest_cache/test-db-<key>.sqlite3`; later runs copy that file into the in-memory database with SQLite's
backup API instead of migrating. The key is a digest of every migration file of the project and of the
installed packages' versions (a new migration, a Wagtail upgrade: a new key, a fresh migrate), so the copy
is always what migrating would give, data migrations included.

SQLite in-memory test databases only (PostgreSQL runs migrate as before). `PASSERELLE_TEST_SCHEMA_CACHE=0`
turns it off.
"""

import hashlib
import os
import sqlite3
import tempfile
from importlib import metadata
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".pytest_cache"


def enabled() -> bool:
    return os.environ.get("PASSERELLE_TEST_SCHEMA_CACHE", "1") != "0"


def schema_key() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    versions = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(versions).encode())
    digest.update(sqlite3.sqlite_version.encode())
    return digest.hexdigest()[:16]


def install() -> None:
    """Wrap SQLite's `create_test_db`: restore the cached copy instead of migrating, or store a fresh one."""
    from django.db.backends.sqlite3.creation import DatabaseCreation

    original = DatabaseCreation.create_test_db
    if getattr(original, "_schema_cache", False):
        return

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        name = self._get_test_db_name()
        if not self.is_in_memory_db(name) or keepdb or serialize:
            return original(self, verbosity, autoclobber, serialize, keepdb)
        cached = CACHE_DIR / f"test-db-{schema_key()}.sqlite3"
        if cached.exists():
            with mock.patch("django.core.management.call_command"):  # neither migrate nor createcachetable
                name = original(self, verbosity, autoclobber, serialize, keepdb)
            self.connection.ensure_connection()
            with sqlite3.connect(cached) as source:
                source.backup(self.connection.connection)
            return name
        name = original(self, verbosity, autoclobber, serialize, keepdb)
        CACHE_DIR.mkdir(exist_ok=True)
        for old in CACHE_DIR.glob("test-db-*.sqlite3"):
            old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
        os.close(handle)
        target = sqlite3.connect(temporary)
        try:
            self.connection.ensure_connection()
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(temporary, cached)  # atomic: a concurrent run reads the old file or the whole new one
        return name

    create_test_db._schema_cache = True
    DatabaseCreation.create_test_db = create_test_db
