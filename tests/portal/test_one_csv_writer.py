"""Every CSV the product writes goes through `portal/spreadsheets.py`, the writer that neutralises formulas:
no other module of the product may build its own csv writer."""

import re
from pathlib import Path

from portal.spreadsheets import SafeWriter, safe_row

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = [path for path in ROOT.glob("*/") if (path / "apps.py").is_file()]
OWN_WRITER = re.compile(r"csv\s*\.\s*(writer|DictWriter)\s*\(")


def test_no_module_but_the_spreadsheets_one_builds_a_csv_writer():
    assert {path.name for path in PRODUCT} >= {"portal", "directory", "referrals", "network"}
    offenders = [str(path.relative_to(ROOT)) for package in PRODUCT for path in package.rglob("*.py")
                 if "migrations" not in path.parts and path != ROOT / "portal" / "spreadsheets.py"
                 and OWN_WRITER.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_writer_neutralises_every_formula_trigger_and_keeps_numbers():
    import io

    buffer = io.StringIO()
    SafeWriter(buffer).writerow(["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "plain", 3, -4.5])
    assert buffer.getvalue().strip() == "'=1+1,'+33,'-2,'@SUM(A1),'\tx,plain,3,-4.5"
    assert safe_row(["=x"]) == ["'=x"]
