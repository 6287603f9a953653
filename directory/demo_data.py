"""The Rimouski demo's facts, read from demo_data.json beside this module: stakeholders named in the seed
(today's names, former ones noted), the integration pathway and who does what in it. directory/demo.py
loads them; editing the demo means editing the data file, not code.

Street addresses and phone numbers are the institutions' real, public ones where they are common knowledge
(a city hall, a school service centre, a ministry's toll-free line); elsewhere the address is blank and the
phone a fictitious 418 555-01xx number (directory/demo.py), never a guessed real one; a shelter's address is
never given. E-mail addresses stay fictitious (example.org): the demo sends e-mail, and
it must not reach a real desk.
"""

import json
from pathlib import Path

_DATA = json.loads(Path(__file__).with_name("demo_data.json").read_text(encoding="utf-8"))

SECTORS = [tuple(row) for row in _DATA["SECTORS"]]  # (slug, French, English)
LANGUAGES = [tuple(row) for row in _DATA["LANGUAGES"]]  # (code, French, English)
ORGANIZATIONS = _DATA["ORGANIZATIONS"]
STEPS = [tuple(row) for row in _DATA["STEPS"]]
RESPONSIBILITIES = [tuple(row) for row in _DATA["RESPONSIBILITIES"]]
REFERRAL_PARTNERS = _DATA["REFERRAL_PARTNERS"]
STEP_NOTES = _DATA.get("STEP_NOTES", {})  # slug → who to contact first, other words, the entry point
