"""Celery for real (issue 14): gunicorn and a `celery worker` as separate processes on
PostgreSQL and Redis, as in production. A 20-agency O42 batch and a link check are started over
HTTP and go through the queue; the worker is SIGKILLed (with its pool) while the batch is part
way; a new worker takes the batch over once the dead run's lease lapses and finishes it after
the documents already made: 20 documents, each agency once, none missing.

The test runs in both passes of the test command: on the SQLite pass it still needs PostgreSQL
(several processes share the database), on the machine's server when 127.0.0.1:5432 answers,
else on a throwaway cluster (helpers/services.py). Its database is its own and dropped after."""

from __future__ import annotations

import json
import re
import time
import uuid
import zipfile
from pathlib import Path

import psycopg

from ita.disclosure.tests.site import SiteThread
from ita.ops.tests.helpers import services
from ita.ops.tests.helpers.services import REDIS, csrf, wait_for

AGENCIES = 20
LEASE = 10  # seconds a running batch may be silent before a redelivered task takes it over


def test_a_batch_whose_worker_is_killed_is_finished_by_the_next_with_each_document_once(
    tmp_path,
):
    started = time.monotonic()
    with SiteThread(["127.0.0.1"]) as site, services.database() as url:
        queue = f"ita-dist-{uuid.uuid4().hex[:10]}"
        env = services.environment(
            url, tmp_path / "var",
            ITA_CELERY_BROKER_URL=f"{REDIS}/12",  # a Redis database of its own
            ITA_CELERY_QUEUE=queue,
            ITA_BATCH_LEASE_SECONDS=str(LEASE),
            ITA_CELERY_VISIBILITY_TIMEOUT="12",  # production: an hour; here the test's patience
        )  # fmt: skip
        running: list[services.Process] = []
        try:
            # The web and the worker start while the database is made (neither reads it yet).
            web, base = services.gunicorn(env, tmp_path, wait=False)
            running.append(web)
            running.append(services.celery_worker(env, tmp_path, "first"))
            services.manage(env, "migrate", "-v", "0")
            migrated = time.monotonic()
            data = json.loads(services.python(
                env, "ita.ops.tests.helpers.seed", "batch", str(AGENCIES), site.url("")
            ))  # fmt: skip
            seeded = time.monotonic()
            services.answering(web, base)
            figures = _run(env, base, data, url, tmp_path, running)
        finally:
            for process in reversed(running):
                process.stop()
            services.forget_queue(f"{REDIS}/12", queue)
    print(
        f"\ndistributed: batch of {AGENCIES} O42 (DOCX); worker SIGKILLed at "
        f"{figures['done_at_kill']}/{AGENCIES}; the next worker finished it "
        f"{figures['finish_after_kill']:.1f} s after the kill, {figures['kept']} documents kept "
        f"from before it (taken over {figures['taken_over']:.1f} s after the kill); link check "
        f"{figures['links']} links ok; whole test {time.monotonic() - started:.1f} s (database "
        f"{migrated - started:.1f} s, data {seeded - migrated:.1f} s, batch before the kill "
        f"{figures['before_kill']:.1f} s)"
    )


def _run(env, base, data, url, tmp_path: Path, running: list) -> dict:
    client = services.login(base, data["username"], data["password"])
    headers = {"Referer": f"{base}/"}
    response = client.post(
        "/documents/batch/new/",
        data={"kind": "o42", "fiscal_year": "2565", "output_format": "docx",
              "agencies": data["agencies"], "csrfmiddlewaretoken": csrf(client)},
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    batch_id = int(re.search(r"/documents/batch/(\d+)/", response.headers["location"])[1])
    response = client.post(
        f"/disclosure/items/{data['item']}/check/",
        data={"csrfmiddlewaretoken": csrf(client)},
        headers=headers,
    )
    assert response.status_code == 302, response.text[:2000]

    media = tmp_path / "var" / "media"
    parts = media / "documents" / "batches" / str(batch_id) / "parts"
    with psycopg.connect(url, autocommit=True) as db:

        def batch():
            return db.execute(
                "SELECT status, done, runner, output, skipped FROM documents_documentbatch "
                "WHERE id = %s",
                [batch_id],
            ).fetchone()

        def part_way():
            row = batch()
            if row[0] not in ("queued", "running"):
                raise AssertionError(f"the batch ended before the kill: {row}")
            return row[1] >= 3

        asked_wall = time.time()
        wait_for(part_way, 90, "the batch part way", every=0.05)
        running[-1].kill()  # the worker and its pool, at once: nothing is acknowledged
        killed_at = time.time()
        status, done_at_kill, runner_at_kill, _, _ = batch()
        made_before = {p.name for p in parts.glob("*.docx")}
        assert status == "running" and 0 < done_at_kill < AGENCIES

        running.append(services.celery_worker(env, tmp_path, "second"))
        wait_for(lambda: batch()[2] != runner_at_kill, 60, "the batch taken over", every=0.05)
        taken_over = time.time() - killed_at
        wait_for(lambda: batch()[0] not in ("queued", "running"), 180, "the batch finished")
        finish_after_kill = time.time() - killed_at
        status, done, runner, output, skipped = batch()
        assert status == "done", running[-1].log()[-4000:]
        assert (done, skipped) == (AGENCIES, [])
        assert runner != runner_at_kill  # taken over by the second worker's run
        taken_over_from = [
            row[0]["runner"]
            for row in db.execute(
                "SELECT before FROM audit_auditevent WHERE action = 'documents.batch_taken_over' "
                "AND object_id = %s ORDER BY id",
                [str(batch_id)],
            )
        ]
        assert taken_over_from[0] == runner_at_kill  # audited, from the dead run

        run_status, links_ok = db.execute(
            "SELECT r.status, (SELECT count(*) FROM disclosure_linkcheck c "
            "JOIN disclosure_evidencelink l ON l.id = c.link_id "
            "JOIN disclosure_evidence e ON e.id = l.evidence_id "
            "WHERE e.item_id = r.item_id AND c.verdict = 'ok') "
            "FROM disclosure_linkcheckrun r WHERE r.item_id = %s",
            [data["item"]],
        ).fetchone()
        assert (run_status, links_ok) == ("done", data["links"])

    with zipfile.ZipFile(media / output) as zf:
        entries = zf.infolist()
    codes = [e.filename.split("-", 2)[0] + "-" + e.filename.split("-", 2)[1] for e in entries]
    assert sorted(codes) == sorted(data["codes"])  # each agency exactly once, none missing
    assert all(e.filename.endswith(".docx") for e in entries)
    assert not parts.exists()  # the parts went into the ZIP
    # The documents made before the kill were kept, not made again: their files in the ZIP are
    # older than the kill (ZIP times are local, to two seconds).
    kill_local = time.localtime(killed_at)[:6]
    kept = [e for e in entries if e.filename in made_before]
    assert len(kept) >= done_at_kill - 1
    assert all(e.date_time <= kill_local for e in kept), [(e.filename, e.date_time) for e in kept]
    return {"done_at_kill": done_at_kill, "taken_over": taken_over,
            "before_kill": killed_at - asked_wall, "finish_after_kill": finish_after_kill,
            "kept": len(kept), "links": links_ok}  # fmt: skip
