"""The mark the demo leaves on the results it made up (the note of their revisions), so that
pages and documents never print a synthetic score as if the NACC had published it (the seed
agencies' results are real)."""

SYNTHETIC_NOTE = "ข้อมูลสมมติเพื่อการสาธิต ไม่ใช่ผลการประเมินอย่างเป็นทางการ"
