"""Real services for the fault tests: a PostgreSQL and a Redis of their own, gunicorn, the task worker.

Each runs on its own port (never the machine's shared PostgreSQL or Redis), is stopped and started on purpose
by the tests, and is always cleaned up. Everything is bounded: a service that does not come up in time fails
the test instead of hanging CI.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
_PG_VERSIONS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
PG_BIN = Path(os.environ.get("PG_BIN") or (_PG_VERSIONS[0] if _PG_VERSIONS else "/usr/lib/postgresql/15/bin"))
SECRET_KEY = secrets.token_urlsafe(50)


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached within {timeout} s")


def port_open(port: int) -> bool:
    with contextlib.closing(socket.socket()) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _as_postgres_user() -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres account where we are root.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class OwnPostgres:
    """A throwaway PostgreSQL cluster on its own port (fsync off: it holds test data only)."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix=f"passerelle-pg{port}-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/passerelle"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, check=True, timeout=60):
        return subprocess.run([*_as_postgres_user(), *args], check=check, timeout=timeout, capture_output=True,
                              text=True, cwd="/tmp")

    def init(self):
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "passerelle")

    def start(self):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30",
                  "-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c full_page_writes=off -c synchronous_commit=off", "start")

    def stop(self, mode="fast"):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def is_up(self) -> bool:
        result = self._run(str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), check=False)
        return result.returncode == 0

    def cleanup(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class OwnRedis:
    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=10, what=f"redis on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


def app_env(**extra) -> dict:
    """The environment of a production-like process (DEBUG off) for the fault tests."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PYTHONPATH": str(REPO),
        "CACHE_URL": "locmem://",
        "TASK_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "API_ANON_RATE": "100000/minute",
        "LOG_LEVEL": "warning",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def passerelle(*args, env: dict, timeout=300, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "passerelle"), *args], env=env, cwd=REPO, check=check, timeout=timeout,
                          capture_output=True, text=True)


def run_python(code: str, *, env: dict, timeout=120):
    """Run Django code in a separate process against the fault test's services; returns its JSON output."""
    prelude = "import django, json; django.setup()\n"
    result = subprocess.run([sys.executable, "-c", prelude + code], env=env, cwd=REPO, timeout=timeout,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, port: int, env: dict, workers: int = 2, threads: int = 4):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open for the server's lifetime)
            prefix="passerelle-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--threads", str(threads), "--timeout", "30", "--graceful-timeout", "5"],
            env=env, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(lambda: port_open(port), timeout=60, what=f"gunicorn on {port}")

    def warm(self, path: str, *, count: int = 8, timeout: float = 120):
        """Wait until the workers answer `path` with a 200 (the first requests load Django and Wagtail)."""
        deadline = time.monotonic() + timeout
        ok = 0
        while ok < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"gunicorn did not answer {path} in {timeout} s:\n{self.output()}")
            try:
                status = request(self.base + path, timeout=60)[0]
            except OSError:
                status = 0
            ok = ok + 1 if status == 200 else 0
            if status != 200:
                time.sleep(0.5)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-6000:]


def request(url: str, *, method="GET", headers=None, data: bytes | None = None, timeout=10):
    """(status, headers, body) — never raises for an HTTP status, only for a refused connection."""
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (local test server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
