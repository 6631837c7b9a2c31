"""A reader registers by email, forgets their password, resets it by email and signs in again;
a signed-out moderator signs in on the way to the queue."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.articles.factories import make_article
from tests.browser.conftest import role_group

pytestmark = pytest.mark.django_db(transaction=True)

USERNAME = "amina_b"
EMAIL = "amina.barzani@example.com"
DISPLAY_NAME = "Amina Barzani"
OLD_PASSWORD = "quiet-river-lantern-42"
NEW_PASSWORD = "copper-kettle-morning-7"
HEADLINE = "Sulaymaniyah opens its new public library"
GENERIC_SIGN_IN_ERROR = "That username or email and password do not match an account."
THROTTLED = "Too many failed attempts to sign in. Please wait 15 minutes"


def field(page: Page, label: str):
    """The form field labelled `label`, whether or not crispy-forms marks it required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def account_nav(page: Page):
    return page.get_by_role("navigation", name="Account")


def expect_signed_in(page: Page) -> None:
    nav = account_nav(page)
    expect(nav.get_by_role("link", name=DISPLAY_NAME)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(nav.get_by_role("link", name="Sign in")).to_have_count(0)


def expect_signed_out(page: Page) -> None:
    nav = account_nav(page)
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(nav.get_by_role("link", name="Register")).to_be_visible()
    expect(nav).not_to_contain_text(DISPLAY_NAME)


def sign_out(journey) -> None:
    journey.click(account_nav(journey.page).get_by_role("button", name="Sign out"))
    expect_signed_out(journey.page)


def sign_in(journey, username: str, password: str) -> None:
    """Fill the sign-in form on the page and submit it (the page must load fine)."""
    page = journey.page
    field(page, "Username or email").fill(username)
    field(page, "Password").fill(password)
    journey.click(page.get_by_role("main").get_by_role("button", name="Sign in"))


def site_link(message, live_server, prefix: str) -> str:
    """The path of the link starting with `prefix` in the email's text body, checked to
    point at this site."""
    match = re.search(rf"https?://\S+{re.escape(prefix)}\S+/", message.body)
    assert match, f"no {prefix} link in the email:\n{message.body}"
    link = urlsplit(match.group())
    site = urlsplit(live_server.url)
    assert (link.scheme, link.netloc) == (site.scheme, site.netloc), (
        f"the link {match.group()} does not point at the site that sent it ({live_server.url})"
    )
    return link.path


def test_reader_registers_resets_the_password_and_signs_in_by_email(
    journey, live_server, mailoutbox
):
    article = make_article(headline=HEADLINE)
    page = journey.page

    # A reader on an article registers from the header, and comes back to the article.
    journey.goto(article.get_absolute_url())
    expect_signed_out(page)
    journey.click(account_nav(page).get_by_role("link", name="Register"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    field(page, "Username").fill(USERNAME)
    field(page, "Email").fill(EMAIL)
    field(page, "Display name").fill(DISPLAY_NAME)
    journey.click(page.get_by_role("button", name="Email me the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # The emailed link asks for a password, makes the account and signs them in.
    (message,) = mailoutbox
    assert message.to == [EMAIL]
    journey.goto(site_link(message, live_server, "/en/accounts/register/finish/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    field(page, "Password").fill(OLD_PASSWORD)
    field(page, "Password confirmation").fill(OLD_PASSWORD)
    journey.click(page.get_by_role("button", name="Create account"))

    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.get_by_role("status")).to_contain_text(
        f"Welcome, {DISPLAY_NAME}: your account is ready."
    )
    expect_signed_in(page)
    user = User.objects.get(username=USERNAME)
    assert (user.email, user.display_name) == (EMAIL, DISPLAY_NAME)

    sign_out(journey)

    # They forget the password and ask for a reset link.
    journey.click(account_nav(page).get_by_role("link", name="Sign in"))
    journey.click(page.get_by_role("link", name="Forgot password?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    field(page, "Email").fill(EMAIL)
    journey.click(page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    assert len(mailoutbox) == 2
    message = mailoutbox[1]
    assert message.to == [EMAIL]
    assert message.subject == "Reset your Newsroom password"

    # The link in the email lets them choose a new password, and signs them in.
    journey.goto(site_link(message, live_server, "/en/accounts/reset/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    field(page, "New password").fill(NEW_PASSWORD)
    field(page, "New password confirmation").fill(NEW_PASSWORD)
    journey.click(page.get_by_role("button", name="Set the new password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is set")
    expect(page.get_by_role("main")).to_contain_text(f"You are signed in as {DISPLAY_NAME}.")
    expect_signed_in(page)

    sign_out(journey)

    # The new password works with the email address, typed in capitals, as the username.
    journey.click(account_nav(page).get_by_role("link", name="Sign in"))
    sign_in(journey, EMAIL.upper(), NEW_PASSWORD)
    expect(page).to_have_url(live_server.url + "/en/")
    expect_signed_in(page)

    sign_out(journey)

    # The old password no longer does, and the refusal does not say which part was wrong.
    journey.click(account_nav(page).get_by_role("link", name="Sign in"))
    sign_in(journey, EMAIL, OLD_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("main")).to_contain_text(GENERIC_SIGN_IN_ERROR)
    expect_signed_out(page)


def test_sign_in_is_refused_for_a_while_after_five_failures(journey, live_server):
    User.objects.create_user(
        username=USERNAME, email=EMAIL, display_name=DISPLAY_NAME, password=OLD_PASSWORD
    )
    page = journey.page
    journey.goto("/en/accounts/login/")

    for attempt in range(1, 6):
        sign_in(journey, USERNAME, f"wrong-password-{attempt}")
        expect(page.get_by_role("main")).to_contain_text(GENERIC_SIGN_IN_ERROR)
        expect(page.get_by_role("main")).not_to_contain_text(THROTTLED)

    # The sixth attempt is refused with 429 Too Many Requests, even with the right password.
    field(page, "Username or email").fill(USERNAME)
    field(page, "Password").fill(OLD_PASSWORD)
    # Chromium reports a document answered with 4xx as a console error: wait for that one
    # report and set it aside; any other error on the page still fails the journey.
    with (
        page.expect_console_message(lambda message: "429" in message.text) as console,
        page.expect_navigation() as navigation,
    ):
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
    response = navigation.value
    assert response.status == 429, f"{response.url} answered {response.status}"
    assert console.value.text == (
        "Failed to load resource: the server responded with a status of 429 (Too Many Requests)"
    )
    journey.errors.messages.remove(f"console error: {console.value.text} (at {response.url})")
    journey.errors.assert_none()
    journey.check_a11y()

    expect(page).to_have_url(live_server.url + "/en/accounts/login/")
    main = page.get_by_role("main")
    expect(main).to_contain_text(THROTTLED)
    expect(main).not_to_contain_text(GENERIC_SIGN_IN_ERROR)
    expect(field(page, "Username or email")).to_have_value(USERNAME)
    expect_signed_out(page)


def test_register_page_fits_a_phone_screen(phone_journey):
    journey = phone_journey
    page = journey.page
    journey.goto("/en/accounts/register/")
    assert page.viewport_size == {"width": 375, "height": 800}

    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    assert journey.horizontal_overflow() == 0, "the register page scrolls sideways on a phone"

    fields = [field(page, label) for label in ("Username", "Email", "Display name")]
    for control in [*fields, page.get_by_role("button", name="Email me the link")]:
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()
        expect(control).to_be_in_viewport()
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{control} sticks out: {box}"
        assert box["width"] >= 200, f"{control} is too narrow to type in: {box}"
        assert box["height"] >= 24, f"{control} is too small to tap: {box}"
    for control in fields:
        expect(control).to_be_editable()


def test_a_signed_out_moderator_signs_in_and_lands_on_the_queue(journey, live_server):
    moderator = User.objects.create_user(
        username="mona", email="mona@example.com", password=OLD_PASSWORD, is_staff=True
    )
    moderator.groups.add(role_group("Moderators"))
    page = journey.page

    # Following the README to the queue while signed out leads to the sign-in page...
    journey.goto("/en/comments/moderation/?tab=spam")
    expect(page).to_have_url(
        f"{live_server.url}/en/accounts/login/?next=/en/comments/moderation/%3Ftab%3Dspam"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    # ...and signing in there comes back to the tab asked for.
    sign_in(journey, "mona", OLD_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/en/comments/moderation/?tab=spam")
    expect(account_nav(page)).to_contain_text("mona")
