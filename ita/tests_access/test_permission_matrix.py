"""Access as a test (issue 10): every URL pattern, with every persona, GET and each POST action.

MATRIX says, for each URL name, how to build its arguments from objects of the OWN agency, what
a minimal valid POST carries, and the status each persona must get. A URL name the resolver
knows and MATRIX does not fails the suite, so a new page cannot ship without deciding who may
open it. Where a persona is refused a POST, the row count of every model (the audit log
included) must be the same afterwards: a refusal that still wrote something is a hole.

Each persona's request runs in a savepoint that is rolled back, so an allowed POST (a wave
closed, a plan submitted) does not change what the next persona sees.

Django admin's generated URLs are not in MATRIX: the admin is staff only, and
test_admin_is_staff_only shows that every non-staff persona is sent to the admin login.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.utils import timezone

from conftest import SEED_002_2565, decimals
from ita.api.tests.matrix import PUBLIC_ARGS, revoke_args
from ita.oversight.tests import matrix as om
from ita.public.tests.matrix import code, publish_all

# --- personas -------------------------------------------------------------------------------

ANON = "anonymous"
RESPONDENT = "respondent"  # anonymous, but holding the own agency's IIT slip and EIT link
OFFICER = "officer"  # own agency
FOREIGN = "foreign_officer"  # officer of an agency in another province
OTHER_HEAD = "other_division_head"  # heads another division of the own agency
EXECUTIVE = "executive"  # own agency
OTHER_COORD = "other_coordinator"  # coordinator of another province
STRAY_ASSESSOR = "stray_assessor"  # an assessor not assigned to the own agency
NATIONAL = "national"

PERSONAS = (
    ANON, RESPONDENT, OFFICER, FOREIGN, OTHER_HEAD, EXECUTIVE, OTHER_COORD, STRAY_ASSESSOR,
    NATIONAL,
)  # fmt: skip
LOGGED_IN = PERSONAS[2:]
OUTSIDERS = (FOREIGN, OTHER_COORD, STRAY_ASSESSOR)  # none may see the own agency
YEAR = 2566  # the disclosure year opened for the own agency
RESULT_YEAR = 2565  # the own agency's official result, analysed in the improvement plan


def expect(default: int | None = None, *, anon: int | None = 302, **by_persona: int) -> dict:
    """Statuses per persona: `default` for every logged-in persona not named, 302 (to the
    login page) for the anonymous and the respondent unless said otherwise."""
    statuses = {p: default for p in LOGGED_IN}
    statuses[ANON] = statuses[RESPONDENT] = anon
    for persona, status in by_persona.items():
        statuses[persona] = status
    missing = [p for p, s in statuses.items() if s is None]
    assert not missing, f"no status for {missing}"
    return statuses


@dataclass(frozen=True)
class Entry:
    args: Callable = lambda o, persona: []  # the URL's arguments, from `o`
    get: dict | None = None  # statuses of a GET, by persona
    post: dict | None = None  # of a POST with `data`; None where POST is no action of the view
    data: Callable = lambda o: {}  # a minimal valid POST payload
    given: Callable = lambda o: None  # objects to build first (for a list page: everything)
    public: bool = False  # the page names the own agency to anyone (a respondent's survey)
    writes: tuple = ()  # personas whose successful POST answers 200 rather than a redirect
    # A hole the matrix found in an app being edited by others: the entry states the correct
    # status and carries pytest.mark.xfail(strict=True, reason=…), removed with the fix.
    marks: tuple = field(default=())


# --- the world, extended with the personas the shared fixture lacks --------------------------


class Objects:
    """The shared `world` plus one object of every kind the URLs name, all of the OWN agency.
    Built lazily: a URL's test builds only what its arguments and payload read."""

    def __init__(self, world, other_division, django_user_model):
        from ita.agencies.models import Membership, Role

        self.w = world
        self.clients: dict[str, Client] = {}
        self.other_division = other_division

        def user(username, **membership):
            u = django_user_model.objects.create_user(username=username, password="pw-tests-1")
            Membership.objects.create(user=u, **membership)
            return u

        self.users = {
            ANON: None,
            RESPONDENT: None,
            OFFICER: world.officer,
            FOREIGN: world.foreign_officer,
            OTHER_HEAD: user(
                "other_head", role=Role.DIVISION_HEAD, agency=world.own, division=other_division
            ),
            EXECUTIVE: world.executive,
            OTHER_COORD: user("other_coord", role=Role.PROVINCE_COORDINATOR,
                              province=world.other_province),
            STRAY_ASSESSOR: user("stray_assessor", role=Role.ASSESSOR, agency=world.foreign),
            NATIONAL: world.national,
        }  # fmt: skip

    # improvement: an approved plan of FY 2565 with one measure of world.division

    @functools.cached_property
    def approved(self):
        from ita.assessments.actions import record_result
        from ita.improvement import actions

        w = self.w
        record_result(
            acting_user=w.officer, agency=w.own, fiscal_year=RESULT_YEAR,
            indicator_scores=decimals(SEED_002_2565),
        )  # fmt: skip
        analysis = actions.start_analysis(
            acting_user=w.officer, agency=w.own, fiscal_year=RESULT_YEAR
        )
        measure = actions.save_measure(
            acting_user=w.officer, analysis=analysis,
            data=actions.MeasureInput(
                title="ประเมินความเสี่ยงการทุจริต", steps="๑. แต่งตั้งคณะทำงาน",
                period="ต.ค. 2565 – ก.ย. 2566", monitoring="รายงานผู้บริหารทุก 6 เดือน",
                division_ids=[w.division.pk], indicators=[10, 8],
            ),
        )  # fmt: skip
        from ita.improvement.tests.fixtures import submit_and_approve

        submit_and_approve(w, analysis)
        analysis.refresh_from_db()
        return analysis, measure

    @functools.cached_property
    def draft(self):
        """A draft plan of FY 2564 with one measure: the planner's POSTs change it."""
        from ita.assessments.actions import record_result
        from ita.improvement import actions

        w = self.w
        record_result(acting_user=w.officer, agency=w.own, fiscal_year=2564,
                      indicator_scores={n: Decimal("88") for n in range(1, 11)})  # fmt: skip
        analysis = actions.start_analysis(acting_user=w.officer, agency=w.own, fiscal_year=2564)
        measure = actions.save_measure(
            acting_user=w.officer, analysis=analysis,
            data=actions.MeasureInput(
                title="ปรับปรุงเว็บไซต์", steps="๑. สำรวจ", period="ต.ค. 2564 – ก.ย. 2565",
                monitoring="รายงานทุก 6 เดือน", division_ids=[w.division.pk], indicators=[9],
            ),
        )  # fmt: skip
        return analysis, measure

    @functools.cached_property
    def submitted(self):
        """The draft plan submitted: its memo's first opinion (a division head's) is due."""
        from ita.improvement import actions

        return actions.submit_plan(acting_user=self.w.officer, analysis=self.draft[0])

    def unplanned_result(self):
        """An official FY 2566 result that has no plan yet (a plan may be started for it)."""
        from ita.assessments.actions import record_result

        record_result(acting_user=self.w.officer, agency=self.w.own, fiscal_year=2566,
                      indicator_scores={n: Decimal("80") for n in range(1, 11)})  # fmt: skip

    @property
    def analysis(self):
        return self.approved[0]

    @property
    def measure(self):
        return self.approved[1]

    @functools.cached_property
    def progress_evidence(self):
        from ita.improvement import actions

        report = actions.report_progress(
            acting_user=self.w.division_head, measure=self.measure, round_month=6,
            data=actions.ProgressInput(
                status="in_progress", percent=40, actions="เริ่มแล้ว",
                files=[SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4 x", "application/pdf")],
            ),
        )  # fmt: skip
        return report.evidence.exclude(file="").get()

    # disclosure: FY 2566 opened, O1 with a file, one risk

    @functools.cached_property
    def year(self):
        from ita.disclosure import actions

        # Nothing listens on port 9: a link check fails at once, without the network.
        self.w.own.website = "http://127.0.0.1:9"
        self.w.own.save(update_fields=["website"])
        return actions.open_year(acting_user=self.w.officer, agency=self.w.own, fiscal_year=YEAR)

    @property
    def item(self):
        return self.year.items.get(item__code="O1")

    @functools.cached_property
    def disclosure_evidence(self):
        from ita.disclosure import actions

        upload = SimpleUploadedFile("โครงสร้าง.pdf", b"%PDF-1.4 x", "application/pdf")
        return actions.add_evidence(acting_user=self.w.officer, item=self.item, urls=[],
                                    explanation="แนบไฟล์", file=upload)  # fmt: skip

    @functools.cached_property
    def risk(self):
        from ita.disclosure import actions

        return actions.add_risk(
            acting_user=self.w.officer, year=self.year, process="การออกใบอนุญาตก่อสร้าง",
            event="เรียกรับเงินเพื่อเร่งออกใบอนุญาต", likelihood=4, impact=4,
            mitigation="ยื่นคำขอออนไลน์ ตรวจสองชั้น",
        )  # fmt: skip

    # surveys: a province campaign (EIT for every agency of แม่ฮ่องสอน) and an IIT wave

    @functools.cached_property
    def campaign(self):
        from ita.surveys import actions

        today = timezone.localdate()
        return actions.open_province_waves(
            acting_user=self.w.coordinator, province=self.w.province, tools=["EIT"],
            fiscal_year=2569, starts_on=today, ends_on=today + dt.timedelta(days=30),
            headcount=20,
        )  # fmt: skip

    @property
    def eit_wave(self):
        return self.campaign.waves.get(agency=self.w.own)

    @functools.cached_property
    def answered_eit_wave(self):
        """The EIT wave with as many answers as the privacy threshold: its export is open."""
        import uuid

        from ita.surveys import actions, rules
        from ita.surveys.queries import questionnaire_of

        wave = self.eit_wave
        questionnaire = questionnaire_of(wave.framework_id, wave.tool)
        chosen = {q.code: [0] * len(q.subs) for q in questionnaire.questions}
        for _ in range(rules.PRIVACY_THRESHOLD):
            actions.submit_response(wave=wave, questionnaire=questionnaire, answers=chosen,
                                    client_id=uuid.uuid4())  # fmt: skip
        return wave

    @functools.cached_property
    def iit(self):
        from ita.surveys import actions

        today = timezone.localdate()
        wave = actions.open_wave(
            acting_user=self.w.officer, agency=self.w.own, tool="IIT", fiscal_year=2569,
            starts_on=today, ends_on=today + dt.timedelta(days=30), population=10,
        )  # fmt: skip
        (slip,) = actions.issue_slips(acting_user=self.w.officer, wave=wave, count=1)
        return wave, slip

    @property
    def iit_wave(self):
        return self.iit[0]

    # documents, results import, frameworks

    @functools.cached_property
    def batch(self):
        from ita.documents.models import DocumentBatch

        batch = DocumentBatch.objects.create(
            requested_by=self.w.officer, kind="memo", fiscal_year=RESULT_YEAR,
            output_format="docx", total=1, done=1, status="done", output="batches/memo.zip",
        )  # fmt: skip
        batch.agencies.set([self.w.own])
        from django.conf import settings

        path = Path(settings.MEDIA_ROOT) / batch.output
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty ZIP
        return batch

    @functools.cached_property
    def pending_import(self):
        from ita.assessments.importing import stage_import

        return stage_import(acting_user=self.w.officer, filename="ผล.csv",
                            content=RESULTS_CSV.encode(), base={})  # fmt: skip


RESULTS_CSV = "agency_code,fiscal_year," + ",".join(f"i{n}" for n in range(1, 11)) + "\n"
RESULTS_CSV += "T-OWN,2566," + ",".join(["90.00"] * 10) + "\n"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 33), "white").save(out, "PNG")
    return out.getvalue()


