"""The words of the demo site, in French and English, read from demo_content.json beside this module. Facts
and figures come from AIBSL's presentation (the seed); events are invented but plausible, placed around the
day the demo is loaded (each event's `day` is an offset from it). portal/demo.py loads them; editing the
demo means editing the data file, not code.

StreamField bodies are in Wagtail's raw JSON form (`{"type": …, "value": …}`), which the field turns into
blocks on assignment.
"""

import json
from pathlib import Path

_DATA = json.loads(Path(__file__).with_name("demo_content.json").read_text(encoding="utf-8"))

HOME_BODY = _DATA["HOME_BODY"]
CITY = _DATA["CITY"]
APPROACH = _DATA["APPROACH"]
PRACTICES_INDEX = _DATA["PRACTICES_INDEX"]
THEMES = [tuple(row) for row in _DATA["THEMES"]]
PRACTICES = _DATA["PRACTICES"]
CALENDAR = _DATA["CALENDAR"]
EVENTS = _DATA["EVENTS"]
FOOTER = _DATA["FOOTER"]
PRIVACY = _DATA["PRIVACY"]
ACCESSIBILITY = _DATA["ACCESSIBILITY"]
CONTACT = _DATA["CONTACT"]


def call_to_action(label, text, page_id):
    return {"type": "call_to_action", "value": {"label": label, "text": text, "page": page_id, "url": ""}}


def river_map_block(image_id, language):
    alt_text, caption = _DATA["RIVER_MAP"][language]
    return {"type": "image", "value": {"image": image_id, "alt_text": alt_text, "caption": caption, "credit": ""}}
