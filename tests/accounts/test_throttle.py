"""The sign-in throttle: a pair (account, address) is locked, an address is limited over
all accounts, an account is only ever slowed, and a reset link always gets its owner in."""

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
RESET = reverse("accounts:password_reset")
FRONT = reverse("articles:front")

WRONG = "not-the-Right-passphrase-7"
NEW_PASSWORD = "a-Fresh-memorable-passphrase-58"
WAIT = (
    "Too many failed attempts to sign in. Please wait 15 minutes and try again, "
    "or reset your password."
)
OFFICE = "203.0.113.10"
HOME = "198.51.100.20"
WINDOW = 15 * 60


def sign_in(client, username, password=PASSWORD, *, address=OFFICE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def admin_sign_in(client, username, password=PASSWORD, *, address=OFFICE):
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, *, address=OFFICE):
    """Sign in `times` times with a wrong password; the statuses, in order."""
    return [sign_in(client, username, WRONG, address=address).status_code for _ in range(times)]


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def assert_told_to_wait(response, *, at_most=WINDOW):
    """A 429 with the wait in words and, for software, in the Retry-After header."""
    __tracebackhide__ = True
    assert response.status_code == 429
    assert "Too many failed attempts to sign in. Please wait" in response.text
    # Says to wait, not which part was wrong.
    assert "do not match" not in response.text
    retry_after = int(response["Retry-After"])
    assert at_most - 5 <= retry_after <= at_most


@pytest.fixture
def member():
    return make_member(username="Hana", email="hana@example.com", display_name="Hana Aziz")


@pytest.fixture
def editor():
    return make_member(username="desk", email="desk@example.com", is_staff=True)


# --- one account from one address -----------------------------------------------------------


def test_the_sixth_attempt_from_one_address_is_told_to_wait_with_retry_after(client, member):
    assert fail(client, "hana", 5) == [200] * 5

    response = sign_in(client, "hana", WRONG)

    assert_told_to_wait(response)
    assert WAIT in response.text
    # The form is still there, filled in, for after the wait.
    assert 'name="username" value="hana"' in response.text


def test_retry_after_counts_down_the_window(client, member, monkeypatch):
    fail(client, "hana", 5)
    started = time.time()
    monkeypatch.setattr(time, "time", lambda: started + 10 * 60)

    response = sign_in(client, "hana")

    assert_told_to_wait(response, at_most=5 * 60)
    assert "Please wait 5 minutes" in response.text


def test_the_right_password_is_refused_from_the_locked_pair(client, member):
    fail(client, "hana", 5)

    response = sign_in(client, "hana")

    assert_told_to_wait(response)
    assert signed_in_user(client) is None


def test_refused_attempts_are_not_checked_or_counted(client, member):
    statuses = fail(client, "hana", 20)

    # Five real checks, then the wait.
    assert statuses == [200] * 5 + [429] * 15
    cache.clear()  # the 15-minute window passes

    response = sign_in(client, "hana")
    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_the_pair_follows_the_account_however_it_is_typed(client, member):
    for typed in ["hana", "HANA", "hana@example.com", "Hana@EXAMPLE.com", "Hana"]:
        assert sign_in(client, typed, WRONG).status_code == 200

    for typed in ["hana", "HaNa", "HANA@example.com"]:
        assert_told_to_wait(sign_in(client, typed))


def test_the_counts_expire_by_themselves(client, member, settings):
    # The one real wait in the suite: proves the cache entries carry the window as
    # their timeout (on locmem and on Redis), rather than living until evicted.
    settings.SIGN_IN_LOCKOUT_SECONDS = 1
    fail(client, "hana", 5)
    assert sign_in(client, "hana").status_code == 429

    time.sleep(1.1)

    assert sign_in(client, "hana").status_code == 302


def test_signing_in_clears_the_pairs_count(client, member):
    assert fail(client, "hana", 4) == [200] * 4
    assert sign_in(client, "hana").status_code == 302
    client.logout()
    assert fail(client, "hana", 4) == [200] * 4

    # Eight failures from here, but only four since the success: not refused.
    assert sign_in(client, "hana").status_code == 302


def test_an_empty_password_does_not_clear_the_pairs_count(client, member):
    fail(client, "hana", 4)
    assert sign_in(client, "hana", "").status_code == 200  # "This field is required."
    fail(client, "hana", 1)  # the fifth wrong guess

    assert sign_in(client, "hana").status_code == 429


# --- a stranger cannot lock the owner out ---------------------------------------------------


