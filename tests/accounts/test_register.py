"""Registering at /accounts/register/: a new member is signed in and sent back."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import User

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
FRONT = reverse("articles:front")


def register(client, follow=False, **fields):
    data = {
        "username": "nadia",
        "email": "nadia@example.com",
        "display_name": "Nadia K.",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(REGISTER, data, follow=follow)


def signed_in_user(client):
    """The account the client's session is signed into, or None."""
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# --- success -------------------------------------------------------------------------------


def test_registering_signs_the_member_in_and_returns_to_next(client):
    response = register(client, next="/search/?q=floods")

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=floods"
    user = User.objects.get(username="nadia")
    assert user.email == "nadia@example.com"
    assert user.check_password(PASSWORD)
    assert signed_in_user(client) == user


def test_without_next_a_new_member_lands_on_the_front_page(client):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == FRONT


def test_a_new_member_is_welcomed_and_named_in_the_header(client):
    response = register(client, follow=True)

    assert response.redirect_chain == [(FRONT, 302)]
    assert "Welcome, Nadia K.: your account is ready." in response.text
    assert '<a class="account-name" href="/accounts/profile/">Nadia K.</a>' in response.text
    assert "Sign out" in response.text


def test_without_a_display_name_the_username_is_shown(client):
    response = register(client, display_name="", follow=True)

    user = User.objects.get(username="nadia")
    assert user.display_name == ""
    assert user.public_name == "nadia"
    assert '<a class="account-name" href="/accounts/profile/">nadia</a>' in response.text


def test_registering_starts_a_fresh_session(client):
    # A session id planted before registration (session fixation) must not become
    # the new member's signed-in session.
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key

    register(client)

    assert client.session.session_key != before
    assert signed_in_user(client) is not None


# --- refusals --------------------------------------------------------------------------------


def test_a_username_taken_in_another_case_is_refused(client):
    make_member(username="nadia")

    response = register(client, username="NADIA", email="other@example.com")

    assert response.status_code == 200
    assert field_errors(response, "username") == ["A user with that username already exists."]
    assert not User.objects.filter(email="other@example.com").exists()
    assert signed_in_user(client) is None


def test_an_email_taken_in_another_case_is_refused(client):
    make_member(email="nadia@example.com")

    response = register(client, email="Nadia@EXAMPLE.com")

    assert response.status_code == 200
    assert field_errors(response, "email") == [
        "An account already uses this email address. Sign in, or reset its password."
    ]
    # One clear message, not a second one about a database constraint.
    assert "Constraint" not in response.text
    assert not User.objects.filter(username="nadia").exists()


@pytest.mark.parametrize(
    ("password", "username", "message"),
    [
        ("Xy7-q", "nadia", "This password is too short. It must contain at least 8 characters."),
        ("password123", "nadia", "This password is too common."),
        ("40918273645571", "nadia", "This password is entirely numeric."),
        ("margaretwilkins1", "margaretwilkins", "The password is too similar to the username."),
    ],
    ids=["too-short", "common", "numeric", "like-the-username"],
)
def test_weak_passwords_are_refused_with_djangos_messages(client, password, username, message):
    response = register(client, username=username, password1=password, password2=password)

    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(username=username).exists()


def test_passwords_that_differ_are_refused(client):
    response = register(client, password2=PASSWORD + "x")

    assert response.status_code == 200
    assert field_errors(response, "password2") == ["The two password fields didn’t match."]
    assert not User.objects.exists()


def test_an_email_address_is_required(client):
    response = register(client, email="")

    assert response.status_code == 200
    assert field_errors(response, "email") == ["This field is required."]
    assert not User.objects.exists()


def test_a_refused_form_comes_back_filled_in_except_the_passwords(client):
    response = register(client, password2="a-different-Passphrase-99", next="/search/")

    html = response.text
    assert 'name="username" value="nadia"' in html
    assert 'name="email" value="nadia@example.com"' in html
    assert 'name="display_name" value="Nadia K."' in html
    assert '<input type="hidden" name="next" value="/search/">' in html
    # Passwords are never sent back to the browser.
    assert PASSWORD not in html
    assert "a-different-Passphrase-99" not in html


# --- where a new member is sent --------------------------------------------------------------


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_never_leads_off_the_site(client, next_url):
    response = register(client, next=next_url)

    assert response.status_code == 302
    assert response["Location"] == FRONT
    assert signed_in_user(client) is not None


def test_the_form_does_not_carry_an_off_site_next(client):
    response = client.get(REGISTER, {"next": "https://evil.example/"})
    assert response.status_code == 200
    assert '<input type="hidden" name="next" value="">' in response.text
    assert 'Already a member? <a href="/accounts/login/">Sign in</a>' in response.text


def test_a_signed_in_member_is_sent_on_from_the_register_page(client):
    client.force_login(make_member())

    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_a_signed_in_member_is_sent_to_a_safe_next_but_not_off_site(client):
    client.force_login(make_member())

    assert client.get(REGISTER, {"next": "/search/"})["Location"] == "/search/"
    assert client.get(REGISTER, {"next": "//evil.example"})["Location"] == reverse(
        "accounts:profile"
    )
