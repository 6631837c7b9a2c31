"""The browser harness: Debian's Chromium driven by Playwright against the live server.

Every test under tests/browser/ is marked `browser` and skipped when Chromium is
missing. A journey uses these fixtures:

- `journey`: a `Journey` on a fresh desktop page. `journey.goto(path)` and
  `journey.click(locator)` (a click that loads a new page) check the response status,
  the browser's console and axe-core after every page load.
- `phone_journey`: the same on a 375×800 touch screen.
- `new_journey(**context_options)`: another `Journey` with its own browser context
  (its own cookies), e.g. a second user, or `new_journey(locale="ar-IQ")`.
- `page` / `new_page(**context_options)`: the bare Playwright pages underneath, for a
  test that drives the browser itself; call `check_a11y(page)` after each page load.
- `browser_errors`: what the console reported (errors, uncaught exceptions, Content
  Security Policy violations) for every page of the test; the test fails at teardown
  unless it stayed empty.

Pages open relative paths against `live_server.url`; uploaded media are served there
(pyproject.toml's pytest env sets DJANGO_SERVE_MEDIA=1).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Response,
    sync_playwright,
)

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
TIMEOUT_MS = 15_000
HERE = Path(__file__).resolve().parent

# Reader pages fail on any axe violation. The Django admin is Django's own markup, which
# we cannot fix: on /admin/ pages axe still runs, but only "critical" and "serious"
# violations fail a journey, and not those found only inside the select2 widgets of
# Django's autocomplete fields (Django renders them with an empty placeholder, so their
# search box and selection have no accessible name). Tolerated violations are printed
# with the test's output.
ADMIN_PREFIX = "/admin/"
ADMIN_FAILING_IMPACTS = {"critical", "serious"}
ADMIN_TOLERATED_WIDGET = "select2"

_axe = Axe()


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`; skip them all when Chromium is missing."""
    missing = not Path(CHROMIUM).is_file()
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; apt-get install chromium")
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(skip)


# --- The browser ------------------------------------------------------------------------
# Package scope: one Chromium for every test in tests/browser/, stopped when they are
# done. While Playwright's sync API is alive its event loop counts as running in this
# thread, and Django refuses ORM calls beside a running loop unless
# DJANGO_ALLOW_ASYNC_UNSAFE is set; both stay confined to this package, so tests
# collected after it use the ORM under Django's normal guard.


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --- Staff roles -------------------------------------------------------------------------------


def role_group(name: str) -> Group:
    """A role group (Editors, Moderators) as accounts/migrations/0002_role_groups.py makes it.

    A transactional test flushes the database afterwards, taking the migration's rows
    with it, so the groups are made again here the way the migration makes them.
    """
    from accounts.roles import sync_role_groups

    sync_role_groups(apps)
    return Group.objects.get(name=name)


# --- Console errors, page errors, CSP violations ---------------------------------------------


class BrowserErrors:
    """Collects what the browser reports as wrong on any page of one test."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if "favicon" in source or "favicon" in message.text:
            return
        # Chromium reports blocked scripts, styles and images (CSP) as console errors.
        self.messages.append(f"console error: {message.text} (at {source or message.page.url})")

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught exception: {error.name}: {error.message}")

    def assert_none(self) -> None:
        __tracebackhide__ = True
        if self.messages:
            report = "\n".join(f"- {m}" for m in self.messages)
            self.messages.clear()  # reported once: not again when the test is torn down
            pytest.fail(f"The browser reported errors:\n{report}", pytrace=False)


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


# --- Accessibility ---------------------------------------------------------------------------


def _tolerated_in_admin(violation: dict) -> bool:
    if violation["impact"] not in ADMIN_FAILING_IMPACTS:
        return True
    targets = [" ".join(node["target"]) for node in violation["nodes"]]
    return all(ADMIN_TOLERATED_WIDGET in target for target in targets)


def check_a11y(page: Page) -> None:
    """Run axe-core on the page as it is now; fail with a readable report on violations."""
    __tracebackhide__ = True
    results = _axe.run(page)
    violations = results.response["violations"]
    if urlsplit(page.url).path.startswith(ADMIN_PREFIX):
        tolerated = [v for v in violations if _tolerated_in_admin(v)]
        if tolerated:
            print(
                f"axe on {page.url} (Django admin, tolerated):\n"
                + AxeResults({"violations": tolerated}).generate_report()
            )
        violations = [v for v in violations if v not in tolerated]
    if violations:
        summary = "\n".join(
            f"- {v['id']} ({v['impact']}): " + ", ".join(t for n in v["nodes"] for t in n["target"])
            for v in violations
        )
        report = AxeResults({"violations": violations}).generate_report()
        pytest.fail(
            f"axe-core found accessibility violations on {page.url}:\n{summary}\n\n{report}",
            pytrace=False,
        )


@pytest.fixture(name="check_a11y")
def check_a11y_fixture() -> Callable[[Page], None]:
    return check_a11y


# --- Pages and journeys --------------------------------------------------------------------


@pytest.fixture
def new_page(browser, live_server, browser_errors) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context; `page.goto("/en/")` is relative to the live server.

    Keyword arguments go to `browser.new_context()` (viewport, is_mobile, locale...).
    """
    contexts = []

    def open_page(**context_options) -> Page:
        options = {"base_url": live_server.url, "viewport": DESKTOP, "locale": "en-GB"}
        context = browser.new_context(**(options | context_options))
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        browser_errors.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    browser_errors.assert_none()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


class Journey:
    """A reader or editor moving through the site, checked at every page they land on."""

    def __init__(self, page: Page, errors: BrowserErrors) -> None:
        self.page = page
        self.errors = errors

    def goto(self, path: str) -> Response:
        """Open `path` (relative to the live server) and check the page."""
        response = self.page.goto(path)
        self.arrived(response)
        return response

    def click(self, target: Locator) -> Response:
        """Click a link or submit button that loads a new page, and check that page."""
        with self.page.expect_navigation() as navigation:
            target.click()
        response = navigation.value
        self.arrived(response)
        return response

    def arrived(self, response: Response | None) -> None:
        """Check the page just loaded: HTTP status, browser errors so far, axe-core."""
        __tracebackhide__ = True
        assert response is not None, f"no response for {self.page.url}"
        assert response.ok, f"{response.url} answered {response.status} {response.status_text}"
        self.errors.assert_none()
        check_a11y(self.page)

    def expect_image_loaded(self, image: Locator) -> None:
        """Wait until `image` has really loaded (not merely been laid out at its size)."""
        self.page.wait_for_function(
            "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
        )

    def check_a11y(self) -> None:
        """Check the page again, after something on it changed without a page load."""
        __tracebackhide__ = True
        check_a11y(self.page)

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0 when it fits)."""
        return self.page.evaluate(
            "Math.max(0, document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth)"
        )


@pytest.fixture
def new_journey(new_page, browser_errors) -> Callable[..., Journey]:
    """`new_journey(**context_options)`: a Journey on a page of its own browser context."""

    def open_journey(**context_options) -> Journey:
        return Journey(new_page(**context_options), browser_errors)

    return open_journey


@pytest.fixture
def journey(page, browser_errors) -> Journey:
    return Journey(page, browser_errors)


@pytest.fixture
def phone_journey(new_journey) -> Journey:
    return new_journey(viewport=PHONE, is_mobile=True, has_touch=True)
