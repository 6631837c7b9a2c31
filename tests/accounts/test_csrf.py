"""Every account form refuses a POST without a CSRF token, as a forged cross-site form would be."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    # The test client skips CSRF checks unless asked; browsers are not so kind.
    return Client(enforce_csrf_checks=True)


GUEST_FORMS = {
    "register": (
        reverse("accounts:register"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    ),
    "login": (reverse("accounts:login"), {"username": "member", "password": PASSWORD}),
    "admin-login": (reverse("admin:login"), {"username": "member", "password": PASSWORD}),
    "password-reset": (reverse("accounts:password_reset"), {"email": "member@example.com"}),
}

MEMBER_FORMS = {
    "logout": (reverse("accounts:logout"), {}),
    "profile": (
        reverse("accounts:profile"),
        {"display_name": "Forged", "email": "forged@example.com"},
    ),
    "password-change": (
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "forged-Passphrase-000",
            "new_password2": "forged-Passphrase-000",
        },
    ),
}


@pytest.fixture
def member():
    return make_member(username="member", email="member@example.com", is_staff=True)


@pytest.mark.parametrize("form", GUEST_FORMS)
def test_guest_forms_refuse_a_post_without_a_token(strict_client, member, mailoutbox, form):
    path, data = GUEST_FORMS[form]

    response = strict_client.post(path, data)

    assert response.status_code == 403
    assert strict_client.session.get(SESSION_KEY) is None
    assert mailoutbox == []


@pytest.mark.parametrize("form", MEMBER_FORMS)
def test_member_forms_refuse_a_post_without_a_token(strict_client, member, form):
    path, data = MEMBER_FORMS[form]
    strict_client.force_login(member)

    response = strict_client.post(path, data)

    assert response.status_code == 403
    # Nothing changed: still signed in, same name, same password.
    assert strict_client.session.get(SESSION_KEY) == str(member.pk)
    member.refresh_from_db()
    assert member.display_name == ""
    assert member.check_password(PASSWORD)


def test_the_same_post_with_the_token_goes_through(strict_client, member):
    # The control for the tests above: the 403s come from the missing token alone.
    strict_client.get(reverse("accounts:login"))
    token = strict_client.cookies[settings.CSRF_COOKIE_NAME].value

    response = strict_client.post(
        reverse("accounts:login"),
        {"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert strict_client.session.get(SESSION_KEY) == str(member.pk)
