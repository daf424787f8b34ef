"""QR codes for survey links, as inline SVG (prints sharp, needs no image files)."""

import segno


def qr_svg(url: str, scale: int = 4) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", border=2)
