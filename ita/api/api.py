"""The REST API (issue 13), django-ninja under /api/v1/: read-only, its OpenAPI 3 document at
/api/v1/openapi.json and the docs page beside it (Swagger UI served from our own static files,
no CDN: the page keeps the site's Content-Security-Policy).

Every endpoint asks the access functions the pages ask (agencies.access, improvement.access)
and the public app's rule of what is published; the API adds no rule of its own. A session
cookie is never accepted (auth.py), so a logged-in browser reads only public data here."""

from __future__ import annotations

from ninja import NinjaAPI

from ita.api import errors
from ita.api.endpoints import agencies, disclosure, frameworks, improvement, results, surveys
from ita.api.throttles import ApiThrottle

DESCRIPTION = """ข้อมูลของระบบ ITA สำหรับโปรแกรม: ข้อมูลสาธารณะเรียกได้โดยไม่ต้องยืนยันตัวตน
ข้อมูลภายในของหน่วยงานต้องส่งโทเค็นส่วนตัว (สร้างที่หน้า "บัญชีของฉัน" → "โทเค็นสำหรับ API")
ในส่วนหัว `Authorization: Bearer ita_<prefix>_<secret>` ระบบไม่รับคุกกี้ session
ของเบราว์เซอร์ (กันการเรียกข้ามเว็บไซต์) โทเค็นอ่านได้เท่าที่ผู้ใช้เจ้าของโทเค็นเห็นในหน้าเว็บเท่านั้น

ITA data for programs: public data needs no authentication; an agency's private data needs a
personal access token (made on "My account" → "API tokens") sent as
`Authorization: Bearer ita_<prefix>_<secret>`. Session cookies are not accepted (no cross-site
side door). A token reads exactly what its user may see on the pages. Lists are paginated with
`limit` (1–100) and `offset`; errors are JSON with `detail` (Thai, or English when the request
sends `Accept-Language: en`) and `detail_en` (always English); rate limits answer 429. See
docs/api.md."""

api = NinjaAPI(
    title="ITA API · ระบบบริหารการประเมินคุณธรรมและความโปร่งใส",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    throttle=[ApiThrottle()],
)
errors.install(api)
api.add_router("/agencies", agencies.router)
api.add_router("/agencies", results.router)
api.add_router("/agencies", surveys.router)
api.add_router("/agencies", disclosure.router)
api.add_router("/agencies", improvement.router)
api.add_router("/frameworks", frameworks.router)
