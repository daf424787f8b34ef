"""Link-check verdicts and what each one means to an ITA officer, in Thai (English on English
pages: the texts are marked for translation).

Kept apart from the checker so that pages, documents and the command all explain a verdict with
the same words."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    OK = "ok", _("เปิดได้")
    BROKEN = "broken", _("ลิงก์เสีย")
    BLOCKED = "blocked", _("ตรวจสอบไม่ได้")
    LOGIN_REQUIRED = "login_required", _("ต้องเข้าสู่ระบบ")
    OFF_SITE = "off_site", _("ไม่อยู่บนเว็บไซต์หลัก")
    SOFT_404 = "soft_404", _("หน้าแจ้งว่าไม่พบข้อมูล")


STALE = "stale"  # a warning, not a verdict: the link works but shows another year

# Verdicts that the NACC assessor would also see as a failure; blocked is "cannot verify", never
# "dead" (a WAF or rate limit answered us, not necessarily the public).
FAILING = {Verdict.BROKEN, Verdict.LOGIN_REQUIRED, Verdict.OFF_SITE, Verdict.SOFT_404}

BADGE = {
    Verdict.OK: "success",
    Verdict.BROKEN: "danger",
    Verdict.BLOCKED: "secondary",
    Verdict.LOGIN_REQUIRED: "danger",
    Verdict.OFF_SITE: "warning",
    Verdict.SOFT_404: "danger",
}

# Why a link failed, keyed by the checker's detail code: what is wrong, then how to fix it.
_BROKEN_DETAIL = {
    "http_404": _("เว็บไซต์ตอบว่าไม่พบหน้านี้ (404) อาจย้ายหรือลบไฟล์ไปแล้ว"),
    "http_410": _("เว็บไซต์ตอบว่าหน้านี้ถูกลบถาวรแล้ว (410)"),
    "http_5xx": _("เครื่องแม่ข่ายของเว็บไซต์ขัดข้อง (รหัส 5xx)"),
    "http_4xx": _("เว็บไซต์ปฏิเสธคำขอ (รหัส 4xx)"),
    "dns": _("ไม่พบชื่อโดเมนนี้ (DNS) อาจพิมพ์ชื่อเว็บไซต์ผิดหรือโดเมนหมดอายุ"),
    "connect": _("เชื่อมต่อเว็บไซต์ไม่ได้ เครื่องแม่ข่ายอาจปิดอยู่"),
    "timeout": _("เว็บไซต์ตอบช้าเกินกำหนด ผู้ตรวจประเมินอาจเปิดไม่ได้เช่นกัน"),
    "tls": _("ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ใช้ไม่ได้"),
    "redirect_loop": _("ลิงก์ส่งต่อ (redirect) วนซ้ำหรือหลายทอดเกินไป"),
    "bad_url": _("รูปแบบ URL ไม่ถูกต้อง"),
    # Refused before any request (issue 10): the server does not fetch its own network.
    "private_address": _("ที่อยู่นี้ชี้ไปยังเครือข่ายภายใน ระบบไม่ตรวจลิงก์นี้"),
    "bad_scheme": _("ระบบตรวจเฉพาะลิงก์ที่ขึ้นต้นด้วย http:// หรือ https:// จึงไม่ตรวจลิงก์นี้"),
}

# Refusals need their own advice: "fix the file on the website" would not help.
_DETAIL_ADVICE = {
    "private_address": _(
        "ผู้ตรวจประเมินเปิดที่อยู่ภายในเครือข่ายของหน่วยงานจากอินเทอร์เน็ตไม่ได้ "
        "ให้บันทึก URL บนเว็บไซต์หลักของหน่วยงานที่เปิดได้จากภายนอก"
    ),
    "bad_scheme": _("ให้บันทึก URL ของหน้าเว็บหรือไฟล์บนเว็บไซต์หลัก ที่ขึ้นต้นด้วย https:// หรือ http://"),
}

# A link the run's deadline stopped (issue 10): not known to be broken, only not checked.
_DETAIL_WHAT = {
    "deadline": _("ระบบตรวจลิงก์นี้ไม่ทันเวลาที่กำหนดของการตรวจแต่ละครั้ง จึงยังไม่ทราบผล (ไม่ได้แปลว่าลิงก์เสีย)"),
}
_DETAIL_ADVICE["deadline"] = _(
    "เว็บไซต์ตอบช้ามากหรือส่งต่อ (redirect) หลายทอด ให้เปิดลิงก์ด้วยตนเอง "
    "แล้วกดตรวจลิงก์อีกครั้ง หากยังตรวจไม่ทัน ให้บันทึก URL ปลายทางโดยตรง"
)

_ADVICE = {
    Verdict.OK: "",
    Verdict.BROKEN: _("เปิดลิงก์ด้วยตนเอง แก้ไขหรืออัปโหลดไฟล์ใหม่บนเว็บไซต์หลัก แล้วบันทึก URL ใหม่"),
    Verdict.BLOCKED: _(
        "เว็บไซต์ปฏิเสธโปรแกรมตรวจ (เช่น ไฟร์วอลล์หรือจำกัดจำนวนครั้ง) ระบบจึงยืนยันไม่ได้ว่าเปิดได้ "
        "ให้เปิดลิงก์ด้วยตนเองจากเครือข่ายภายนอก และขอผู้ดูแลเว็บไซต์อนุญาตการเข้าถึงจากภายนอก"
    ),
    Verdict.LOGIN_REQUIRED: _(
        "ผู้ตรวจประเมินต้องเปิดได้โดยไม่ต้องเข้าสู่ระบบ ให้นำไฟล์ขึ้นเว็บไซต์หลักของหน่วยงาน "
        "หรือตั้งค่าแชร์เป็น “ทุกคนที่มีลิงก์” แล้วลิงก์จากหน้าเว็บไซต์หลัก"
    ),
    Verdict.OFF_SITE: _(
        "ข้อมูล OIT ต้องเผยแพร่บนเว็บไซต์หลักของหน่วยงาน ให้สร้างหน้าบนเว็บไซต์หลักที่แสดงข้อมูล "
        "หรือไฟล์นี้ แล้วบันทึก URL ของหน้านั้นแทน"
    ),
    Verdict.SOFT_404: _(
        "หน้าเปิดได้แต่ข้อความแจ้งว่าไม่พบข้อมูล หรือถูกส่งกลับหน้าแรก ให้ตรวจว่าไฟล์ยังอยู่ แล้วบันทึก URL ที่แสดงข้อมูลจริง"
    ),
}

_WHAT = {
    Verdict.OK: _("เปิดได้ตามปกติ"),
    Verdict.BLOCKED: _("ระบบตรวจสอบไม่ได้ (ไม่ได้แปลว่าลิงก์เสีย)"),
    Verdict.LOGIN_REQUIRED: _("ลิงก์นี้ต้องเข้าสู่ระบบก่อนจึงจะเห็นข้อมูล (เช่น Google Drive หรือ Facebook)"),
    Verdict.OFF_SITE: _("ลิงก์นี้ไม่ได้อยู่บนเว็บไซต์หลักของหน่วยงาน"),
    Verdict.SOFT_404: _("หน้าเปิดได้ แต่แจ้งว่าไม่พบหน้าหรือไม่พบข้อมูล"),
}

STALE_TEXT = _("ไม่พบปีงบประมาณ พ.ศ. {year} ในหน้านี้หรือในไฟล์ PDF ที่ลิงก์ไว้ อาจเป็นข้อมูลของปีก่อน")
STALE_ADVICE = _("ตรวจว่าเป็นข้อมูลของปีที่ประเมิน และระบุปี พ.ศ. ไว้ในหน้าหรือในไฟล์")


def explain(verdict: str, detail: str = "") -> tuple[str, str]:
    """(what is wrong, how to fix it), in the active language, for one verdict."""
    if detail in _DETAIL_WHAT:
        what = _DETAIL_WHAT[detail]
    elif verdict == Verdict.BROKEN:
        what = _BROKEN_DETAIL.get(detail, _("เปิดลิงก์ไม่ได้"))
    else:
        what = _WHAT.get(verdict, "")
    return str(what), str(_DETAIL_ADVICE.get(detail) or _ADVICE.get(verdict, ""))
