"""Start Django for a benchmark script, on its own database (a SQLite file under benchmarks/results/ unless
DATABASE_URL says otherwise), so a benchmark never touches the real data."""

import os
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DB = RESULTS / "benchmark.sqlite3"


def setup() -> None:
    RESULTS.mkdir(exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
