"""The ครุฑ of an agency's บันทึกข้อความ: which image counts, how an upload is checked, and the
neutral placeholder the system ships (never the real emblem: a demo must not pass for an official
letter, and the image is the agency's to supply).

ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: the ครุฑ of a บันทึกข้อความ is 1.5 cm high at the top
left; a หนังสือภายนอก's is 3 cm. The renderers place the image at those heights."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from ita.agencies.models import Agency, Garuda
from ita.audit.log import record
from ita.lib.policy import require

MEMO_HEIGHT_CM = 1.5  # บันทึกข้อความ
EXTERNAL_HEIGHT_CM = 3.0  # หนังสือภายนอก
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_HEIGHT_PX = 600  # 1.5 cm at 1,000 dpi: sharper than any printer, small enough to freeze
FORMATS = {"PNG", "JPEG"}
PLACEHOLDER_NOTE = (
    "ภาพครุฑในเอกสารนี้เป็นภาพตัวอย่าง ไม่ใช่ตราครุฑจริง "
    "หน่วยงานต้องอัปโหลดภาพครุฑตามระเบียบงานสารบรรณก่อนใช้เอกสารจริง"
)


@dataclass(frozen=True)
class GarudaImage:
    png: bytes
    placeholder: bool


def checked_png(data: bytes) -> bytes:
    """The upload as a PNG of at most MAX_HEIGHT_PX high, or a Thai ValidationError. The
    content decides, not the name: Pillow must read it as PNG or JPEG. Re-encoding drops
    whatever else the file carried (metadata, trailing bytes). The form (improvement.memo_forms)
    applies the one upload policy first; the admin upload comes here directly."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ValidationError("ไฟล์ว่าง กรุณาเลือกไฟล์ภาพครุฑ (PNG หรือ JPEG)")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError("ไฟล์ภาพใหญ่เกิน 5 MB")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("ไฟล์นี้ไม่ใช่ภาพ PNG หรือ JPEG ที่อ่านได้") from None
    if kind not in FORMATS:
        raise ValidationError(f"รับเฉพาะภาพ PNG หรือ JPEG (ไฟล์นี้เป็น {kind})")
    image = image.convert("RGBA")
    if image.height > MAX_HEIGHT_PX:
        width = max(1, round(image.width * MAX_HEIGHT_PX / image.height))
        image = image.resize((width, MAX_HEIGHT_PX), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=1)
def placeholder_png() -> bytes:
    """A plain emblem outline with the words ภาพตัวอย่าง, grey, of the ครุฑ's proportions."""
    from PIL import Image, ImageDraw, ImageFont

    from ita.lib.fonts import FONT_DIR

    w, h = 300, 330
    image = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    grey = (110, 110, 110, 255)
    draw.ellipse((95, 20, 205, 130), outline=grey, width=8)  # head
    draw.polygon([(150, 135), (20, 95), (60, 250), (150, 310), (240, 250), (280, 95)],
                 outline=grey, width=8)  # wings and body, an outline only  # fmt: skip
    font = ImageFont.truetype(str(FONT_DIR / "Sarabun-Bold.ttf"), 40)
    draw.text((w / 2, 215), "ภาพตัวอย่าง", font=font, fill=grey, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def current(agency: Agency | None) -> Garuda | None:
    """The newest upload of the agency, else the installation's; None: the placeholder."""
    rows = Garuda.objects.order_by("-uploaded_at", "-pk")
    found = rows.filter(agency=agency).first() if agency is not None else None
    return found or rows.filter(agency__isnull=True).first()


def garuda_for(agency: Agency | None) -> GarudaImage:
    row = current(agency)
    if row is None:
        return GarudaImage(placeholder_png(), placeholder=True)
    with row.image.open("rb") as f:
        return GarudaImage(f.read(), placeholder=row.placeholder)


@transaction.atomic
def upload_garuda(*, acting_user, agency: Agency | None, data: bytes, placeholder=False) -> Garuda:
    """Store a checked ครุฑ for the agency (None: the installation's). The memo of an approved
    plan keeps the image it was approved with (improvement.record freezes it)."""
    require(acting_user, "garuda.upload", agency)
    png = checked_png(data)
    row = Garuda(agency=agency, placeholder=placeholder, uploaded_by=acting_user)
    row.image.save("garuda.png", ContentFile(png), save=False)
    row.save()
    record(
        actor=acting_user, action="garuda.uploaded", obj=row, agency=agency,
        after={"agency": agency.pk if agency else None, "bytes": len(png),
               "placeholder": placeholder},
    )  # fmt: skip
    return row
