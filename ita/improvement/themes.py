"""Themes in respondents' free-text comments: PyThaiNLP word tokenisation, keyword counts per
theme. Shown only from MIN_COMMENTS comments on, so a handful of comments cannot be traced back
to the people who wrote them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MIN_COMMENTS = 5

# Themes an ITA officer recognises, each with the words that signal it. Data, not logic:
# extend it as agencies' comments show new themes.
THEMES: dict[str, tuple[str, ...]] = {
    "การให้บริการและขั้นตอน": ("บริการ", "ขั้นตอน", "ล่าช้า", "รอ", "คิว", "สะดวก", "รวดเร็ว"),
    "การเปิดเผยและสื่อสารข้อมูล": ("ข้อมูล", "เว็บไซต์", "ประชาสัมพันธ์", "ประกาศ", "เผยแพร่", "ช่องทาง"),
    "สินบนและผลประโยชน์": ("สินบน", "เงิน", "ของขวัญ", "ผลประโยชน์", "เรียกรับ", "ค่าน้ำร้อน"),
    "การใช้งบประมาณและพัสดุ": ("งบประมาณ", "จัดซื้อ", "จัดจ้าง", "พัสดุ", "เบิกจ่าย"),
    "การใช้อำนาจและความเป็นธรรม": ("เลือกปฏิบัติ", "เป็นธรรม", "พวกพ้อง", "ผู้บังคับบัญชา", "มอบหมาย"),
    "ทรัพย์สินของราชการ": ("ทรัพย์สิน", "รถ", "ยืม", "อุปกรณ์", "ส่วนตัว"),
    "การร้องเรียนและการแก้ไขปัญหาการทุจริต": ("ร้องเรียน", "ทุจริต", "แจ้ง", "ตรวจสอบ"),
}


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    comments: int
    keywords: list[tuple[str, int]]


def tokenise(text: str) -> list[str]:
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    stop = thai_stopwords()
    return [
        w.strip()
        for w in word_tokenize(text, engine="newmm", keep_whitespace=False)
        if w.strip() and w.strip() not in stop and not w.strip().isdigit() and len(w.strip()) > 1
    ]


def comment_themes(comments: Sequence[str]) -> list[ThemeCount] | None:
    """None when there are too few comments to show anything."""
    if len(comments) < MIN_COMMENTS:
        return None
    tokenised = [tokenise(c) for c in comments]
    result = []
    for theme, keywords in THEMES.items():
        hits = Counter()
        matched = 0
        for words in tokenised:
            found = [w for w in words if any(k in w for k in keywords)]
            hits.update(found)
            matched += bool(found)
        if matched:
            result.append(ThemeCount(theme, matched, hits.most_common(5)))
    return sorted(result, key=lambda t: -t.comments)


def top_words(comments: Sequence[str], n: int = 10) -> list[tuple[str, int]] | None:
    if len(comments) < MIN_COMMENTS:
        return None
    return Counter(w for c in comments for w in tokenise(c)).most_common(n)
