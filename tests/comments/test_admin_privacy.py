"""Guests' email addresses in the admin: for moderators' eyes only."""

import pytest

from .factories import make_comment
from .helpers import text_of

pytestmark = pytest.mark.django_db


def test_an_editor_reads_a_comment_without_the_guests_email(editor_client):
    comment = make_comment(author_email="private.guest@example.com")

    html = text_of(editor_client.get(f"/admin/comments/comment/{comment.pk}/change/"))

    assert comment.author_name in html
    assert "private.guest@example.com" not in html


def test_an_editor_cannot_find_comments_by_email(editor_client):
    make_comment(author_email="private.guest@example.com", body="Findable by text only.")

    html = text_of(editor_client.get("/admin/comments/comment/?q=private.guest"))

    assert "Findable by text only." not in html


def test_a_moderator_sees_and_searches_the_email(moderator_client):
    comment = make_comment(author_email="private.guest@example.com", body="Found by email.")

    change = text_of(moderator_client.get(f"/admin/comments/comment/{comment.pk}/change/"))
    found = text_of(moderator_client.get("/admin/comments/comment/?q=private.guest"))

    assert "private.guest@example.com" in change
    assert "Found by email." in found


def test_the_admin_offers_moderators_only_decisions_as_statuses(moderator_client):
    comment = make_comment()

    html = text_of(moderator_client.get(f"/admin/comments/comment/{comment.pk}/change/"))

    assert '<option value="approved" selected>' in html
    assert 'value="withdrawn"' not in html
    assert 'value="unconfirmed"' not in html