def test_a_strangers_failures_do_not_stop_the_owner_from_another_address(client, member):
    stranger = Client()
    assert fail(stranger, "hana", 5, address=OFFICE) == [200] * 5
    assert sign_in(stranger, "hana", address=OFFICE).status_code == 429

    response = sign_in(client, "hana", address=HOME)

    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_an_editor_is_not_locked_out_of_the_admin_by_a_colleague_at_the_same_address(
    client, member, editor
):
    # Someone in the office types five wrong passwords on the readers' sign-in page...
    colleague = Client()
    assert fail(colleague, "hana", 5) == [200] * 5

    # ...and the editor, signing in correctly from the same office address, gets in.
    response = admin_sign_in(client, "desk")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_many_addresses_guessing_at_one_account_only_slow_it_down(client, member, settings):
    settings.SIGN_IN_ACCOUNT_SLOWDOWN_AFTER = 10
    settings.SIGN_IN_ACCOUNT_MAX_DELAY = 0.01  # the guesses themselves, quickly
    # Forty wrong guesses from eight addresses, each address stopping at its own limit.
    for n in range(8):
        assert fail(Client(), "hana", 5, address=f"192.0.2.{n + 1}") == [200] * 5
    settings.SIGN_IN_ACCOUNT_MAX_DELAY = 0.3

    started = time.monotonic()
    response = sign_in(client, "hana", address=HOME)
    took = time.monotonic() - started

    # The owner is never refused, only made to wait before the password is checked.
    assert response.status_code == 302
    assert signed_in_user(client) == member
    assert took >= 0.3


def test_a_slowed_account_still_answers_a_wrong_password_without_refusing(member, settings):
    settings.SIGN_IN_ACCOUNT_SLOWDOWN_AFTER = 5
    settings.SIGN_IN_ACCOUNT_MAX_DELAY = 0.01
    statuses = [
        sign_in(Client(), "hana", WRONG, address=f"192.0.2.{n + 1}").status_code for n in range(30)
    ]
    assert statuses == [200] * 30


# --- one address guessing at many accounts --------------------------------------------------


def test_an_address_guessing_at_many_accounts_is_refused_for_any_account(client):
    members = [make_member() for _ in range(31)]
    # One wrong guess at each of thirty accounts: no pair gets near its limit.
    for other in members[:30]:
        assert sign_in(client, other.username, WRONG).status_code == 200

    last = members[30]
    response = sign_in(client, last.username)  # the right password, from the same address

    assert_told_to_wait(response)
    assert signed_in_user(client) is None

    # The account itself is not held back: from another address it signs in.
    response = sign_in(client, last.username, address=HOME)
    assert response.status_code == 302
    assert signed_in_user(client) == last


def test_signing_in_does_not_clear_the_addresss_count(client, settings):
    # Otherwise one known-good account would let an address keep guessing at others.
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 5
    own = make_member()
    for other in [make_member() for _ in range(4)]:
        sign_in(client, other.username, WRONG)
    assert sign_in(client, own.username).status_code == 302
    client.logout()
    assert sign_in(client, make_member().username, WRONG).status_code == 200  # fifth

    assert sign_in(client, make_member().username).status_code == 429


# --- the admin's sign-in --------------------------------------------------------------------


def test_failures_on_the_site_lock_the_same_pair_on_the_admin(client, editor):
    fail(client, "desk", 5)

    response = admin_sign_in(client, "desk")

    assert_told_to_wait(response)
    assert signed_in_user(client) is None


def test_failures_on_the_admin_lock_the_same_pair_on_the_site(client, editor):
    for _ in range(5):
        assert admin_sign_in(client, "desk", WRONG).status_code == 200

    assert_told_to_wait(admin_sign_in(client, "desk"))
    assert_told_to_wait(sign_in(client, "desk@example.com"))
    # The editor from home is not held back.
    assert admin_sign_in(Client(), "desk", address=HOME).status_code == 302


# --- the reset link always gets the owner in ------------------------------------------------

LINK = re.compile(r"http://testserver(/en/accounts/reset/[^/\s\"]+/[^/\s\"]+/)")


def test_a_reset_link_gets_a_locked_out_owner_in_and_lifts_the_wait(
    client, member, settings, mailoutbox, after_commit
):
    settings.SIGN_IN_ACCOUNT_SLOWDOWN_AFTER = 3
    settings.SIGN_IN_ACCOUNT_MAX_DELAY = 60  # a link that met the slow-down would time out
    fail(client, "hana", 5)
    assert sign_in(client, "hana").status_code == 429

    with after_commit():
        client.post(RESET, {"email": "hana@example.com"}, REMOTE_ADDR=OFFICE)
    (link,) = LINK.findall(mailoutbox[-1].body)
    opened = client.get(link, follow=True, REMOTE_ADDR=OFFICE)
    done = client.post(
        opened.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
        REMOTE_ADDR=OFFICE,
    )

    assert "You are signed in as Hana Aziz." in done.text
    assert signed_in_user(client) == member
    client.logout()
    # From the same address, with the new password, and without the slow-down.
    started = time.monotonic()
    assert sign_in(client, "hana", NEW_PASSWORD).status_code == 302
    assert time.monotonic() - started < 5
