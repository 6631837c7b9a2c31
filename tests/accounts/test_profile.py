"""The member's profile page (display name and email) and changing the password."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
PASSWORD_CHANGE = reverse("accounts:password_change")
LOGIN = reverse("accounts:login")

NEW_PASSWORD = "another-Long-passphrase-for-72"


@pytest.fixture
def member():
    return make_member(username="layla", email="layla@example.com", display_name="Layla")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


# --- the profile -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PROFILE, PASSWORD_CHANGE])
def test_guests_are_sent_to_sign_in_first(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={path}"


def test_the_profile_shows_the_form_filled_in(member_client):
    response = member_client.get(PROFILE)

    assert response.status_code == 200
    assert "Signed in as <strong>layla</strong>" in response.text
    assert 'name="display_name" value="Layla"' in response.text
    assert 'name="email" value="layla@example.com"' in response.text
    assert f'href="{PASSWORD_CHANGE}">Change your password</a>' in response.text


def test_the_profile_renders_the_members_comments_slot(member_client):
    # The comments app fills this slot; the profile must keep rendering it.
    response = member_client.get(PROFILE)
    assertTemplateUsed(response, "accounts/includes/member_comments_slot.html")


def test_saving_the_profile_changes_the_name_in_the_header(member_client, member):
    response = member_client.post(
        PROFILE, {"display_name": "Layla H.", "email": "layla.h@example.com"}, follow=True
    )

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your profile was saved." in response.text
    assert '<a class="account-name" href="/en/accounts/profile/">Layla H.</a>' in response.text
    member.refresh_from_db()
    assert (member.display_name, member.email) == ("Layla H.", "layla.h@example.com")


def test_clearing_the_display_name_shows_the_username(member_client, member):
    response = member_client.post(
        PROFILE, {"display_name": "", "email": "layla@example.com"}, follow=True
    )
    assert '<a class="account-name" href="/en/accounts/profile/">layla</a>' in response.text


def test_an_email_another_account_uses_in_another_case_is_refused(member_client, member):
    make_member(email="taken@example.com")

    response = member_client.post(
        PROFILE, {"display_name": "Layla H.", "email": "TAKEN@Example.com"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Another account already uses this email address."
    ]
    # The form comes back as typed, so nothing has to be typed again.
    assert 'name="display_name" value="Layla H."' in response.text
    assert 'name="email" value="TAKEN@Example.com"' in response.text
    member.refresh_from_db()
    assert (member.display_name, member.email) == ("Layla", "layla@example.com")


def test_the_members_own_email_in_another_case_is_accepted(member_client, member):
    response = member_client.post(PROFILE, {"display_name": "Layla", "email": "Layla@EXAMPLE.com"})

    assert response.status_code == 302
    member.refresh_from_db()
    # Django normalises only the domain part of an address.
    assert member.email == "Layla@example.com"


def test_an_email_address_is_required(member_client, member):
    response = member_client.post(PROFILE, {"display_name": "Layla", "email": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This field is required."]
    member.refresh_from_db()
    assert member.email == "layla@example.com"


# --- changing the password -------------------------------------------------------------------


def change_password(client, old, new=NEW_PASSWORD, **fields):
    data = {"old_password": old, "new_password1": new, "new_password2": new, **fields}
    return client.post(PASSWORD_CHANGE, data, follow=True)


def test_the_old_password_is_required(member_client, member):
    response = change_password(member_client, old="not-my-Old-password-1")

    assert response.status_code == 200
    assert "Your old password was entered incorrectly. Please enter it again." in response.text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_a_weak_new_password_is_refused(member_client, member):
    response = change_password(member_client, old=PASSWORD, new="12345678")

    assert "This password is too common." in response.text
    assert "This password is entirely numeric." in response.text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_changing_the_password_keeps_the_member_signed_in(member_client, member):
    response = change_password(member_client, old=PASSWORD)

    assert response.redirect_chain == [(PROFILE, 302)]
    assert "Your password was changed." in response.text
    # Still signed in on the next page: the session's auth hash was updated.
    assert member_client.session.get(SESSION_KEY) == str(member.pk)
    assert member_client.get(PROFILE).status_code == 200


def test_after_a_change_only_the_new_password_signs_in(member_client, member):
    change_password(member_client, old=PASSWORD)

    old = Client().post(LOGIN, {"username": "layla", "password": PASSWORD})
    new = Client().post(LOGIN, {"username": "layla", "password": NEW_PASSWORD})

    assert old.status_code == 200
    assert new.status_code == 302


def test_changing_the_password_signs_out_other_sessions(member_client, member):
    # A session on another device (or a stolen one) ends with the old password.
    other_device = Client()
    other_device.force_login(member)

    change_password(member_client, old=PASSWORD)

    response = other_device.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
