"""gunicorn settings for Passerelle (`gunicorn -c deploy/gunicorn.conf.py portal.wsgi`).

Behind a reverse proxy on the same host: listen on loopback only; the proxy terminates TLS and sets
X-Forwarded-Proto / X-Forwarded-For (HTTPS=true and API_NUM_PROXIES=1 in the environment).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core plus one, threads for the requests that wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request that takes longer is a bug or a dependency hanging: kill it rather than the whole site.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (memory fragmentation), not all at once.
max_requests = 2000
max_requests_jitter = 200
# Access lines come from the application (one JSON object per request, no query string): gunicorn's own
# access log would repeat them with the query string, so it stays off. Errors go to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = "warning"
# The proxy is on this host: trust its forwarded headers only from loopback.
forwarded_allow_ips = "127.0.0.1"
proxy_allow_ips = "127.0.0.1"
