"""Redis killed under load, then started again: pages and the API keep answering 200, served without cache."""

import time

import pytest

from tests.faults import harness
from tests.faults.conftest import HTTP_PORT

# The fault tests share one PostgreSQL: the outage test before this one may already have made the directory.
SEED = """
from directory.pages import DirectoryIndexPage
from tests.factories import make_directory_page
if not DirectoryIndexPage.objects.live().exists():
    make_directory_page()
print(json.dumps(True))
"""


def test_redis_outage_is_only_slower(postgres, static_root, redis):
    env = harness.app_env(DATABASE_URL=postgres.url, STATIC_ROOT=static_root, CACHE_URL=redis.url,
                          API_ANON_RATE="100000/minute")
    harness.run_python(SEED, env=env)
    server = harness.Gunicorn(HTTP_PORT + 1, env)
    statuses = []
    try:
        server.warm("/repertoire/")

        def round_of_requests():
            for path in ("/repertoire/", "/", "/api/v1/organizations/", "/api/v1/matrix/", "/readyz"):
                statuses.append((path, harness.request(server.base + path)[0], redis.process is not None))

        round_of_requests()
        redis.stop()
        for _ in range(5):
            round_of_requests()
            time.sleep(0.2)
        redis.start()
        time.sleep(6)  # past the backend's retry delay
        round_of_requests()
    finally:
        server.stop()
        log = server.output()
    down = [(path, status) for path, status, up in statuses if not up]
    assert all(status == 200 for path, status in down if path != "/readyz"), (down, log[-3000:])
    assert all(status == 503 for path, status in down if path == "/readyz")
    assert all(status == 200 for _path, status, _up in statuses[-5:]), statuses[-5:]
    # Logged once per gunicorn worker and outage (a worker may see it start twice: a page, then /readyz's ping),
    # not once per request.
    assert len(down) >= 25 and log.count("Cache unavailable") <= 4


pytestmark = pytest.mark.timeout(600)
