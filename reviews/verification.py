"""The public verification of a listed unit (R-GREENCODE, last sentence): a stable,
non-guessable code per list entry, the page /verify/<code>/ and its QR code (PNG and SVG).
The code is a field filled when the entry is created (ListEntry is never updated)."""
from __future__ import annotations

import io
import secrets

from django.conf import settings
from django.urls import reverse

# Lowercase letters and digits without look-alikes (0/o, 1/l/i): codes are read off paper too.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 16  # 31^16 ≈ 2^79: not guessable, short enough for a URL in a QR code


def new_public_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def verify_url(entry) -> str:
    """The absolute address the QR code carries (SITE_URL: the portal's public address)."""
    return settings.SITE_URL.rstrip("/") + reverse("verify:page", args=[entry.public_code])


def qr_code(entry):
    import segno

    # Error correction M: survives a scuffed print; the URL fits a small symbol.
    return segno.make(verify_url(entry), error="m", micro=False)


def qr_png(entry) -> bytes:
    out = io.BytesIO()
    qr_code(entry).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def qr_svg(entry) -> bytes:
    out = io.BytesIO()
    qr_code(entry).save(out, kind="svg", scale=8, border=4, xmldecl=True, svgns=True,
                        title=verify_url(entry))
    return out.getvalue()
