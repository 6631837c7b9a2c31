"""The outgoing mail list in the admin: read only, filtered by status, bodies never shown."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from mailing.models import OutgoingMail
from tests.accounts.factories import make_member

pytestmark = pytest.mark.django_db

LIST = reverse("admin:mailing_outgoingmail_changelist")


def make_mail(**fields) -> OutgoingMail:
    values = {
        "sender": "news@localhost",
        "recipient": "reader@example.com",
        "subject": "Reset your password",
        "text_body": "https://example.com/reset/secret-token/",
        "html_body": '<a href="https://example.com/reset/secret-token/">Reset</a>',
        **fields,
    }
    return OutgoingMail.objects.create(**values)


def staff_client(group: str) -> Client:
    person = make_member(is_staff=True)
    person.groups.add(Group.objects.get(name=group))
    browser = Client()
    browser.force_login(person)
    return browser


@pytest.fixture
def failed_mail():
    return make_mail(
        recipient="unlucky@example.com",
        subject="Confirm your email address",
        status=OutgoingMail.Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_an_administrator_finds_the_mail_that_failed(admin_client, failed_mail):
    make_mail(recipient="fine@example.com", status=OutgoingMail.Status.SENT)

    response = admin_client.get(LIST, {"status__exact": "failed"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [failed_mail]
    assert "unlucky@example.com" in response.text
    assert "fine@example.com" not in response.text


def test_a_mails_page_shows_its_error_and_never_its_links(admin_client, failed_mail):
    response = admin_client.get(reverse("admin:mailing_outgoingmail_change", args=[failed_mail.pk]))

    assert response.status_code == 200
    assert "Connection unexpectedly closed" in response.text
    assert "secret-token" not in response.text


def test_the_list_is_read_only(admin_client, failed_mail):
    assert admin_client.get(reverse("admin:mailing_outgoingmail_add")).status_code == 403
    delete = reverse("admin:mailing_outgoingmail_delete", args=[failed_mail.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:mailing_outgoingmail_change", args=[failed_mail.pk])
    admin_client.post(change, {"status": "waiting", "subject": "Changed"})
    failed_mail.refresh_from_db()
    assert (failed_mail.status, failed_mail.subject) == ("failed", "Confirm your email address")


def test_moderators_read_the_list_and_editors_do_not(failed_mail):
    assert staff_client("Moderators").get(LIST).status_code == 200
    assert staff_client("Editors").get(LIST).status_code == 403


def test_moderators_see_guests_confirmations_but_not_members_account_mail():
    make_mail(recipient="guest@example.com", key="comment-confirm:7", subject="Confirm")
    make_mail(recipient="member@example.com", subject="Reset your password")

    page = staff_client("Moderators").get(LIST).content.decode()

    assert "guest@example.com" in page
    assert "member@example.com" not in page
