"""`make bench`: the project beside a bare Django view, at two sizes, on PostgreSQL, gunicorn and Redis.

    .venv/bin/python benchmarks/bench.py            # builds or reuses both databases, prints one table

Environment: BENCH_DATABASE (default postgres://postgres@127.0.0.1:5432/passerelle_bench: the databases
are `<name>_demo` and `<name>_province`), BENCH_CACHE (default redis://127.0.0.1:6379/15: the demo's Redis
database; the province uses the one below it, 14, as two deployments would not share a cache), BENCH_PORT
(first of four ports, default 8090), BENCH_SECONDS (per measurement, default 3), BENCH_ROUNDS (3).

Steps: build or reuse the Rimouski demo and the province (the demo plus benchmarks/generate.py),
`collectstatic` and `network_warm` on an emptied cache (timed: the network's cold views); time `passerelle
demo` on a freshly migrated SQLite database; measure each page in-process with the page cache off (CPU, SQL count
and time, HTML size: what an editor or a cold cache costs); serve the floor, the demo and the province
with gunicorn -w 2 (DEBUG off, Redis cache); run wrk on loopback, one connection, in alternating rounds
(floor, demo, province for each page, then again); home throughput with 8 connections; worker RSS at the
end. Bounded: 5–7 minutes on 2 cores once the databases exist, 8–12 when it builds them.
"""

import io
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on the path, and its referrals.py would shadow the app.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DATABASE = os.environ.get("BENCH_DATABASE", "postgres://postgres@127.0.0.1:5432/passerelle_bench")
CACHE = os.environ.get("BENCH_CACHE", "redis://127.0.0.1:6379/15")


def _cache_urls(url: str) -> dict[str, str]:
    """The demo's Redis database is BENCH_CACHE's, the province's the one below it: the two sizes never share
    cached pages. Both are emptied by every run, so the number must be given and be 2 or more: databases 0
    and 1 are where a site's own cache usually lives (docs/operations.md uses 0)."""
    parts = urlsplit(url)
    number = parts.path.strip("/")
    if parts.scheme not in ("redis", "rediss") or not (number.isascii() and number.isdigit()) or int(number) < 2:
        raise SystemExit("BENCH_CACHE must be a Redis URL naming a database from 2 up, such as "
                         f"redis://127.0.0.1:6379/15 (it and the one below are emptied), not {url!r}")
    demo = int(number)
    return {kind: urlunsplit(parts._replace(path=f"/{db}")) for kind, db in (("demo", demo), ("province", demo - 1))}


