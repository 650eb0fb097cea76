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


# Counts the page's fetches and, once each has been answered and the page's own
# handlers have run (promise callbacks: they run before the next task), settles the
# promise `__fetchesAnswered()` returns. The next task is a MessageChannel message,
# which the fake clock does not control.
_ANSWERED_FETCHES = """
(() => {
  const realFetch = window.fetch.bind(window);
  const channel = new MessageChannel();
  let pending = 0;
  let waiting = [];
  channel.port1.onmessage = () => {
    pending -= 1;
    if (!pending) { waiting.splice(0).forEach((resolve) => resolve()); }
  };
  const nextTask = () => channel.port2.postMessage(null);
  window.fetch = (...args) => {
    pending += 1;
    const request = realFetch(...args);
    request.then(nextTask, nextTask);
    return request;
  };
  window.__fetchesAnswered = () =>
    pending ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve();
})();
"""


def install_fake_clock(page) -> None:
    """Give the page a fake clock that `advance` runs (call before `goto`)."""
    page.add_init_script(_ANSWERED_FETCHES)
    page.clock.install()


def advance(page, ms: int, step: int = 500) -> None:
    """Run the page's fake clock in steps; after each, wait for the answer to any
    fetch (a poll) the step made, and for the page to handle it, so the next
    poll is scheduled on the fake clock before it moves on. No fixed waits."""
    for _ in range(ms // step):
        page.clock.run_for(step)
        page.evaluate("() => window.__fetchesAnswered()")
