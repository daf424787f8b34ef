"""What every browser test does first: sign in as one of the `world` fixture's users."""

from django.urls import reverse

PASSWORD = "pw-for-tests-1"  # the root conftest's `world` users


def login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form; the cookies of an earlier user are dropped first,
    so a test may switch persons."""
    # Leave the earlier page first: its bell (an htmx request on load) may still be in flight,
    # and answered after the cookies are cleared it is sent to the login page, which sets a
    # second CSRF cookie, and the form's token no longer matches (403; seen in CI).
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base_url}{reverse('login')}", wait_until="networkidle")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")
