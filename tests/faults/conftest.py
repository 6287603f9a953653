"""Fault tests: real PostgreSQL, Redis, gunicorn and task worker, broken on purpose. Slow (a cluster, a
migration, collectstatic), so they run only when PASSERELLE_FAULT_TESTS=1 (`.ci/run` sets it)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.faults import harness

ENABLED = os.environ.get("PASSERELLE_FAULT_TESTS") == "1"
PG_PORT = int(os.environ.get("FAULT_PG_PORT", "5491"))
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6391"))
HTTP_PORT = int(os.environ.get("FAULT_HTTP_PORT", "8091"))


def pytest_collection_modifyitems(config, items):
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="fault test: set PASSERELLE_FAULT_TESTS=1 (needs PostgreSQL binaries and redis)")
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def static_root():
    """collectstatic once for every fault test (DEBUG off serves the manifest's hashed names)."""
    root = Path(tempfile.mkdtemp(prefix="passerelle-static-"))
    harness.passerelle("collectstatic", "--no-input", "-v0", env=harness.app_env(STATIC_ROOT=root))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    if not (harness.PG_BIN / "initdb").exists():
        pytest.fail(f"PostgreSQL binaries not found in {harness.PG_BIN} (set PG_BIN)")
    cluster = harness.OwnPostgres(PG_PORT)
    try:
        cluster.init()
        harness.passerelle("migrate", "--no-input", "-v0", env=harness.app_env(DATABASE_URL=cluster.url))
        yield cluster
    finally:
        cluster.cleanup()


@pytest.fixture
def redis():
    server = harness.OwnRedis(REDIS_PORT)
    server.start()
    yield server
    server.stop()
