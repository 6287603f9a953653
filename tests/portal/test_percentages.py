"""One way to write a percentage (issue 13: "78 %" on English pages): 78 % in French, 78% in English."""

import re
from pathlib import Path

from django.utils import translation

from portal.numbers import percent, percent_points

ROOT = Path(__file__).resolve().parents[2]


def test_a_percentage_is_written_as_each_language_writes_it():
    with translation.override("fr"):
        assert percent(0.784) == "78\u00a0%" and percent_points(78.4) == "78\u00a0%"
    with translation.override("en"):
        assert percent(0.784) == "78%" and percent_points(78.4) == "78%" and percent(None) == "—"


def test_no_template_writes_the_sign_itself():
    """A template printing "{{ value }} %" shows the French spacing on English pages: use |percent."""
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in re.finditer(r"\{\{[^}]*\}\}\s*%", line):
                if not re.search(r"[\w-]+:\s*$", line[:match.start()]):  # a CSS value (--share: 40%) is fine
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
