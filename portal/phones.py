"""Phone numbers as typed by partners ("418 724-3111 poste 2", "1-877-864-9191"), read back as a `tel:` link in
E.164 (RFC 3966, so a phone dials it from anywhere) and as each language writes a number.

Used by the directory (organisations' numbers) and the footer. North American numbers only are reformatted (the
site is Québec's); anything else keeps what was typed, with a link of its digits. Short service numbers (211,
811) stay as they are.
"""

import re

from portal.i18n import current_language

_EXTENSION = re.compile(r"\s*(?:,|;)?\s*(?:ext\.?|extension|poste|p\.|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
TOLL_FREE_AREA_CODES = {"800", "833", "844", "855", "866", "877", "888"}


def split(number: str) -> tuple[str, str]:
    """(the number without its extension, the extension's digits)."""
    number = (number or "").strip()
    match = _EXTENSION.search(number)
    if match:
        return number[: match.start()].strip(), match.group(1)
    return number, ""


def national_digits(number: str) -> str:
    """The ten digits of a North American number ("4187243111"), or "" if it is not one."""
    main, _extension = split(number)
    if main.startswith("+") and not main.startswith("+1"):
        return ""
    digits = re.sub(r"\D", "", main)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 and digits[0] in "23456789" else ""


def e164(number: str) -> str:
    """"+14187243111" for a North American number; "+" and the digits of an international one; else ""."""
    digits = national_digits(number)
    if digits:
        return "+1" + digits
    main, _extension = split(number)
    if main.startswith("+"):
        international = re.sub(r"\D", "", main)
        return "+" + international if 7 <= len(international) <= 15 else ""
    return ""


def tel_href(number: str) -> str:
    """The `tel:` URI: E.164 with the extension as RFC 3966 writes it, or the digits of a short number."""
    _main, extension = split(number)
    full = e164(number)
    if not full:
        digits = re.sub(r"[^\d+]", "", split(number)[0])
        return f"tel:{digits}" if digits else ""
    return f"tel:{full}" + (f";ext={extension}" if extension else "")


def readable(number: str, language: str | None = None) -> str:
    """As the language writes it: "418 724-3111, poste 2" (Québec French), "418-724-3111, ext. 2" (English);
    a toll-free number with its leading 1. Anything else as typed."""
    language = language or current_language()
    digits = national_digits(number)
    if not digits:
        return (number or "").strip()
    _main, extension = split(number)
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    if language == "en":
        text = f"{area}-{exchange}-{line}"
        text = f"1-{text}" if area in TOLL_FREE_AREA_CODES else text
        return text + (f", ext. {extension}" if extension else "")
    text = f"{area} {exchange}-{line}"
    text = f"1 {text}" if area in TOLL_FREE_AREA_CODES else text
    return text + (f", poste {extension}" if extension else "")