CACHES = _cache_urls(CACHE)
PORT = int(os.environ.get("BENCH_PORT", "8090"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECRET = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
# One static folder per benchmark database: two checkouts benchmarking at once must not share one.
STATIC = Path(tempfile.gettempdir()) / f"passerelle-bench-static-{DATABASE.rsplit('/', 1)[-1]}"
LUA = Path(__file__).resolve().parent / "percentiles.lua"

ANONYMOUS = ("home", "directory", "role page", "matrix", "network")
SIGNED_IN = ("referral inbox", "GET /api/v1/referrals/")


def server_env(kind: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": f"{DATABASE}_{kind}", "CACHE_URL": CACHES[kind], "DEBUG": "false",
            "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "STATIC_ROOT": str(STATIC),
            "LOG_LEVEL": "warning", "TASK_BACKEND": "immediate", "PYTHONPATH": str(ROOT), **extra}


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


# --- in a child process with Django set up -----------------------------------------------------------

def prepare(kind: str) -> None:
    """Build the database if it is missing or incomplete (idempotent), then warm the network views."""
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import Organization
    from portal.pages import HomePage

    call_command("migrate", verbosity=0, interactive=False)
    if not HomePage.objects.exists():
        call_command("demo")
    if kind == "province" and not Organization.objects.filter(slug__startswith="bench-").exists():
        run([PYTHON, "benchmarks/generate.py"], env=os.environ, stdout=sys.stderr)  # stdout: this step's JSON
    call_command("collectstatic", verbosity=0, interactive=False)
    # A cold network_warm every run: the benchmark's own Redis database is emptied first (the views of a
    # previous run, same data, would be skipped as cached).
    from django.core.cache import cache

    cache.clear()
    out = io.StringIO()
    started = time.perf_counter()
    call_command("network_warm", "--no-progress", stdout=out)
    elapsed = time.perf_counter() - started
    views = [float(seconds) for seconds in re.findall(r"computed in ([\d.]+) s", out.getvalue())]
    print(f"{kind}: network_warm {elapsed:.1f} s ({len(views)} views computed)", file=sys.stderr)
    from network.management.commands.network_warm import DEFAULT_VIEWS

    print(json.dumps({"network_warm_s": elapsed, "views_s": views, "views_expected": len(DEFAULT_VIEWS)}))


def demo_load(kind: str) -> None:
    """`passerelle demo` on an empty (migrated) database as `make demo` runs it: a fresh SQLite file, DEBUG on,
    the local-memory cache; its images and documents in the same throwaway folder, not the checkout's."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**server_env(kind), "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3", "CACHE_URL": "locmem://",
               "DEBUG": "true", "MEDIA_ROOT": f"{folder}/media", "DOCUMENTS_ROOT": f"{folder}/documents",
               "DJANGO_SETTINGS_MODULE": "portal.settings"}
        run([str(BIN / "passerelle"), "migrate", "--no-input", "-v", "0"], env=env)
        before = os.times()
        started = time.perf_counter()
        run([str(BIN / "passerelle"), "demo"], env=env, stdout=subprocess.DEVNULL)
        after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    print(json.dumps({"demo_s": time.perf_counter() - started, "demo_cpu_s": cpu}))


def probe(kind: str) -> None:
    """URLs, a session cookie for the busiest receiver's intake coordinator, and each page measured
    in-process with the page cache off: median CPU, SQL count and time, HTML size."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import Membership, Organization
    from portal import page_cache

    # The page itself is rendered every time (what a signed-in editor gets); the frame's parts stay cached.
    page_cache._cacheable_request = lambda request: False
    hub = Organization.objects.annotate(n=Count("partnership_memberships")).order_by("-n", "pk").first()
    receiver = (Organization.objects.filter(memberships__role="intake", memberships__is_active=True)
                .annotate(n=Count("referrals_received", filter=~Q(referrals_received__state="draft")))
                .order_by("-n", "pk").first())
    intake = Membership.objects.filter(organization=receiver, role="intake", is_active=True).first().user
    urls = {"home": "/", "directory": "/repertoire/", "role page": hub.get_absolute_url(),
            "matrix": "/repertoire/matrice/", "network": "/reseau/", "referral inbox": "/references/",
            "GET /api/v1/referrals/": "/api/v1/referrals/"}
    signed = Client()
    signed.force_login(intake)
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={signed.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = {}
    for name, url in urls.items():
        client = signed if name in SIGNED_IN else Client()
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        cpu, sql_n, sql_ms = [], [], []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.process_time()
                response = client.get(url)
                cpu.append((time.process_time() - started) * 1000)
            sql_n.append(len(queries))
            sql_ms.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        pages[name] = {"url": url, "cpu_ms": statistics.median(cpu), "sql": statistics.median(sql_n),
                       "sql_ms": statistics.median(sql_ms), "bytes": len(response.content)}
    print(json.dumps({"cookie": cookie, "pages": pages, "hub": hub.slug, "receiver": receiver.slug}))


# --- the orchestrator ----------------------------------------------------------------------------------

def child(command: str, kind: str, **extra) -> str:
    env = server_env(kind, DJANGO_SETTINGS_MODULE="portal.settings", **extra)
    result = run([PYTHON, __file__, command, kind], env=env, stdout=subprocess.PIPE, text=True)
    return result.stdout


def child_json(command: str, kind: str) -> dict:
    """A child step's result: the JSON it prints last (what it prints before, a demo's lines, comes first)."""
    return json.loads(child(command, kind).strip().splitlines()[-1])


def start(name: str, port: int, env: dict, app: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         "--error-logfile", str(Path(tempfile.gettempdir()) / f"bench-{name}.log"), app],
        env=env, cwd=ROOT, start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except Exception:  # noqa: BLE001 — not up yet
            time.sleep(0.5)
    raise RuntimeError(f"{name} did not start on port {port}")


def workers(process) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def cpu_seconds(pids) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def rss_mb(pid) -> float:
    match = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024


def wrk(url: str, *, cookie: str = "", connections: int = 1, seconds: int = SECONDS) -> dict:
    args = ["wrk", "-t1" if connections == 1 else "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30).stdout
    result = dict(re.findall(r"^BENCH (\w+) ([\d.]+)$", out, re.MULTILINE))
    return {key: float(value) for key, value in result.items()}


def create_database(kind: str) -> None:
    """Create `<BENCH_DATABASE>_<kind>` if it does not exist yet (connecting to the server's `postgres`)."""
    import psycopg

    server, name = DATABASE.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"{name}_{kind}"]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}_{kind}"')


def main() -> None:
    started = time.perf_counter()
    warm = {}
    for kind in ("demo", "province"):
        create_database(kind)
        print(f"preparing {kind}…", flush=True)
        warm[kind] = child_json("prepare", kind)
    print(f"timing `passerelle demo` on an empty database… (Redis databases emptied: {CACHES['demo']}, "
          f"{CACHES['province']})", flush=True)
    loading = child_json("demo_load", "demo")
    probes = {kind: child_json("probe", kind) for kind in ("demo", "province")}
    servers = {"floor": start("floor", PORT, {**os.environ, "PYTHONPATH": str(ROOT)}, "benchmarks.floor:application")}
    for offset, kind in enumerate(("demo", "province"), start=1):
        servers[kind] = start(kind, PORT + offset, server_env(kind), "portal.wsgi:application")
    ports = {"floor": PORT, "demo": PORT + 1, "province": PORT + 2}
    samples = {}
    try:
        for name in (*ANONYMOUS, *SIGNED_IN):  # one warm-up each (stores the anonymous pages)
            for kind in ("demo", "province"):
                wrk(f"http://127.0.0.1:{ports[kind]}{probes[kind]['pages'][name]['url']}", seconds=1,
                    cookie=probes[kind]["cookie"] if name in SIGNED_IN else "")
        for round_number in range(ROUNDS):
            print(f"round {round_number + 1}/{ROUNDS}…", flush=True)
            for name in (*ANONYMOUS, *SIGNED_IN):
                for kind in ("floor", "demo", "province"):
                    if kind == "floor":
                        url, cookie = f"http://127.0.0.1:{PORT}/", ""
                    else:
                        url = f"http://127.0.0.1:{ports[kind]}{probes[kind]['pages'][name]['url']}"
                        cookie = probes[kind]["cookie"] if name in SIGNED_IN else ""
                    pids = workers(servers[kind])
                    before = cpu_seconds(pids)
                    result = wrk(url, cookie=cookie)
                    result["cpu_ms"] = (cpu_seconds(pids) - before) * 1000 / max(result.get("requests", 1), 1)
                    samples.setdefault((name, kind), []).append(result)
        throughput = {kind: wrk(f"http://127.0.0.1:{ports[kind]}/", connections=8, seconds=5)
                      for kind in ("floor", "province")}
        rss = {kind: [rss_mb(pid) for pid in workers(process)] for kind, process in servers.items()}
    finally:
        for process in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    report(samples, probes, throughput, rss, warm, loading, time.perf_counter() - started)


def _median(samples, key):
    return statistics.median(sample.get(key, 0.0) for sample in samples)


def report(samples, probes, throughput, rss, warm, loading, elapsed) -> None:
    floor_p50 = statistics.median(_median(samples[(name, "floor")], "p50") for name in (*ANONYMOUS, *SIGNED_IN))
    floor_cpu = statistics.median(_median(samples[(name, "floor")], "cpu_ms") for name in (*ANONYMOUS, *SIGNED_IN))
    lines = [
        f"Floor (bare Django view): p50 {floor_p50:.2f} ms, CPU {floor_cpu:.2f} ms/request.",
        "",
        "| page | demo p50 / p95 | province p50 / p95 | CPU/req (province) | ratio to floor (p50) "
        "| province/demo (p95) | uncached: CPU, SQL n, SQL ms, KB (demo · province) | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    verdicts = []
    for name in (*ANONYMOUS, *SIGNED_IN):
        demo, province = samples[(name, "demo")], samples[(name, "province")]
        d50, d95 = _median(demo, "p50"), _median(demo, "p95")
        p50, p95 = _median(province, "p50"), _median(province, "p95")
        cpu = _median(province, "cpu_ms")
        cold = {kind: probes[kind]["pages"][name] for kind in ("demo", "province")}
        cold_text = " · ".join(f"{c['cpu_ms']:.0f} ms, {c['sql']:.0f}, {c['sql_ms']:.1f} ms, {c['bytes'] / 1024:.0f}"
                               for c in cold.values())
        if name in SIGNED_IN:
            target = "p95 ≤ 40 ms and ≤ 1.2 × demo"
            ok = p95 <= 40 and p95 <= 1.2 * d95
        else:
            factor = 3 if name in ("role page", "network") else 2
            target = f"hit p50 ≤ {factor} × floor; uncached ≤ 15 ms CPU, ≤ 10 ms SQL; ≤ 300 KB"
            ok = (p50 <= factor * floor_p50 and all(c["cpu_ms"] <= 15 and c["sql_ms"] <= 10 for c in cold.values())
                  and cold["province"]["bytes"] <= 300 * 1024)
        verdicts.append(ok)
        lines.append(f"| {name} | {d50:.1f} / {d95:.1f} ms | {p50:.1f} / {p95:.1f} ms | {cpu:.1f} ms | "
                     f"{p50 / floor_p50:.1f} × | {p95 / d95:.2f} | {cold_text} | {target} | "
                     f"{'pass' if ok else 'FAIL'} |")
    share = throughput["province"].get("rps", 0) / max(throughput["floor"].get("rps", 1), 1)
    ok = share >= 0.5 and throughput["province"].get("errors", 0) == 0
    verdicts.append(ok)
    lines.append(f"| home throughput, 8 connections | | {throughput['province'].get('rps', 0):.0f} req/s | | "
                 f"{share:.0%} of the floor's {throughput['floor'].get('rps', 0):.0f} req/s | | "
                 f"errors {throughput['province'].get('errors', 0):.0f} | ≥ 50 % of the floor, 0 errors | "
                 f"{'pass' if ok else 'FAIL'} |")
    network = warm["province"]
    slowest = max(network["views_s"], default=0.0)
    ok = network["network_warm_s"] <= 30 and 0 < slowest <= 10 and len(network["views_s"]) == network["views_expected"]
    verdicts.append(ok)
    lines.append(f"| network views, cold (province) | | | | | | `network_warm` {network['network_warm_s']:.1f} s, "
                 f"{len(network['views_s'])} views computed, slowest {slowest:.1f} s | `network_warm` ≤ 30 s; "
                 f"a view ≤ 10 s | {'pass' if ok else 'FAIL'} |")
    ok = loading["demo_s"] <= 30
    verdicts.append(ok)
    lines.append(f"| `passerelle demo`, empty SQLite database | | | | | | {loading['demo_s']:.1f} s "
                 f"({loading['demo_cpu_s']:.1f} s CPU) | ≤ 30 s | {'pass' if ok else 'FAIL'} |")
    worst = max(max(rss["demo"]), max(rss["province"]))
    verdicts.append(worst <= 150)
    lines.append("")
    lines.append("Worker RSS after the run: " + "; ".join(
        f"{kind} {', '.join(f'{mb:.0f}' for mb in values)} MB" for kind, values in rss.items())
        + f" (target ≤ 150 MB: {'pass' if worst <= 150 else 'FAIL'}).")
    lines.append(f"{sum(verdicts)}/{len(verdicts)} targets pass; run took {elapsed / 60:.1f} min.")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "probe":
        probe(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "demo_load":
        demo_load(sys.argv[2])
    else:
        main()
