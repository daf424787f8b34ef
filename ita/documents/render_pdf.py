"""Document → PDF: the HTML rendering printed by Debian's Chromium through Playwright.

Chromium gives a real Thai text layer (pdftotext returns the words as written) and embeds the
fonts; WeasyPrint was rejected because its ToUnicode map turns "การ" into "กำร".

One browser per process, started on first use and reused for every document (starting it
costs about a second; printing a page costs a fraction of that). Playwright's sync API belongs
to the thread that started it, so the browser lives in one worker thread and every caller, from
any thread, hands it work through a queue: thread-safe, and a batch can build the next DOCX
while Chromium prints the previous PDF (`render_pdf_async`)."""

from __future__ import annotations

import atexit
import os
import queue
import threading
from concurrent.futures import Future

from ita.documents.content import Document
from ita.documents.render_html import render_html

CHROMIUM = os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # nothing may reach the internet
    "--disable-component-update",
]
TIMEOUT_S = 120


class _Printer:
    """The worker thread that owns Playwright, the browser and one reusable page."""

    def __init__(self):
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, html: str) -> Future:
        future: Future = Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ita-pdf", daemon=True)
                self._thread.start()
            self._jobs.put((html, future))
        return future

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._jobs.put(None)
            thread.join(timeout=10)

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    self._serve(browser)
                finally:
                    browser.close()
        except Exception as exc:  # the browser could not start or died: fail what waits
            self._fail_pending(exc)

    def _serve(self, browser) -> None:
        page = browser.new_page()
        while True:
            job = self._jobs.get()
            if job is None:
                return
            html, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                page.set_content(html, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                future.set_result(page.pdf(prefer_css_page_size=True, print_background=True))
            except Exception as exc:
                future.set_exception(exc)
                if not browser.is_connected():
                    raise
                page.close()
                page = browser.new_page()  # a page in an unknown state is not reused

    def _fail_pending(self, exc: Exception) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None and job[1].set_running_or_notify_cancel():
                job[1].set_exception(exc)


_printer = _Printer()
atexit.register(_printer.stop)


def render_pdf_async(doc: Document) -> Future:
    """Start printing; the Future's result is the PDF bytes."""
    return _printer.submit(render_html(doc))


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes (blocks until Chromium has printed it)."""
    return render_pdf_async(doc).result(timeout=TIMEOUT_S)


def shutdown() -> None:
    """Close the browser (tests, the benchmark's cold measurement)."""
    _printer.stop()
