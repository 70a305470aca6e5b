"""The public verification of a listed unit (R-GREENCODE, last sentence): the page /verify/<code>/
and its QR code (PNG and SVG). The code itself is set when the entry is created (publication)."""
from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse


def verify_url(entry) -> str:
    """The absolute address the QR code carries (SITE_URL: the portal's public address)."""
    return settings.SITE_URL.rstrip("/") + reverse("verify:page", args=[entry.public_code])


def qr_code(entry):
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
