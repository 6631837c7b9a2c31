"""Signing in and out, and the header that shows who is signed in.

The sign-in throttle has its own file, test_throttle.py.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from accounts.models import User
from tests.articles.factories import make_article

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
ADMIN_LOGIN = reverse("admin:login")
FRONT = reverse("articles:front")
PROFILE = reverse("accounts:profile")

WRONG = "not-the-Right-passphrase-7"
NO_MATCH = (
    "That username or email and password do not match an account. Both are checked; "
    "the password is case-sensitive."
)


def sign_in(client, username, password=PASSWORD, follow=False, **extra):
    """POST the sign-in form; `extra` may carry `next` (form data) or REMOTE_ADDR."""
    data = {"username": username, "password": password}
    if "next" in extra:
        data["next"] = extra.pop("next")
    return client.post(LOGIN, data, follow=follow, **extra)


def admin_sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


@pytest.fixture
def member():
    return make_member(username="Hana", email="hana@example.com", display_name="Hana Aziz")


# --- signing in ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["Hana", "hana", "HANA", "hana@example.com", "Hana@Example.COM", "  hana  "]
)
def test_a_member_signs_in_with_username_or_email_in_any_case(client, member, typed):
    response = sign_in(client, typed)

    assert response.status_code == 302
    assert response["Location"] == FRONT
    assert signed_in_user(client) == member


def test_a_username_with_an_at_sign_signs_in(client):
    # Django allows "@" in usernames: such a name is tried as an email, then as a name.
    make_member(username="carol@home", email="carol@example.com")

    response = sign_in(client, "carol@home")

    assert response.status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, member):
    response = sign_in(client, "Hana", WRONG)

    assert response.status_code == 200
    assert NO_MATCH in response.text
    assert signed_in_user(client) is None
    # The typed name comes back; the password never does.
    assert 'name="username" value="Hana"' in response.text
    assert WRONG not in response.text


def test_an_unknown_name_gets_the_same_message_as_a_wrong_password(client, member):
    unknown = sign_in(client, "nobody-here", WRONG)
    wrong_password = sign_in(client, "Hana", WRONG)

    assert unknown.status_code == wrong_password.status_code == 200
    assert unknown.context["form"].non_field_errors() == (
        wrong_password.context["form"].non_field_errors()
    )
    assert NO_MATCH in unknown.text


def test_an_inactive_member_cannot_sign_in(client, member):
    member.is_active = False
    member.save()

    response = sign_in(client, "Hana")

    assert response.status_code == 200
    assert NO_MATCH in response.text
    assert signed_in_user(client) is None


def test_signing_in_returns_to_a_safe_next(client, member):
    response = sign_in(client, "hana", next="/en/search/?q=floods")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=floods"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"],
)
def test_signing_in_never_leads_off_the_site(client, member, next_url):
    response = sign_in(client, "hana", next=next_url)

    assert response.status_code == 302
    assert response["Location"] == FRONT
    assert signed_in_user(client) == member


def test_signing_in_rotates_the_session_key(client, member):
    # A session id planted before sign-in (session fixation) must not become the
    # member's signed-in session, and must stop working.
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key

    sign_in(client, "hana")

    after = client.session.session_key
    assert after != before
    assert signed_in_user(client) == member
    assert not SessionStore().exists(before)


def test_a_signed_in_member_is_sent_on_from_the_sign_in_page(client, member):
    client.force_login(member)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == FRONT


def test_the_sign_in_page_with_itself_as_next_sends_a_member_on(client, member):
    client.force_login(member)
    response = client.get(LOGIN, {"next": LOGIN})
    assert response.status_code == 302


# --- signing out -----------------------------------------------------------------------------


def test_signing_out_by_get_is_refused(client, member):
    # A link or an <img> elsewhere must not be able to sign a member out.
    client.force_login(member)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert signed_in_user(client) == member


def test_signing_out_by_post_signs_out_and_the_header_says_sign_in(client, member):
    client.force_login(member)

    response = client.post(LOGOUT, follow=True)

    assert response.redirect_chain == [(FRONT, 302)]
    assert signed_in_user(client) is None
    assert ">Sign in</a>" in response.text
    assert "Hana Aziz" not in response.text


# --- the header and the sign-in page ---------------------------------------------------------


@pytest.fixture
def article():
    return make_article(headline="Bridge reopens after repairs")


def _pages(article):
    return [FRONT, "/en/search/?q=bridge", article.get_absolute_url(), reverse("accounts:register")]


def test_guests_see_sign_in_and_register_on_every_page(client, article):
    for path in _pages(article):
        response = client.get(path)
        assert response.status_code == 200, path
        assert re.search(r'<a href="/en/accounts/login/\?next=[^"]*">Sign in</a>', response.text)
        assert re.search(
            r'<a href="/en/accounts/register/\?next=[^"]*">Register</a>', response.text
        )
        assert "Sign out" not in response.text


def test_the_header_sign_in_link_returns_to_the_page(client):
    response = client.get("/en/search/?q=bridge")
    assert 'href="/en/accounts/login/?next=/en/search/%3Fq%3Dbridge">Sign in</a>' in response.text


def test_members_see_their_name_linking_to_the_profile_and_sign_out(client, member, article):
    client.force_login(member)
    for path in [FRONT, "/en/search/?q=bridge", article.get_absolute_url(), PROFILE]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<a class="account-name" href="/en/accounts/profile/">Hana Aziz</a>' in response.text
        assert f'<form method="post" action="{LOGOUT}"' in response.text
        assert "Sign out</button>" in response.text
        assert ">Sign in</a>" not in response.text
        assert ">Register</a>" not in response.text


def test_the_sign_in_page_links_to_password_reset_and_register(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert '<a href="/en/accounts/password-reset/">Forgot password?</a>' in response.text
    assert 'Not a member? <a href="/en/accounts/register/">Register</a>' in response.text


def test_the_register_link_beside_the_form_keeps_next(client):
    response = client.get(LOGIN, {"next": "/en/search/"})
    assert 'Not a member? <a href="/en/accounts/register/?next=/en/search/">Register</a>' in (
        response.text
    )


def test_the_sign_in_page_carries_the_site_name(client):
    response = client.get(LOGIN)
    assert "<title>Sign in | Newsroom</title>" in response.text
    assert '<a class="site-name" href="/en/">Newsroom</a>' in response.text


# --- the admin's sign-in ----------------------------------------------------------------------


@pytest.fixture
def staff():
    return make_member(username="desk", email="desk@example.com", is_staff=True)


def test_staff_sign_into_the_admin_with_their_email_address(client, staff):
    response = admin_sign_in(client, "Desk@Example.com")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in_user(client) == staff
    assert client.get("/admin/").status_code == 200


def test_a_username_with_a_nul_byte_gets_the_form_back_not_a_server_error(client):
    # PostgreSQL refuses NUL in a query; the throttle used to look the name up anyway.
    make_member(username="reader")
    response = client.post(
        reverse("accounts:login"), {"username": "reader\x00", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert User.objects.find_for_sign_in("reader\x00") is None
