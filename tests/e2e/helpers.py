"""Steps the browser journeys share."""

# The password of the staff fixtures in tests/conftest.py.
STAFF_PASSWORD = "a-long-test-password"


def admin_login(page, base_url: str, username: str, password: str = STAFF_PASSWORD) -> None:
    """Sign in to the admin as a staff user and wait for its index page."""
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_url(base_url + "/admin/")
