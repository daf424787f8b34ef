"""What every browser test does first: sign in as one of the `world` fixture's users."""

from django.urls import reverse

PASSWORD = "pw-for-tests-1"  # the root conftest's `world` users


def login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form; the cookies of an earlier user are dropped first,
    so a test may switch persons."""
    page.context.clear_cookies()
    page.goto(f"{base_url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")
