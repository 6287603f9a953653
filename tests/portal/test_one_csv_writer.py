"""Every CSV of the product goes through `portal.spreadsheets.SafeWriter`, which neutralises formulas."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "directory", "referrals", "network", "accounts", "concertation", "arrivals")


def test_no_module_writes_csv_but_the_safe_writer():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).exists() else ():
            if path == ROOT / "portal" / "spreadsheets.py" or "migrations" in path.parts:
                continue
            if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text()):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
