"""Registering: a form, then an emailed link where the new member chooses a password.

Whether the address already has an account must not show in the answer: the page,
its status, its headers, its cookies and its timing are the same; only the mail differs,
and it goes to the address's owner.
"""

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.mail.backends import locmem
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import Registration, registration_token
from tests.mailing.queue import DATABASE_TASKS, run_queue

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
SENT = reverse("accounts:register_sent")
FRONT = reverse("articles:front")
LOGIN = reverse("accounts:login")
LINK = re.compile(r"http://testserver(/en/accounts/register/finish/[^/\s\"]+/)")

# Headers that differ between any two responses, whatever they answer.
PER_RESPONSE = {"Date", "X-Request-ID", "Content-Security-Policy"}


def form(**fields):
    return {
        "username": "nadia",
        "email": "nadia@example.com",
        "display_name": "Nadia K.",
        **fields,
    }


@pytest.fixture
def register(after_commit):
    """Fill in the form as a browser does; the mail it sends is waited for."""

    def post(client, follow=False, **fields):
        with after_commit():
            return client.post(REGISTER, form(**fields), follow=follow)

    return post


def finish_link(mail) -> str:
    """The path of the one link to finish registering in the mail's text body."""
    links = LINK.findall(mail.body)
    assert len(links) == 1, mail.body
    (html, _), *_ = mail.alternatives
    assert f'href="http://testserver{links[0]}"' in html
    return links[0]


def choose_password(client, link, password=PASSWORD, follow=False):
    return client.post(link, {"password1": password, "password2": password}, follow=follow)


def signed_in_user(client):
    """The account the client's session is signed into, or None."""
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# --- a new address --------------------------------------------------------------------------


def test_the_form_sends_a_link_and_makes_no_account_yet(register, client, mailoutbox):
    response = register(client, follow=True)

    assert response.redirect_chain == [(SENT, 302)]
    assert "Check your email" in response.text
    assert not User.objects.exists()
    assert signed_in_user(client) is None
    (mail,) = mailoutbox
    assert mail.to == ["nadia@example.com"]
    assert mail.subject == "Finish registering on Newsroom"
    assert "as nadia" in mail.body
    finish_link(mail)


def test_the_link_asks_for_a_password_then_signs_the_new_member_in(register, client, mailoutbox):
    register(client, next="/en/search/?q=floods")
    link = finish_link(mailoutbox[0])

    page = Client().get(link)  # a mail scanner fetching the link changes nothing
    assert page.status_code == 200
    assert "Choose your password" in page.text
    assert "One last step to register as <strong>nadia</strong>" in page.text
    assert not User.objects.exists()

    response = choose_password(client, link)

    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=floods"
    user = User.objects.get(username="nadia")
    assert (user.email, user.display_name) == ("nadia@example.com", "Nadia K.")
    assert user.check_password(PASSWORD)
    assert signed_in_user(client) == user


def test_a_new_member_is_welcomed_and_named_in_the_header(register, client, mailoutbox):
    register(client)

    response = choose_password(client, finish_link(mailoutbox[0]), follow=True)

    assert response.redirect_chain == [(FRONT, 302)]
    assert "Welcome, Nadia K.: your account is ready." in response.text
    assert '<a class="account-name" href="/en/accounts/profile/">Nadia K.</a>' in response.text


def test_without_a_display_name_the_username_is_shown(register, client, mailoutbox):
    register(client, display_name="")

    response = choose_password(client, finish_link(mailoutbox[0]), follow=True)

    assert User.objects.get(username="nadia").public_name == "nadia"
    assert '<a class="account-name" href="/en/accounts/profile/">nadia</a>' in response.text


def test_the_link_works_once(register, client, mailoutbox):
    register(client)
    link = finish_link(mailoutbox[0])
    choose_password(client, link)

    again = Client().post(link, {"password1": "Another-long-pass-77", "password2": "x"})

    assert again.status_code == 410
    assert "This address has an account" in again.text
    assert User.objects.count() == 1
    assert User.objects.get().check_password(PASSWORD)


def test_the_link_expires_after_a_day(register, client, mailoutbox, monkeypatch):
    register(client)
    link = finish_link(mailoutbox[0])
    later = time.time() + 25 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.get(link)

    assert response.status_code == 410
    assert "This link has expired" in response.text


