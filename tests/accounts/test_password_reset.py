"""Resetting a forgotten password by email, end to end, with the mail read from the outbox."""

import re
import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail.backends import locmem
from django.test import Client
from django.urls import reverse

from tests.mailing.queue import DATABASE_TASKS, run_queue

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
COMPLETE = reverse("accounts:password_reset_complete")
LOGIN = reverse("accounts:login")

NEW_PASSWORD = "a-Fresh-memorable-passphrase-58"
LINK = re.compile(r"http://testserver(/en/accounts/reset/[^/\s\"]+/[^/\s\"]+/)")


@pytest.fixture
def member():
    return make_member(username="omar", email="omar@example.com", display_name="Omar F.")


@pytest.fixture
def request_reset(after_commit):
    """Ask for a link as a browser does; the mail is sent (after the response) and waited for."""

    def request(client, email):
        with after_commit():
            return client.post(RESET, {"email": email}, follow=True)

    return request


def reset_link(mail) -> str:
    """The path of the one reset link in the text body (the HTML body must carry it too)."""
    links = LINK.findall(mail.body)
    assert len(links) == 1, mail.body
    return links[0]


def set_password(client, link, password=NEW_PASSWORD):
    """Follow the link as a browser does, then submit the new password."""
    opened = client.get(link, follow=True)
    return opened, client.post(
        opened.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


# --- asking for a link -----------------------------------------------------------------------


def test_a_known_and_an_unknown_address_get_the_same_answer(
    request_reset, client, member, mailoutbox
):
    known = request_reset(client, "omar@example.com")
    mails_for_known = len(mailoutbox)
    unknown = request_reset(Client(), "nobody@example.com")

    # Nothing on the page tells whether the address has an account.
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert "Check your email" in known.text
    assert mails_for_known == 1
    assert len(mailoutbox) == 1  # none for the unknown address


def test_the_mail_is_the_sites_own(request_reset, client, member, mailoutbox):
    request_reset(client, "omar@example.com")

    (mail,) = mailoutbox
    assert mail.to == ["omar@example.com"]
    assert mail.subject == "Reset your Newsroom password"
    assert mail.body.startswith("Hello Omar F.,")
    link = reset_link(mail)
    (html, mimetype), *_ = mail.alternatives
    assert mimetype == "text/html"
    assert f'href="http://testserver{link}"' in html
    assert "Choose a new password</a>" in html


def test_an_address_in_another_case_finds_the_account(request_reset, client, member, mailoutbox):
    request_reset(client, "OMAR@Example.COM")

    (mail,) = mailoutbox
    # Sent to the address the account holds, not to whatever was typed.
    assert mail.to == ["omar@example.com"]


# --- using the link ---------------------------------------------------------------------------


def test_the_link_sets_a_new_password_and_signs_the_member_in(
    request_reset, client, member, mailoutbox
):
    request_reset(client, "omar@example.com")
    link = reset_link(mailoutbox[0])

    opened, done = set_password(client, link)

    # Django swaps the token in the address for one kept in the session, so the
    # token does not leak through the Referer header of the form page.
    ((set_password_url, status),) = opened.redirect_chain
    assert status == 302
    assert set_password_url.endswith("/set-password/")
    assert "Choose a new password" in opened.text
    assert done.redirect_chain == [(COMPLETE, 302)]
    assert "Your new password is set" in done.text
    assert "You are signed in as Omar F." in done.text
    assert signed_in_user_id(client) == str(member.pk)


def test_the_new_password_works_and_the_old_one_does_not(request_reset, client, member, mailoutbox):
    request_reset(client, "omar@example.com")
    set_password(client, reset_link(mailoutbox[0]))

    old = Client().post(LOGIN, {"username": "omar", "password": PASSWORD})
    new = Client().post(LOGIN, {"username": "omar", "password": NEW_PASSWORD})

    assert old.status_code == 200
    assert "do not match" in old.text
    assert new.status_code == 302


def test_the_link_works_once(request_reset, client, member, mailoutbox):
    request_reset(client, "omar@example.com")
    link = reset_link(mailoutbox[0])
    set_password(client, link)

    again = Client().get(link, follow=True)

    assert again.status_code == 200
    assert "This link no longer works" in again.text
    assert "new_password1" not in again.text


def test_the_link_expires_after_an_hour(request_reset, client, member, mailoutbox, monkeypatch):
    request_reset(client, "omar@example.com")
    link = reset_link(mailoutbox[0])
    later = datetime.now() + timedelta(hours=2)  # naive, as the token generator's clock is
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    opened = client.get(link, follow=True)

    assert "This link no longer works" in opened.text
    assert "new_password1" not in opened.text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_link_still_works_within_the_hour(
    request_reset, client, member, mailoutbox, monkeypatch
):
    request_reset(client, "omar@example.com")
    link = reset_link(mailoutbox[0])
    later = datetime.now() + timedelta(minutes=55)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    _, done = set_password(client, link)

    assert "Your new password is set" in done.text
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_a_weak_new_password_is_refused(request_reset, client, member, mailoutbox):
    request_reset(client, "omar@example.com")

    _, refused = set_password(client, reset_link(mailoutbox[0]), password="password123")

    assert refused.status_code == 200
    assert "This password is too common." in refused.text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_a_member_locked_out_by_the_throttle_gets_in_by_resetting(
    request_reset, client, member, mailoutbox
):
    # The throttle's message offers a reset as the way in that does not wait.
    for _ in range(6):
        locked = client.post(LOGIN, {"username": "omar", "password": "wrong-guess-Again-3"})
    assert locked.status_code == 429

    request_reset(client, "omar@example.com")
    _, done = set_password(client, reset_link(mailoutbox[0]))

    assert "You are signed in as Omar F." in done.text
    assert signed_in_user_id(client) == str(member.pk)


# --- the same answer, in the same time -------------------------------------------------------


class SlowEmailBackend(locmem.EmailBackend):
    """Django's test outbox behind a mail server that takes half a second per mail."""

    def send_messages(self, messages):
        time.sleep(SLOW_MAIL_SECONDS)
        return super().send_messages(messages)


SLOW_MAIL_SECONDS = 0.5


def timed_reset(email) -> float:
    """Seconds until the reset form answers for `email`, asked by a browser of its own."""
    started = time.monotonic()
    response = Client().post(RESET, {"email": email})
    took = time.monotonic() - started
    assert response.status_code == 302
    return took


@pytest.mark.django_db(transaction=True)  # committed as in production: the mail is queued
def test_a_known_address_is_answered_no_later_than_an_unknown_one(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowEmailBackend"}}
    settings.TASKS = DATABASE_TASKS  # mail waits for a worker, as in production
    make_member(username="omar", email="omar@example.com")
    timed_reset("warming-up@example.com")  # the first request loads what every one needs

    unknown = min(timed_reset("nobody@example.com") for _ in range(2))
    known = timed_reset("omar@example.com")
    run_queue()  # the worker sends what waited

    # The mail server's half second is not in the answer, so a stranger timing the form
    # cannot tell that the address has an account; the mail still went.
    assert known < unknown + SLOW_MAIL_SECONDS / 2, (known, unknown)
    assert [mail.to for mail in mailoutbox] == [["omar@example.com"]]


def test_a_mail_server_that_fails_is_logged_not_shown(
    request_reset, client, member, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenEmailBackend"}}

    response = request_reset(client, "omar@example.com")

    assert response.redirect_chain == [(SENT, 302)]
    assert "Check your email" in response.text
    assert "Could not send the mail" in caplog.text


class BrokenEmailBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server is down.")
