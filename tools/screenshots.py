"""Screenshots of the main pages, at a desktop's 1280 px and a phone's 360 px, in French and English.

    make screenshots                      # migrate, load the demo, serve it, shoot, stop the server
    .venv/bin/python tools/screenshots.py --base-url http://127.0.0.1:8000   # against a running demo

Writes docs/screenshots/<page>-<language>-<width>.png: the first screen of each page (what a visitor sees
before scrolling), reduced to a 256-colour palette so the set stays small enough to commit. The workspace
inbox is shot signed in as a demo account, through a session made on the server side (no password is read
or printed). Needs Playwright (the test extras) and Debian's Chromium (/usr/bin/chromium or CHROMIUM_PATH).
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSERELLE = [str(Path(sys.executable).parent / "passerelle")]  # the command installed beside this Python
WIDTHS = {1280: 800, 360: 740}  # width: height of the first screen
PAGES = [  # (name, French path); the English one is the page's own language switch
    ("home", "/"),
    ("directory", "/repertoire/"),
    ("role-page", "/organismes/aibsl/"),
    ("matrix", "/repertoire/matrice/"),
    ("network", "/reseau/"),
    ("search", "/recherche/?q=logement"),
    ("calendar", "/calendrier/"),
    ("workspace-inbox", "/references/"),
]
SIGNED_IN = {"workspace-inbox"}
DEMO_ACCOUNT = "cisss-bsl-accueil"
ENGLISH_SEARCH = "/en/search/?q=housing"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 — our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the demo did not answer at {url}")


def session_cookie(username: str) -> tuple[str, str]:
    """A signed-in session for a demo account, made by the server's own code: (cookie name, key)."""
    code = (
        "from django.conf import settings; from django.contrib.auth import get_user_model, "
        "BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY; from importlib import import_module; "
        f"user = get_user_model().objects.get(username={username!r}); "
        "store = import_module(settings.SESSION_ENGINE).SessionStore(); "
        "store[SESSION_KEY] = str(user.pk); "
        "store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'; "
        "store[HASH_SESSION_KEY] = user.get_session_auth_hash(); store.create(); "
        "print(settings.SESSION_COOKIE_NAME, store.session_key)"
    )
    output = subprocess.run(  # noqa: S603 — our own command, our own code
        [*PASSERELLE, "shell", "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    )
    name, key = output.stdout.split()[-2:]
    return name, key


def shrink(path: Path) -> None:
    """A 256-colour palette: a third of the size for flat-coloured pages, text still crisp."""
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(base_url: str, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    cookie_name, cookie_value = session_cookie(DEMO_ACCOUNT)
    host = base_url.split("//", 1)[1].split("/", 1)[0].split(":")[0]
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"])
        for width, height in WIDTHS.items():
            contexts = {}
            for signed_in in (False, True):
                context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-CA",
                                              device_scale_factor=1)
                if signed_in:
                    context.add_cookies([{"name": cookie_name, "value": cookie_value, "domain": host, "path": "/"}])
                contexts[signed_in] = context.new_page()
            for name, path in PAGES:
                page = contexts[name in SIGNED_IN]
                response = page.goto(base_url + path)
                english = page.locator('a[hreflang="en"]').first.get_attribute("href")
                if name == "search":
                    english = ENGLISH_SEARCH
                for language, url in (("fr", path), ("en", english)):
                    if language == "en":
                        response = page.goto(base_url + url)
                    if response is None or response.status != 200:
                        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(target))
                    shrink(target)
                    written.append(target)
                    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="a demo already running (otherwise one is served on a free port)")
    arguments = parser.parse_args()
    chromium = next((c for c in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"))
                     if c and Path(c).exists()), None)
    if chromium is None:
        raise SystemExit("no Chromium found: apt-get install chromium, or set CHROMIUM_PATH")
    if arguments.base_url:
        shoot(arguments.base_url.rstrip("/"), chromium)
        return
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 — our own command
        [*PASSERELLE, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        shoot(f"http://127.0.0.1:{port}", chromium)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