def _thai_date(days: int = 0) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year + 543}"


# --- the matrix -------------------------------------------------------------------------------

R = expect  # short, the table below is long


def everything(o) -> None:
    """Every object of the own agency, so that a list page has something to leak."""
    for name in ("approved", "progress_evidence", "disclosure_evidence", "risk", "campaign",
                 "iit", "batch", "pending_import"):  # fmt: skip
        getattr(o, name)


def own(o, persona):
    return [o.w.own.pk]


def answers(wave) -> dict:
    """Every sub-question answered with its first option, as a respondent's form sends."""
    import uuid

    from ita.surveys.queries import questionnaire_of

    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    data = {sub.field: "0" for q in questionnaire.questions for sub in q.subs}
    return data | {"client_id": str(uuid.uuid4())}


def _slip(o, persona):
    """The respondent's real slip; everyone else a well-formed slip that was never issued
    (the page opens alike, so polling links tells nothing; an answer with it is refused)."""
    from ita.surveys import tokens

    if persona == RESPONDENT:
        return o.iit[1]
    body = "a" * 16
    return body + tokens._check(body)


MATRIX: dict[str, Entry] = {
    # ops: the load balancer's health check, open to anyone (no secrets in it: ita/ops/tests);
    # POST is refused (405) and writes nothing
    "healthz": Entry(get=R(200, anon=200), post=R(405, anon=405)),
    # the scripts' words in the reader's language (Django's JavaScriptCatalog): anyone, nothing
    # of anybody's data; a POST is no action of it (the view answers GET as well)
    "javascript_catalog": Entry(get=R(200, anon=200)),
    # the Thai/English switch (Django's set_language): anyone, a cookie and nothing stored;
    # back to "next" (or the home page); a GET changes nothing
    "set_language": Entry(
        get=R(302, anon=302), post=R(302, anon=302), data=lambda o: {"language": "en"}
    ),
    # accounts: Django's auth pages are public
    "login": Entry(
        writes=PERSONAS,  # django-axes records every attempt, a failed one too
        get=R(200, anon=200),
        post=R(200, anon=200),
        data=lambda o: {"username": "x", "password": "y"},
    ),
    "logout": Entry(
        writes=PERSONAS,  # the session ends
        get=R(405, anon=405),
        post=R(302),
    ),
    "password_reset": Entry(
        get=R(200, anon=200), post=R(302), data=lambda o: {"email": "x@example.go.th"}
    ),
    "password_reset_done": Entry(get=R(200, anon=200)),
    "password_reset_confirm": Entry(args=lambda o, p: ["MQ", "set-password"], get=R(200, anon=200)),
    "password_reset_complete": Entry(get=R(200, anon=200)),
    "accounts:login_code": Entry(get=R(302), post=R(302), data=lambda o: {"token": "123456"}),
    "accounts:me": Entry(given=everything, get=R(200)),
    "accounts:password_change": Entry(
        get=R(200),
        post=R(200),
        data=lambda o: {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    ),
    "accounts:totp_start": Entry(get=R(405), post=R(302)),
    "accounts:totp_confirm": Entry(get=R(405), post=R(302), data=lambda o: {"token": "123456"}),
    "accounts:totp_remove": Entry(get=R(405), post=R(302), data=lambda o: {"token": "123456"}),
    # surveys
    "surveys:wave_list": Entry(given=everything, get=R(200)),
    "surveys:agency_waves": Entry(
        args=own, get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404)
    ),
    "surveys:wave_new": Entry(
        args=own,
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: {
            "tool": "IIT",
            "fiscal_year": "2569",
            "starts_on": _thai_date(),
            "ends_on": _thai_date(30),
            "population": "10",
        },
    ),
    "surveys:wave_detail": Entry(
        args=lambda o, p: [o.iit_wave.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "surveys:wave_progress": Entry(
        args=lambda o, p: [o.iit_wave.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "surveys:wave_headcount": Entry(
        args=lambda o, p: [o.eit_wave.pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"population": "25"},
    ),
    "surveys:wave_close": Entry(
        args=lambda o, p: [o.iit_wave.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "surveys:wave_slips": Entry(
        writes=(OFFICER, NATIONAL),  # the new slips are shown once, on the page
        args=lambda o, p: [o.iit_wave.pk],
        get=R(404, officer=200, national=200),
        post=R(404, officer=200, national=200),
        data=lambda o: {"count": "2"},
    ),
    "surveys:wave_slips_void": Entry(
        args=lambda o, p: [o.iit_wave.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "surveys:wave_poster": Entry(
        args=lambda o, p: [o.eit_wave.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "surveys:wave_export": Entry(
        args=lambda o, p: [o.answered_eit_wave.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "surveys:province_new": Entry(
        get=R(404, other_coordinator=200, national=200),
        post=R(404, other_coordinator=200, national=302),
        data=lambda o: {
            "province": str(o.w.province.pk),
            "tools": ["IIT"],
            "fiscal_year": "2569",
            "starts_on": _thai_date(),
            "ends_on": _thai_date(30),
            "headcount": "20",
        },
    ),
    "surveys:campaign_detail": Entry(args=lambda o, p: [o.campaign.pk], get=R(404, national=200)),
    "surveys:campaign_posters": Entry(args=lambda o, p: [o.campaign.pk], get=R(404, national=200)),
    "surveys:respond_iit": Entry(
        public=True,  # the respondent is told whose survey it is
        args=lambda o, p: [o.iit_wave.public_code, _slip(o, p)],
        get=R(200, anon=200),
        post=R(409, anon=409, respondent=302),
        data=lambda o: answers(o.iit_wave),
    ),
    "surveys:respond_eit": Entry(
        public=True,  # the respondent is told whose survey it is
        args=lambda o, p: [o.eit_wave.public_code],
        get=R(200, anon=200),
        post=R(302),
        data=lambda o: answers(o.eit_wave),
    ),
    "surveys:thanks": Entry(
        public=True,  # the respondent is told whose survey it is
        args=lambda o, p: [o.eit_wave.public_code],
        get=R(200, anon=200),
    ),
    # disclosure
    "disclosure:index": Entry(given=everything, get=R(302)),
    "disclosure:readiness": Entry(given=everything, get=R(200)),
    "disclosure:year": Entry(
        args=lambda o, p: [o.year.agency_id, YEAR],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "disclosure:open_year": Entry(
        args=lambda o, p: [o.w.own.pk, 2567], get=R(405), post=R(404, officer=302, national=302)
    ),
    "disclosure:page": Entry(
        args=lambda o, p: [o.year.agency_id, YEAR],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "disclosure:risks": Entry(
        args=lambda o, p: [o.year.agency_id, YEAR],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
        post=R(404, officer=302, national=302),
        data=lambda o: {
            "process": "การจัดซื้อจัดจ้าง",
            "event": "ล็อกสเปก",
            "likelihood": "3",
            "impact": "4",
            "mitigation": "เปิดเผยร่างขอบเขตงาน",
            "owner_division": "",
        },
    ),
    "disclosure:risk_follow_up": Entry(
        args=lambda o, p: [o.risk.pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {
            "reported_on": _thai_date(),
            "status": "in_progress",
            "progress": "ดำเนินการแล้ว",
        },
    ),
    "disclosure:risk_delete": Entry(
        args=lambda o, p: [o.risk.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "disclosure:item": Entry(
        args=lambda o, p: [o.item.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "disclosure:add_evidence": Entry(
        args=lambda o, p: [o.item.pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"urls": "http://127.0.0.1:9/o1", "explanation": "หน้าโครงสร้าง"},
    ),
    "disclosure:take_over": Entry(
        args=lambda o, p: [o.item.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "disclosure:check_links": Entry(
        args=lambda o, p: [o.item.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "disclosure:check_progress": Entry(  # readers of the item see its check's progress
        args=lambda o, p: [o.item.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "disclosure:assign": Entry(
        args=lambda o, p: [o.item.pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"division": str(o.w.division.pk), "due_date": _thai_date(10)},
    ),
    "disclosure:mark_ready": Entry(
        args=lambda o, p: [o.disclosure_evidence.item_id],
        get=R(405),
        post=R(404, officer=302, national=302),
    ),
    "disclosure:review": Entry(
        args=lambda o, p: [o.disclosure_evidence.item_id],
        get=R(405),
        post=R(404, national=302),
        data=lambda o: {"accepted": "no", "comment": "ไม่ครบ"},
    ),
    "disclosure:answer": Entry(
        args=lambda o, p: [o.disclosure_evidence.item_id],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"reply": "แก้แล้ว", "urls": "http://127.0.0.1:9/o1b"},
    ),
    "disclosure:evidence_file": Entry(
        args=lambda o, p: [o.disclosure_evidence.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    # improvement
    "improvement:agency_plans": Entry(
        args=own,
        given=Objects.unplanned_result,
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
        post=R(404, officer=302, national=302),
        data=lambda o: {"fiscal_year": "2566"},
    ),
    "improvement:analysis": Entry(
        args=lambda o, p: [o.analysis.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "improvement:analysis_edit": Entry(
        args=lambda o, p: [o.analysis.pk],
        get=R(404, officer=200, national=200),
        post=R(404, officer=200, national=200),
    ),
    "improvement:comments_add": Entry(
        args=lambda o, p: [o.draft[0].pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"tool": "IIT", "text": "ควรเปิดเผยข้อมูล"},
    ),
    "improvement:recommendations_add": Entry(
        args=lambda o, p: [o.draft[0].pk],
        get=R(405),
        post=R(404, officer=302, national=302),
        data=lambda o: {"text": "O36: จัดอบรมเรื่องผลประโยชน์ทับซ้อน"},
    ),
    "improvement:measure_new": Entry(
        args=lambda o, p: [o.draft[0].pk],
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: MEASURE | {"divisions": [o.w.division.pk]},
    ),
    "improvement:measure_edit": Entry(
        args=lambda o, p: [o.draft[0].pk, o.draft[1].pk],
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: MEASURE | {"divisions": [o.w.division.pk]},
    ),
    "improvement:measure_delete": Entry(
        args=lambda o, p: [o.draft[0].pk, o.draft[1].pk],
        get=R(405),
        post=R(404, officer=302, national=302),
    ),
    "improvement:plan_transition": Entry(
        args=lambda o, p: [o.draft[0].pk, "submit"],
        get=R(405),
        post=R(404, officer=302, national=302),
    ),
    "improvement:opinion_give": Entry(
        args=lambda o, p: [o.submitted.pk],
        get=R(405),
        # the chain's next step is a division head's (agencies.chains), or the national admin
        post=R(404, other_division_head=302, national=302),
        data=lambda o: {"text": "เห็นควรอนุมัติ"},
    ),
    "improvement:garuda": Entry(
        args=own,
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
        post=R(404, officer=302, national=302),
        data=lambda o: {"image": SimpleUploadedFile("ครุฑ.png", _png(), "image/png")},
    ),
    "improvement:progress_dashboard": Entry(
        args=lambda o, p: [o.analysis.pk],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "improvement:progress_report": Entry(
        args=lambda o, p: [o.measure.pk, 6],
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: {"status": "in_progress", "percent": "50", "actions": "แต่งตั้งคณะทำงานแล้ว"},
    ),
    "improvement:my_measures": Entry(given=everything, get=R(200)),
    "improvement:evidence_file": Entry(
        args=lambda o, p: [o.progress_evidence.pk],
        # another division's evidence is not a division head's (improvement.access)
        get=R(
            200,
            foreign_officer=404,
            other_coordinator=404,
            stray_assessor=404,
            other_division_head=404,
        ),
    ),
    # documents
    "documents:agency": Entry(
        args=own, get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404)
    ),
    "documents:batch_list": Entry(given=everything, get=R(200)),
    "documents:batch_new": Entry(
        given=everything,
        get=R(200, other_division_head=404, executive=404, stray_assessor=404),
        post=R(404, officer=302, foreign_officer=200, other_coordinator=200, national=302),
        data=lambda o: {
            "kind": "memo",
            "fiscal_year": str(RESULT_YEAR),
            "output_format": "docx",
            "agencies": [o.w.own.pk],
        },
    ),
    "documents:batch": Entry(args=lambda o, p: [o.batch.pk], get=R(404, officer=200, national=200)),
    # a finished batch: the owner's resume is refused with a message (302), nothing changes
    "documents:batch_resume": Entry(
        args=lambda o, p: [o.batch.pk], get=R(405), post=R(404, officer=302, national=302)
    ),
    "documents:batch_download": Entry(
        args=lambda o, p: [o.batch.pk], get=R(404, officer=200, national=200)
    ),
    "analysis_document": Entry(
        args=lambda o, p: [o.analysis.pk, "memo", "docx"],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "version_document": Entry(
        args=lambda o, p: [o.analysis.pk, 1, "memo", "docx"],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    # frameworks
    "frameworks:list": Entry(given=everything, get=R(404, national=200)),
    "frameworks:upload": Entry(
        get=R(405),
        post=R(404, national=400),
        data=lambda o: {"file": SimpleUploadedFile("x.yaml", b"code: x\n")},
    ),
    "frameworks:confirm": Entry(
        get=R(405), post=R(404, national=302), data=lambda o: {"token": "x", "checksum": "y"}
    ),
    "frameworks:cancel": Entry(
        get=R(405), post=R(404, national=302), data=lambda o: {"token": "x"}
    ),
    "frameworks:workbook": Entry(args=lambda o, p: ["ita-2569"], get=R(404, national=200)),
    # assessments
    "home": Entry(given=everything, get=R(200)),
    "agency_detail": Entry(
        args=own, get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404)
    ),
    "result_edit": Entry(
        args=own,
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: (
            {"fiscal_year": "2566", "confirm": "1"} | {f"i{n}": "90.00" for n in range(1, 11)}
        ),
    ),
    "result_detail": Entry(
        args=lambda o, p: [o.analysis.agency_id, RESULT_YEAR],
        get=R(200, foreign_officer=404, other_coordinator=404, stray_assessor=404),
    ),
    "import_results": Entry(
        given=everything,
        get=R(200, other_division_head=404, executive=404, stray_assessor=404),
        post=R(404, officer=302, foreign_officer=200, other_coordinator=200, national=302),
        data=lambda o: {"file": SimpleUploadedFile("ผล.csv", RESULTS_CSV.encode())},
    ),
    "import_confirm": Entry(
        args=lambda o, p: [o.pending_import.pk], get=R(405), post=R(404, officer=302)
    ),
    "import_cancel": Entry(
        args=lambda o, p: [o.pending_import.pk], get=R(405), post=R(404, officer=302)
    ),
    "import_template": Entry(args=lambda o, p: ["csv"], get=R(200)),
    "what_if": Entry(given=everything, get=R(200)),
    # oversight: a province's coordinator and national administrators only (the own province's
    # coordinator is not a persona here; oversight/tests/test_dashboards.py opens it as them)
    "oversight:index": Entry(given=everything, get=R(404, other_coordinator=302, national=302)),
    "oversight:national": Entry(given=everything, get=R(404, national=200)),
    "oversight:province": Entry(
        given=everything, args=lambda o, p: [o.w.province.pk], get=R(404, national=200)
    ),
    "oversight:province_export": Entry(
        given=everything, args=lambda o, p: [o.w.province.pk, "xlsx"], get=R(404, national=200)
    ),
    # the province report: no result in the default year here, so the national admin is sent
    # back to the dashboard with a Thai message; the file itself: oversight/tests/test_report_views
    "oversight:province_report": Entry(
        given=everything, args=lambda o, p: [o.w.province.pk, "pdf"], get=R(404, national=302)
    ),
    # oversight's meetings log: the province's coordinator and national administrators keep it;
    # a follow-up is also its owner agency's officer's and executive's (ita/oversight/tests)
    "oversight:meetings": Entry(given=om.given, args=om.province, get=R(404, national=200)),
    "oversight:meeting_new": Entry(
        args=om.province,
        get=R(404, national=200),
        post=R(404, national=302),
        data=om.meeting_data,
    ),
    "oversight:meeting": Entry(args=om.meeting, get=R(404, national=200)),
    "oversight:meeting_edit": Entry(
        args=om.meeting,
        get=R(404, national=200),
        post=R(404, national=302),
        data=om.meeting_data,
    ),
    "oversight:issue_add": Entry(
        args=om.meeting, get=R(405), post=R(404, national=302), data=om.issue_data
    ),
    "oversight:followup_add": Entry(
        args=om.meeting, get=R(405), post=R(404, national=302), data=om.followup_data
    ),
    "oversight:followup_close": Entry(
        args=om.answered_followup, get=R(405), post=R(404, national=302)
    ),
    "oversight:followup_answer": Entry(
        args=om.open_followup,
        get=R(404, officer=200, executive=200),
        post=R(404, officer=302, executive=302),
        data=om.answer_data,
    ),
    "oversight:committee_new": Entry(
        args=om.province,
        get=R(404, national=200),
        post=R(404, national=302),
        data=om.committee_data,
    ),
    "oversight:committee": Entry(args=om.committee, get=R(404, national=200)),
    "oversight:committee_edit": Entry(
        args=om.committee,
        get=R(404, national=200),
        post=R(404, national=302),
        data=om.committee_data,
    ),
    "oversight:member_remove": Entry(args=om.member, get=R(405), post=R(404, national=302)),
    "oversight:followup_edit": Entry(
        args=om.open_followup,
        get=R(404, national=200),
        post=R(404, national=302),
        data=om.followup_data,
    ),
    "oversight:member_add": Entry(
        args=om.committee, get=R(405), post=R(404, national=302), data=om.member_data
    ),
    "oversight:agency_followups": Entry(
        given=om.given, args=own, get=R(404, officer=200, executive=200, national=200)
    ),
    # public (issue 13): no login; what the own agency published opens for everyone (404 for
    # what it did not: ita/public/tests); the decision is its officer's and the national admin's
    "public:index": Entry(public=True, given=publish_all, get=R(200, anon=200)),
    "public:agency": Entry(public=True, given=publish_all, args=code, get=R(200, anon=200)),
    "public:result": Entry(
        public=True, given=publish_all, args=lambda o, p: [*code(o, p), 2565], get=R(200, anon=200)
    ),
    "public:document": Entry(
        public=True,
        given=publish_all,
        args=lambda o, p: [*code(o, p), 2565, "memo", "docx"],
        get=R(200, anon=200),
    ),
    "public:o43": Entry(
        public=True,
        given=publish_all,
        args=lambda o, p: [*code(o, p), 2565, 6, "docx"],
        get=R(200, anon=200),
    ),
    "public:disclosure": Entry(
        public=True, given=publish_all, args=lambda o, p: [*code(o, p), 2566], get=R(200, anon=200)
    ),
    "public:disclosure_embed": Entry(
        public=True, given=publish_all, args=lambda o, p: [*code(o, p), 2566], get=R(200, anon=200)
    ),
    "public:province": Entry(
        public=True, given=publish_all, args=lambda o, p: [o.w.province.code], get=R(200, anon=200)
    ),
    "public:data": Entry(public=True, given=publish_all, get=R(200, anon=200)),
    "public:sitemap": Entry(public=True, given=publish_all, get=R(200, anon=200)),
    # a part of the sitemap index: none while one file holds every page (404 for everyone)
    "public:sitemap_part": Entry(
        given=publish_all, args=lambda o, persona: [1], get=R(404, anon=404)
    ),
    "public:data_schema": Entry(get=R(200, anon=200)),
    "public:datapackage": Entry(
        public=True, given=publish_all, args=lambda o, p: [2565], get=R(200, anon=200)
    ),
    "public:data_file": Entry(
        public=True, given=publish_all, args=lambda o, p: [2565, "csv"], get=R(200, anon=200)
    ),
    "public:manage": Entry(
        args=own,
        given=lambda o: o.approved,
        get=R(404, officer=200, national=200),
        post=R(404, officer=302, national=302),
        data=lambda o: {"decision": "publish", "kind": "result", "fiscal_year": str(RESULT_YEAR)},
    ),
    # REST API (issue 13): no session is read (ita/api/tests/matrix.py), so every persona is
    # anonymous to it; the own agency's published things answer 200, its private surveys 401
    **{
        f"api:{name}": Entry(public=True, given=publish_all, args=args, get=R(200, anon=200))
        for name, args in PUBLIC_ARGS.items()
    },
    "api:surveys": Entry(given=everything, args=code, get=R(401, anon=401)),
    "api:openapi-json": Entry(get=R(200, anon=200)),
    "api:openapi-view": Entry(get=R(200, anon=200)),
    "api:api-root": Entry(get=R(200, anon=200)),  # answered by api_index, listed before it
    "api_index": Entry(get=R(200, anon=200)),
    "api_not_found": Entry(args=lambda o, p: ["no/such/thing"], get=R(404, anon=404)),
    "tokens:index": Entry(
        get=R(200), post=R(200), writes=LOGGED_IN, data=lambda o: {"name": "โปรแกรมรายงาน"}
    ),
    "tokens:revoke": Entry(args=revoke_args, get=R(405), post=R(404, officer=302)),
    # work queues (issue 12): each page for the role it lists, of the user's own agencies only
    "work:inbox": Entry(given=everything, get=R(404, executive=200, other_division_head=200)),
    "work:queue": Entry(given=everything, get=R(404, stray_assessor=200)),
    "work:todo": Entry(given=everything, get=R(404, officer=200, foreign_officer=200)),
    "work:notifications": Entry(given=everything, get=R(200)),
    "work:bell": Entry(given=everything, get=R(200)),
    "work:notifications_read": Entry(given=everything, get=R(405), post=R(302)),
    "work:notification_open": Entry(
        args=lambda o, p: [_officers_notification(o)], get=R(405), post=R(404, officer=302)
    ),
    "work:notification_preference": Entry(
        get=R(405), post=R(302), data=lambda o: {"delivery": "digest"}
    ),
}


def _officers_notification(o) -> int:
    """A notification of the own agency's officer (another user's is 404)."""
    from ita.notifications.models import Delivery, Kind, Notification

    if not hasattr(o, "notification"):
        o.notification = Notification.objects.create(
            recipient=o.w.officer, kind=Kind.PLAN_RETURNED, subject="แผนถูกส่งกลับ",
            url="/work/todo/", agency=o.w.own, delivery=Delivery.IN_APP,
        )  # fmt: skip
    return o.notification.pk


MEASURE = {
    "title": "เปิดเผยข้อมูลการจัดซื้อ", "steps": "๑. จัดทำประกาศ", "period": "ต.ค. 2565 – ก.ย. 2566",
    "monitoring": "รายงานทุก 6 เดือน", "indicators": ["10"], "round_months": ["6", "12"],
}  # fmt: skip

# Actions whose success must add an audit event: this also shows that their payload is valid,
# so that the refusals above refuse something that would have happened.
AUDITED = {
    "surveys:wave_new", "surveys:wave_headcount", "surveys:wave_close", "surveys:wave_slips",
    "surveys:wave_slips_void", "surveys:province_new", "disclosure:open_year", "disclosure:risks",
    "disclosure:risk_follow_up", "disclosure:risk_delete", "disclosure:add_evidence",
    "disclosure:assign", "disclosure:mark_ready", "disclosure:review",
    "improvement:agency_plans", "improvement:comments_add", "improvement:recommendations_add",
    "improvement:measure_new", "improvement:measure_edit", "improvement:measure_delete",
    "improvement:plan_transition", "improvement:progress_report", "documents:batch_new",
    "improvement:opinion_give", "improvement:garuda",
    "oversight:meeting_new", "oversight:meeting_edit", "oversight:issue_add",
    "oversight:followup_add", "oversight:followup_close", "oversight:followup_answer",
    "oversight:committee_new", "oversight:member_add", "oversight:committee_edit",
    "oversight:member_remove", "oversight:followup_edit",
    "result_edit", "import_results", "import_confirm", "import_cancel", "public:manage",
    "tokens:index", "tokens:revoke",
    "work:notification_open", "work:notification_preference",
}  # fmt: skip


def _audit_table() -> str:
    from ita.audit.models import AuditEvent

    return AuditEvent._meta.db_table


# Django admin's generated URLs and static files: covered by test_admin_is_staff_only.
NOT_IN_MATRIX = {"admin"}  # namespaces


def url_names() -> list[str]:
    def walk(patterns, namespace=()):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = namespace + ((p.namespace,) if p.namespace else ())
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern):
                yield ":".join((*namespace, p.name or f"<unnamed {p.pattern}>"))

    names = walk(get_resolver().url_patterns)
    return sorted({n for n in names if n.split(":")[0] not in NOT_IN_MATRIX})


def row_counts() -> dict[str, int]:
    """The row count of every table, in one query (a snapshot per refused request)."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    tables = sorted({m._meta.db_table for m in models})
    q = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {q(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def request(o, name: str, entry: Entry, persona: str, method: str):
    """One persona's request, in a savepoint rolled back afterwards, with the row counts
    before and after a POST. One client per persona: its session is created outside the
    savepoints, so a request that ends it (logout) leaves it to the next one."""
    client = o.clients.get(persona)
    if client is None:
        client = o.clients[persona] = Client()
        if o.users[persona] is not None:
            client.force_login(o.users[persona])
    url = reverse(name, args=entry.args(o, persona))
    with transaction.atomic():
        before = row_counts() if method == "post" else None
        response = client.post(url, entry.data(o)) if method == "post" else client.get(url)
        after = row_counts() if method == "post" else None
        transaction.set_rollback(True)
    return response, before, after


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def o(world, other_division, django_user_model, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return Objects(world, other_division, django_user_model)


def test_every_url_pattern_has_an_entry():
    missing = [name for name in url_names() if name not in MATRIX]
    assert not missing, f"URL patterns without an entry in MATRIX: {missing}"
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"MATRIX entries for URL names that no longer exist: {stale}"
    assert sorted(AUDITED - set(MATRIX)) == []


# ITA_MATRIX_PROBE=<file>: write what each persona gets instead of asserting (to draft the entry
# of a new URL; the statuses written must still be judged, not copied blindly).
PROBE = os.environ.get("ITA_MATRIX_PROBE")


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=e.marks) for n, e in MATRIX.items()]
)  # fmt: skip
def test_permission_matrix(o, name):
    entry = MATRIX[name]
    observed, failures = {}, []
    entry.given(o)
    for method in ("get", "post"):
        expected = getattr(entry, method)
        if expected is None and not PROBE:
            continue
        for persona in PERSONAS:
            response, before, after = request(o, name, entry, persona, method)
            got = observed[(method, persona)] = response.status_code
            if expected and got != expected[persona]:
                failures.append(
                    f"{method.upper()} as {persona}: {got}, expected {expected[persona]}"
                )
            if method == "get" and persona in OUTSIDERS and _names_own_agency(o, entry, response):
                failures.append(f"GET as {persona} shows the own agency's name")
            if method == "post":
                failures += _write_failures(name, entry, persona, response, before, after)
    if PROBE:
        with open(PROBE, "a") as out:
            out.write(f"{name!r}: {observed!r},\n")
        return
    assert not failures, "\n".join(failures)


def _write_failures(name, entry, persona, response, before, after) -> list[str]:
    """A refused POST changed no row; a successful one of an AUDITED action left its event."""
    got, audit = response.status_code, _audit_table()
    if not _may_write(entry, persona, response):
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        return [f"POST as {persona} was refused ({got}) but changed {changed}"] if changed else []
    if name in AUDITED and after[audit] <= before[audit]:
        return [f"POST as {persona} succeeded ({got}) but wrote no audit event"]
    return []


def _names_own_agency(o, entry: Entry, response) -> bool:
    """A page an outsider may open (a list, a form) must not name an agency outside their
    reach: list pages are filtered, not just their links."""
    if entry.public or response.status_code != 200 or response.streaming:
        return False
    return o.w.own.name in response.content.decode(errors="replace")


def _may_write(entry: Entry, persona: str, response) -> bool:
    """A POST may change rows when it succeeded (a redirect elsewhere than the login page) or
    when the entry lists the persona as one whose success is a page (slips, a survey answer)."""
    if persona in entry.writes:
        return True
    return response.status_code == 302 and not _login_redirect(response)


def test_admin_is_staff_only(o):
    """Every admin page without arguments (index, lists, add forms) sends each non-staff
    persona, the national administrator included, to the admin's login."""
    from django.urls import NoReverseMatch

    names = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            names = [p.name for p in pattern.url_patterns if getattr(p, "name", None)]
            names += [
                p.name
                for r in pattern.url_patterns
                if isinstance(r, URLResolver)
                for p in r.url_patterns
                if getattr(p, "name", None)
            ]
    urls = []
    for name in names:
        try:
            urls.append(reverse(f"admin:{name}"))
        except NoReverseMatch:
            continue
    assert len(urls) > 10
    login = reverse("admin:login")
    for persona in (ANON, OFFICER, NATIONAL):
        client = Client()
        if o.users[persona]:
            client.force_login(o.users[persona])
        for url in urls:
            if url in (login, reverse("admin:logout")):
                continue
            response = client.get(url)
            assert response.status_code == 302, (persona, url)
            assert response["Location"].startswith(login), (persona, url)


def _unlisted_view(request):
    raise AssertionError("never called")


# A URL configuration with one page more than MATRIX knows (test_a_new_url_without_an_entry…).
urlpatterns = [
    path("", include("ita.urls")),
    path("matrix-test/new-page/", _unlisted_view, name="new_page"),
]


def test_a_new_url_without_an_entry_is_named(settings):
    settings.ROOT_URLCONF = __name__
    with pytest.raises(AssertionError, match="without an entry in MATRIX: \\['new_page'\\]"):
        test_every_url_pattern_has_an_entry()


def test_row_counts_see_a_new_row_anywhere(world):
    from ita.audit.log import record
    from ita.audit.models import AuditEvent

    before = row_counts()
    record(actor=world.officer, action="matrix.test", obj=world.own, agency=world.own)
    after = row_counts()
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {AuditEvent._meta.db_table}
