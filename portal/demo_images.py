"""The demo's one picture: a schematic map of the St. Lawrence from Montréal to Rimouski, drawn with Pillow.

Drawn rather than downloaded: the demo needs no network and carries no third-party photo licence.
"""

import io
import unicodedata

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

MAP_TITLE = "Rimouski et Montréal (schéma)"
LAND, WATER, INK, ACCENT = "#eef2ea", "#9cc3e0", "#1b1f23", "#0b5394"


# Fonts with accented letters found on most systems; Pillow's built-in font has no "é".
FONT_CANDIDATES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "Helvetica.ttc")


def fonts(*sizes):
    """Fonts at these sizes, and a text filter: accents are dropped only with Pillow's built-in font."""
    for name in FONT_CANDIDATES:
        try:
            return [ImageFont.truetype(name, size) for size in sizes], str
        except OSError:
            continue

    def ascii_only(text):
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

    return [ImageFont.load_default(size=size) for size in sizes], ascii_only


def draw_river_map() -> bytes:
    width, height = 1200, 600
    picture = PillowImage.new("RGB", (width, height), LAND)
    draw = ImageDraw.Draw(picture)
    # The river widens from Montréal (south-west) to the estuary (north-east).
    draw.polygon([(60, 520), (420, 390), (760, 250), (1180, 40), (1180, 200), (790, 330), (440, 430), (60, 545)],
                 fill=WATER)
    (label, small, title), text = fonts(30, 24, 34)
    draw.text((620, 330), text("Fleuve Saint-Laurent"), font=small, fill=INK)
    draw.text((40, 20), text("Rimouski, 14e ville d'accueil"), font=title, fill=INK)
    places = [((150, 520), "Montréal", (110, 550)), ((470, 410), "Québec", (450, 440)),
              ((980, 215), "Rimouski", (930, 240))]
    for (x, y), name, text_at in places:
        radius = 11 if name == "Rimouski" else 8
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ACCENT if name == "Rimouski" else INK)
        draw.text(text_at, text(name), font=label, fill=INK)
    # Distance along the river, drawn as a dashed line above it.
    start, end = (150, 490), (980, 185)
    steps = 30
    for step in range(0, steps, 2):
        a = (start[0] + (end[0] - start[0]) * step / steps, start[1] + (end[1] - start[1]) * step / steps)
        b = (start[0] + (end[0] - start[0]) * (step + 1) / steps, start[1] + (end[1] - start[1]) * (step + 1) / steps)
        draw.line([a, b], fill=ACCENT, width=4)
    draw.text((470, 250), "550 km", font=title, fill=ACCENT)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_river_map() -> Image:
    """The map image, created once and found again by its title."""
    image = Image.objects.filter(title=MAP_TITLE).first()
    if image is None:
        image = Image(title=MAP_TITLE)
        image.file = ImageFile(io.BytesIO(draw_river_map()), name="rimouski-montreal.png")
        image.save()
    return image
