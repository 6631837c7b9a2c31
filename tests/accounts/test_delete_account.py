"""A member deletes their account, keeping their comments under "Former member" or not."""

import pytest

from accounts.models import User
from comments.models import Comment
from tests.accounts.factories import PASSWORD, make_member
from tests.comments.factories import make_comment
from tests.comments.helpers import text_of, visible_text

pytestmark = pytest.mark.django_db

DELETE = "/en/accounts/delete/"


@pytest.fixture
def member():
    return make_member(username="leaving", display_name="Lana Leaving", email="lana@example.com")


def test_the_page_asks_for_the_password_and_what_to_do_with_comments(client, member):
    client.force_login(member)

    html = text_of(client.get(DELETE))

    assert "Keep them, shown under “Former member”" in visible_text(html)
    assert 'name="password"' in html
    assert "download your comments" in visible_text(html)


def test_it_needs_signing_in(client):
    response = client.get(DELETE)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_wrong_password_deletes_nothing(client, member):
    client.force_login(member)

    response = client.post(DELETE, {"comments": "keep", "password": "not-it"})

    assert response.status_code == 400
    assert "That is not your password." in visible_text(text_of(response))
    assert User.objects.filter(pk=member.pk).exists()


def test_kept_comments_stay_under_former_member_without_the_email(client, member):
    comment = make_comment(user=member, body="I was here.")
    client.force_login(member)

    response = client.post(DELETE, {"comments": "keep", "password": PASSWORD}, follow=True)

    assert not User.objects.filter(pk=member.pk).exists()
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email, comment.user) == ("Former member", "", None)
    assert "Your account is deleted." in visible_text(text_of(response))
    page = visible_text(text_of(client.get(comment.article.get_absolute_url())))
    assert "Former member" in page
    assert "Lana Leaving" not in page
    # Signed out with it.
    assert client.get("/en/accounts/profile/").status_code == 302


def test_deleted_comments_go_but_others_replies_to_them_stay(client, member):
    comment = make_comment(user=member, body="Going with my account.")
    reply = make_comment(article=comment.article, parent=comment, body="A reply of my own.")
    client.force_login(member)

    client.post(DELETE, {"comments": "delete", "password": PASSWORD})

    assert not Comment.objects.filter(pk=comment.pk).exists()
    reply.refresh_from_db()
    assert reply.parent is None
    page = visible_text(text_of(client.get(reply.article.get_absolute_url())))
    assert "A reply of my own." in page
    assert "Going with my account." not in page


def test_the_sidebar_forgets_the_members_name_at_once(client, member):
    make_comment(user=member, body="Quoted in the sidebar.")
    assert "Lana Leaving" in visible_text(text_of(client.get("/en/")))
    client.force_login(member)

    client.post(DELETE, {"comments": "keep", "password": PASSWORD})

    assert "Lana Leaving" not in visible_text(text_of(client.get("/en/")))