def test_a_changed_link_does_not_work(client):
    token = registration_token(Registration(username="nadia", email="nadia@example.com"))

    response = client.get(reverse("accounts:register_finish", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_a_username_taken_before_the_link_is_followed_is_said(register, client, mailoutbox):
    register(client)
    make_member(username="Nadia")

    response = client.get(finish_link(mailoutbox[0]))

    assert response.status_code == 410
    assert "Someone took the username “nadia”" in response.text


def test_weak_passwords_are_refused_with_djangos_messages(register, client, mailoutbox):
    register(client)
    link = finish_link(mailoutbox[0])

    for password, message in [
        ("Xy7-q", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("40918273645571", "This password is entirely numeric."),
        ("nadia@example", "The password is too similar to the"),
    ]:
        response = choose_password(client, link, password)
        assert response.status_code == 400, password
        assert message in response.text
    assert not User.objects.exists()


def test_passwords_that_differ_are_refused(register, client, mailoutbox):
    register(client)

    response = client.post(
        finish_link(mailoutbox[0]), {"password1": PASSWORD, "password2": PASSWORD + "x"}
    )

    assert response.status_code == 400
    assert field_errors(response, "password2") == ["The two password fields didn’t match."]
    assert PASSWORD not in response.text
    assert not User.objects.exists()


# --- an address that has an account -----------------------------------------------------------


def visible(response) -> tuple:
    """Everything about a response that a stranger could compare."""
    headers = {k: v for k, v in response.headers.items() if k not in PER_RESPONSE}
    return response.status_code, headers, sorted(response.cookies), response.content


def test_a_known_address_is_answered_exactly_as_a_new_one(register, mailoutbox):
    owner = make_member(username="hana", email="hana@example.com")

    new = register(Client(), email="someone-new@example.com")
    known = register(Client(), email="Hana@Example.com", username="hana2")
    new_page = Client().get(new["Location"])
    known_page = Client().get(known["Location"])

    assert visible(new) == visible(known)
    assert new["Location"] == known["Location"] == SENT
    assert visible(new_page) == visible(known_page)
    # No account was made, and the owner's is as it was.
    assert list(User.objects.all()) == [owner]
    assert User.objects.get().check_password(PASSWORD)


def test_the_owner_of_a_known_address_is_told_and_offered_sign_in_and_reset(
    register, client, mailoutbox
):
    make_member(username="hana", email="hana@example.com", display_name="Hana Aziz")

    register(client, email="HANA@example.com", username="someone_else")

    (mail,) = mailoutbox
    assert mail.to == ["hana@example.com"]
    assert mail.subject == "Someone tried to register on Newsroom with your address"
    assert mail.body.startswith("Hello Hana Aziz,")
    assert "with the username hana." in mail.body
    assert "http://testserver/en/accounts/login/" in mail.body
    assert "http://testserver/en/accounts/password-reset/" in mail.body
    assert not LINK.search(mail.body)  # nothing to make a second account with
    (html, _), *_ = mail.alternatives
    assert 'href="http://testserver/en/accounts/password-reset/"' in html


class SlowEmailBackend(locmem.EmailBackend):
    """Django's test outbox behind a mail server that takes half a second per mail."""

    DELAY = 0.5

    def send_messages(self, messages):
        time.sleep(self.DELAY)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)  # committed as in production: the mail is queued
def test_a_known_address_is_answered_no_later_than_a_new_one(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowEmailBackend"}}
    settings.TASKS = DATABASE_TASKS  # mail waits for a worker, as in production
    make_member(username="hana", email="hana@example.com")

    def timed(**fields) -> float:
        started = time.monotonic()
        response = Client().post(REGISTER, form(**fields))
        took = time.monotonic() - started
        assert response.status_code == 302
        return took

    timed(username="warm", email="warming-up@example.com")
    new = min(timed(username=f"new{n}", email=f"new{n}@example.com") for n in range(2))
    known = timed(username="other", email="hana@example.com")
    run_queue()  # the worker sends what waited

    assert known < new + SlowEmailBackend.DELAY / 2, (known, new)
    assert len(mailoutbox) == 4


def test_at_most_three_mails_a_day_go_to_one_address(register, mailoutbox):
    make_member(email="hana@example.com")
    for n in range(5):
        response = register(Client(), username=f"try{n}", email="hana@example.com")
        assert response["Location"] == SENT

    assert len(mailoutbox) == 3


# --- refusals --------------------------------------------------------------------------------


def test_a_username_taken_in_another_case_is_refused(register, client, mailoutbox):
    # Usernames are public (shown with comments when there is no display name).
    make_member(username="nadia")

    response = register(client, username="NADIA", email="other@example.com")

    assert response.status_code == 200
    assert field_errors(response, "username") == ["A user with that username already exists."]
    assert mailoutbox == []


def test_an_email_address_is_required(register, client, mailoutbox):
    response = register(client, email="")

    assert response.status_code == 200
    assert field_errors(response, "email") == ["This field is required."]
    assert mailoutbox == []


def test_a_refused_form_comes_back_filled_in(register, client):
    response = register(client, email="not-an-address", next="/en/search/")

    html = response.text
    assert 'name="username" value="nadia"' in html
    assert 'name="email" value="not-an-address"' in html
    assert 'name="display_name" value="Nadia K."' in html
    assert '<input type="hidden" name="next" value="/en/search/">' in html


# --- where a new member is sent --------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_never_leads_off_the_site(register, client, mailoutbox, next_url):
    register(client, next=next_url)

    response = choose_password(client, finish_link(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == FRONT
    assert signed_in_user(client) is not None


def test_the_form_does_not_carry_an_off_site_next(client):
    response = client.get(REGISTER, {"next": "https://evil.example/"})
    assert response.status_code == 200
    assert '<input type="hidden" name="next" value="">' in response.text
    assert 'Already a member? <a href="/en/accounts/login/">Sign in</a>' in response.text


def test_a_signed_in_member_is_sent_on_from_the_register_page(client):
    client.force_login(make_member())

    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_a_signed_in_member_is_sent_to_a_safe_next_but_not_off_site(client):
    client.force_login(make_member())

    assert client.get(REGISTER, {"next": "/en/search/"})["Location"] == "/en/search/"
    assert client.get(REGISTER, {"next": "//evil.example"})["Location"] == reverse(
        "accounts:profile"
    )


def test_finishing_starts_a_fresh_session(register, client, mailoutbox):
    # A session id planted before registration (session fixation) must not become
    # the new member's signed-in session.
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    register(client)

    choose_password(client, finish_link(mailoutbox[0]))

    assert client.session.session_key != before
    assert signed_in_user(client) is not None


def test_a_forged_registration_is_refused(client):
    # Signed by the site, but for something else: not a registration.
    token = signing.dumps({"user": 1}, salt="accounts.registration")

    response = client.get(reverse("accounts:register_finish", args=[token]))

    assert response.status_code == 400
