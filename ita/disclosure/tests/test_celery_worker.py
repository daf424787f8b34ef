"""With a broker (ITA_CELERY_BROKER_URL), a real Celery worker runs an item's link check: the
request only publishes the task. A worker on Redis at 127.0.0.1:6379 (as in production, here in
this process so that it shares the test database) takes the run from queued to running to done,
writing progress as links finish; the results are stored."""

import time
import uuid

import pytest
from django.urls import reverse

from ita.disclosure import actions, tasks
from ita.disclosure.models import LinkCheck, LinkCheckRun, RunStatus

BROKER = "redis://127.0.0.1:6379/11"  # a database of its own: the cache and surveys use 0


@pytest.fixture
def celery_broker():
    """The project's Celery app pointed at Redis, not eager, on a queue of this test's own."""
    from ita.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(
        broker_url=BROKER, task_always_eager=False, task_default_queue=f"ita-test-{uuid.uuid4()}"
    )
    forget_connections(app)  # made with the old broker URL, if any
    yield app
    app.conf.update(saved)
    forget_connections(app)


def forget_connections(app):
    from conftest import forget_celery_connections

    forget_celery_connections(app)


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_queued_check_with_progress(
    client, site_world, celery_broker, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    w = site_world
    year = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2566)
    o1 = year.items.get(item__code="O1")

    def no_thread(run_id):
        raise AssertionError("with a broker the web process starts no thread")

    monkeypatch.setattr(tasks, "start_in_background", no_thread)
    urls = [w.site.url(f"/slow/400/o1-{n}") for n in range(8)]  # 4 at a time: 2 waves
    with start_worker(celery_broker, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        client.force_login(w.officer)
        response = client.post(
            reverse("disclosure:add_evidence", args=[o1.pk]), {"urls": "\n".join(urls)}
        )
        assert response.status_code == 302
        run = LinkCheckRun.objects.get()
        seen = [(run.status, run.done)]
        deadline = time.monotonic() + 30
        while run.status in (RunStatus.QUEUED, RunStatus.RUNNING) and time.monotonic() < deadline:
            time.sleep(0.05)
            run.refresh_from_db()
            if seen[-1] != (run.status, run.done):
                seen.append((run.status, run.done))
    statuses = [status for status, _ in seen]
    assert run.status == RunStatus.DONE, (seen, run.error)
    assert statuses.index("running") < statuses.index("done")
    assert "queued" not in statuses[statuses.index("running") :]
    moving = [done for status, done in seen if status == "running"]
    assert any(0 < done < 8 for done in moving), seen  # progress seen part way
    assert moving == sorted(moving)
    assert (run.done, run.total, run.problems) == (8, 8, 0)
    assert LinkCheck.objects.filter(link__evidence__item=o1, verdict="ok").count() == 8
    progress = client.get(reverse("disclosure:check_progress", args=[o1.pk])).json()["run"]
    assert progress["text"] == "ตรวจลิงก์แล้ว 8 รายการ เปิดได้ทั้งหมด"


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_cannot_be_reached_fails_the_run_not_the_request(
    client, site_world, celery_broker, monkeypatch
):
    from kombu.exceptions import OperationalError

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_link_check, "apply_async", unreachable)
    w = site_world
    year = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2566)
    o1 = year.items.get(item__code="O1")
    client.force_login(w.officer)
    response = client.post(
        reverse("disclosure:add_evidence", args=[o1.pk]), {"urls": w.site.url("/page/o1")}
    )
    assert response.status_code == 302 and o1.evidence.count() == 1
    run = LinkCheckRun.objects.get()
    assert run.status == RunStatus.FAILED and "ระบบคิวงานไม่พร้อม" in run.error
    page = client.get(response.url).content.decode()
    assert "ส่งงานตรวจลิงก์เข้าคิวไม่ได้" in page
