"""A web worker does not load at start-up (nor when it builds its URLs) the libraries that only a few
endpoints or tasks use: each costs every worker megabytes for its whole life (issue 8: ≤ 150 MB a worker).
Checked in a fresh interpreter, as gunicorn starts a worker."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Loaded on first use only: the iCalendar feeds (8 MB), the FHIR models (7 MB), networkx (22 MB: `network`
# modules hold a lazy module until a view is computed; its submodules show when it really loads).
LAZY = ("icalendar", "fhir.resources.R4B.task", "fhir.resources.R4B.bundle", "openpyxl", "pypdf", "scipy",
        "networkx.classes")

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.urls import reverse
reverse("login")  # builds every URLconf, as a worker's first page does
print(json.dumps(sorted(sys.modules)))
"""


def test_start_up_and_url_building_leave_the_heavy_libraries_unloaded():
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert not [name for name in LAZY if name in loaded]


EGO_SCRIPT = """
import json, sys
import django
django.setup()
from django.utils import translation
from network.snapshot import render_ego
record = {"centre": "aibsl", "nodes": [("aibsl", "AIBSL", "Accueil", "community", "/organismes/aibsl/"),
                                       ("cisss", "CISSS", "CISSS", "state", ""),
                                       ("moisson", "Moisson", "Moisson", "", "")],
          "edges": [("aibsl", "cisss", {"weight": 2, "kinds": "agreement", "partnerships": 1}),
                    ("aibsl", "moisson", {"weight": 1, "kinds": "service", "partnerships": 1}),
                    ("cisss", "moisson", {"weight": 1, "shared_steps": 1})]}
with translation.override("fr"):
    svg = render_ego(record)
assert 'id="ego-aibsl-svg"' in svg and 'data-node="moisson"' in svg, svg
print(json.dumps(sorted(sys.modules)))
"""


def test_drawing_a_role_pages_ego_picture_leaves_networkx_unloaded():
    """A role page draws its organisation's picture from a small cached record: no graph library for that."""
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", EGO_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "networkx.classes" not in loaded
