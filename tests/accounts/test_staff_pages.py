"""The moderators' pages: signed out, sign in and come back; signed in without the role, 403."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from comments.models import Ban

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
QUEUE = reverse("comments:moderation")
LOG = reverse("comments:moderation_log")
BANS = reverse("comments:bans")


def sign_in_page_for(path: str) -> str:
    return f"{LOGIN}?{urlencode({'next': path}, safe='/')}"


@pytest.fixture
def moderator():
    person = make_member(username="mona", email="mona@example.com", is_staff=True)
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.mark.parametrize("path", [QUEUE, f"{QUEUE}?tab=spam", LOG, BANS])
def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(client, moderator, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == sign_in_page_for(path)

    # The sign-in page carries the return address, and signing in lands on the page.
    form = client.get(response["Location"])
    assert f'<input type="hidden" name="next" value="{path}">' in form.text
    signed_in = client.post(
        LOGIN, {"username": "mona", "password": PASSWORD, "next": path}, follow=True
    )
    assert signed_in.redirect_chain == [(path, 302)]
    assert signed_in.status_code == 200


def test_a_signed_out_post_from_a_stale_page_is_sent_to_sign_in_and_the_page(client, moderator):
    ban = Ban.objects.create(kind=Ban.Kind.EMAIL, email="troll@example.com", created_by=moderator)

    lift = client.post(reverse("comments:lift_ban", args=[ban.pk]))
    reverse_decision = client.post(reverse("comments:reverse", args=[1]))

    # Back to the page the button was on, not to an address that only takes POST.
    assert lift["Location"] == sign_in_page_for(BANS)
    assert reverse_decision["Location"] == sign_in_page_for(LOG)
    assert Ban.objects.get().in_force()


@pytest.mark.parametrize("path", [QUEUE, LOG, BANS])
def test_a_signed_in_member_without_the_role_gets_the_403_page(path):
    member = Client()
    member.force_login(make_member(username="reader"))

    response = member.get(path)

    assert response.status_code == 403
    assert "Your account does not give access to it." in response.text
    # A way to sign in with another account and come back here.
    assert f'name="next" value="{LOGIN}?next={path}"' in response.text


def test_the_403_pages_other_account_button_signs_out_and_returns(moderator):
    browser = Client()
    browser.force_login(make_member(username="reader"))
    refused = browser.get(f"{QUEUE}?tab=spam")
    assert refused.status_code == 403

    signed_out = browser.post(
        reverse("accounts:logout"), {"next": f"{LOGIN}?next=/en/comments/moderation/%3Ftab%3Dspam"}
    )
    back = browser.post(
        signed_out["Location"].split("?")[0],
        {"username": "mona", "password": PASSWORD, "next": f"{QUEUE}?tab=spam"},
    )

    assert signed_out["Location"] == f"{LOGIN}?next=/en/comments/moderation/%3Ftab%3Dspam"
    assert back["Location"] == f"{QUEUE}?tab=spam"
    assert browser.get(back["Location"]).status_code == 200


@pytest.mark.urls("tests.error_urls")
def test_the_403_pages_sign_in_link_returns_to_the_page(client):
    response = client.get("/test-errors/403/")

    assert response.status_code == 403
    assert '<a href="/en/accounts/login/?next=/test-errors/403/">sign in</a>' in response.text
