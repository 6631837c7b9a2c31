"""What commenters keep control of: editing or deleting their comment for ten minutes
after it is published, and a member's download of everything they wrote."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import BlockedWord, Comment, CommentVersion
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, make_comment
from .helpers import (
    comment_count,
    comment_ids,
    comments_section,
    confirm_in,
    post_comment,
    sidebar,
    text_of,
    visible_text,
)
from .safety import QUEUE, fresh, messages_text, queue_item, status_of, textarea_text

pytestmark = pytest.mark.django_db

TWO_LINKS = "Sources: https://one.example.com/a and https://two.example.com/b"
THIRD_LINK = TWO_LINKS + " and https://three.example.com/c"


def edit_url(comment) -> str:
    return f"/en/comments/{comment.pk}/edit/"


def delete_url(comment) -> str:
    return f"/en/comments/{comment.pk}/delete/"


def minutes_ago(minutes: float):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def author(trusted_member):
    """A member whose comments go straight through, in a browser of their own."""
    browser = Client()
    browser.force_login(trusted_member)
    return browser


def publish(browser, article, body):
    """Post a comment that goes straight through; return it."""
    post_comment(browser, article, body=body)
    comment = Comment.objects.get(body=body)
    assert comment.status == APPROVED
    return comment


@pytest.fixture
def guest():
    """A guest's browser that confirmed an address with two approved comments already."""
    for _ in range(2):
        make_comment(author_email="gil@example.com", author_name="Gil Guest")
    browser = Client()
    confirm_in(browser, "gil@example.com")
    return browser


def guest_publish(browser, article, body):
    post_comment(
        browser,
        article,
        address="10.5.0.9",
        body=body,
        author_email="gil@example.com",
        author_name="Gil",
    )
    comment = Comment.objects.get(body=body)
    assert comment.status == APPROVED
    return comment


# --- editing -------------------------------------------------------------------------------------


def test_a_member_edits_their_comment_just_after_publishing_it(author):
    article = make_article()
    comment = publish(author, article, "Teh council voted.")

    form = author.get(edit_url(comment))
    response = author.post(edit_url(comment), {"body": "The council voted."})

    assert form.status_code == 200
    assert textarea_text(text_of(form)) == "Teh council voted."
    assert response.status_code == 302
    assert "Your comment was updated." in messages_text(
        text_of(author.get(response["Location"], follow=True))
    )
    assert fresh(comment).body == "The council voted."
    assert status_of(comment) == APPROVED


def test_the_article_page_offers_the_author_an_edit_link(author):
    article = make_article()
    comment = publish(author, article, "Changeable for a while.")

    html = text_of(author.get(article.get_absolute_url()))

    assert f'href="{edit_url(comment)}"' in html
    assert f'href="{delete_url(comment)}"' in html
    assert f'href="{edit_url(comment)}"' not in text_of(Client().get(article.get_absolute_url()))


def test_an_edited_comment_says_so_and_keeps_its_earlier_text(author):
    article = make_article()
    comment = publish(author, article, "First draft of my view.")

    author.post(edit_url(comment), {"body": "Second draft of my view."})

    html = text_of(Client().get(article.get_absolute_url()))
    item = re.search(rf'<li class="comment" id="comment-{comment.pk}">(.*?)</li>', html, re.DOTALL)
    assert "(edited)" in visible_text(item.group(1))
    assert "Second draft of my view." in item.group(1)
    assert "First draft" not in html
    (version,) = CommentVersion.objects.filter(comment=comment)
    assert version.body == "First draft of my view."
    assert version.written_at == comment.submitted_at


def test_moderators_see_the_earlier_versions_in_the_queue(author, moderator_client):
    comment = publish(author, make_article(), "Innocent at first.")

    author.post(edit_url(comment), {"body": THIRD_LINK})

    text = visible_text(queue_item(text_of(moderator_client.get(QUEUE)), comment))
    assert "earlier versions" in text
    assert "Innocent at first." in text


def test_each_edit_keeps_one_more_version(author):
    comment = publish(author, make_article(), "Version one.")

    author.post(edit_url(comment), {"body": "Version two."})
    author.post(edit_url(comment), {"body": "Version three."})

    assert list(comment.versions.values_list("body", flat=True)) == ["Version one.", "Version two."]
    assert fresh(comment).body == "Version three."


def test_an_unedited_comment_does_not_say_edited(author):
    article = make_article()
    publish(author, article, "Never touched again.")

    assert "(edited)" not in text_of(Client().get(article.get_absolute_url()))


def test_an_edit_that_adds_a_third_link_sends_the_comment_back_to_the_queue(
    author, client, moderator_client
):
    article = make_article()
    comment = publish(author, article, TWO_LINKS)
    assert TWO_LINKS in sidebar(text_of(client.get("/en/")))  # now cached

    response = author.post(edit_url(comment), {"body": THIRD_LINK})

    comment = fresh(comment)
    assert comment.status == PENDING
    assert "links" in comment.reasons
    assert "edited" in comment.reasons
    assert "waits for a moderator again" in messages_text(
        text_of(author.get(response["Location"], follow=True))
    )
    page = text_of(client.get(article.get_absolute_url()))
    assert comment.pk not in comment_ids(page)
    assert comment_count(page) == 0
    assert "one.example.com" not in page
    assert "three.example.com" not in text_of(client.get("/en/feeds/comments/"))
    text = visible_text(queue_item(text_of(moderator_client.get(QUEUE)), comment))
    assert "Held because:" in text
    assert "Too many links" in text
    assert "Edited after posting" in text


def test_an_edit_with_a_blocklisted_word_waits_too(author):
    BlockedWord.objects.create(word="swindle")
    comment = publish(author, make_article(), "A fair deal.")

    author.post(edit_url(comment), {"body": "A swindle, really."})

    assert (status_of(comment), "blocklist" in fresh(comment).reasons) == (PENDING, True)


def test_an_edit_is_checked_like_a_new_comment(author):
    comment = publish(author, make_article(), "Long enough.")

    response = author.post(edit_url(comment), {"body": " x "})

    assert response.status_code == 400
    assert "at least 2 characters" in visible_text(text_of(response))
    assert fresh(comment).body == "Long enough."
    assert not CommentVersion.objects.exists()


def test_a_guest_edits_their_comment_from_the_same_browser(guest):
    article = make_article()
    comment = guest_publish(guest, article, "Guest's frist words.")

    response = guest.post(edit_url(comment), {"body": "Guest's first words."})

    assert response.status_code == 302
    assert fresh(comment).body == "Guest's first words."
    assert status_of(comment) == APPROVED


def test_another_reader_cannot_edit_or_delete_the_comment(author, guest):
    article = make_article()
    members = publish(author, article, "A member's words.")
    guests = guest_publish(guest, article, "A guest's words.")
    stranger = Client()
    other_member = Client()
    other_member.force_login(make_member())

    for browser in (stranger, other_member):
        for comment in (members, guests):
            assert browser.get(edit_url(comment)).status_code == 404
            assert browser.post(edit_url(comment), {"body": "Hijacked."}).status_code == 404
            assert browser.get(delete_url(comment)).status_code == 404
            assert browser.post(delete_url(comment)).status_code == 404
    assert fresh(members).body == "A member's words."
    assert fresh(guests).body == "A guest's words."
    assert {status_of(members), status_of(guests)} == {APPROVED}


def test_the_same_guest_address_in_another_browser_cannot_edit(guest):
    comment = guest_publish(guest, make_article(), "Only from my browser.")
    elsewhere = Client()
    confirm_in(elsewhere, "gil@example.com")

    assert elsewhere.post(edit_url(comment), {"body": "Changed elsewhere."}).status_code == 404
    assert fresh(comment).body == "Only from my browser."


# --- the ten minutes -----------------------------------------------------------------------------


def test_after_ten_minutes_the_comment_can_no_longer_be_changed(author):
    comment = publish(author, make_article(), "Set in stone soon.")
    Comment.objects.filter(pk=comment.pk).update(submitted_at=minutes_ago(11))

    form = author.get(edit_url(comment))
    edit = author.post(edit_url(comment), {"body": "Too late to change."})
    delete = author.post(delete_url(comment))

    for response in (form, edit, delete):
        assert response.status_code == 403
        text = visible_text(text_of(response))
        assert "Too late to change this comment" in text
        assert "for ten minutes after it is published" in text
    assert fresh(comment).body == "Set in stone soon."
    assert status_of(comment) == APPROVED


def test_nine_minutes_after_publication_it_can_still_be_changed(author):
    comment = publish(author, make_article(), "Still soft.")
    Comment.objects.filter(pk=comment.pk).update(submitted_at=minutes_ago(9))

    assert author.post(edit_url(comment), {"body": "Still soft, edited."}).status_code == 302


def test_the_ten_minutes_start_when_a_moderator_publishes_the_comment(client, moderator_client):
    post_comment(client, make_article(), body="Waited an hour for a moderator.")
    comment = Comment.objects.get(body="Waited an hour for a moderator.")
    Comment.objects.filter(pk=comment.pk).update(submitted_at=minutes_ago(60))
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})

    response = client.post(edit_url(comment), {"body": "Corrected just after approval."})

    assert response.status_code == 302
    assert fresh(comment).body == "Corrected just after approval."


def test_the_window_is_a_setting(author, settings):
    settings.COMMENTS_EDIT_SECONDS = 60
    comment = publish(author, make_article(), "A short window.")
    Comment.objects.filter(pk=comment.pk).update(submitted_at=minutes_ago(2))

    assert author.post(edit_url(comment), {"body": "Missed it."}).status_code == 403


def test_a_comment_a_moderator_sent_back_to_the_queue_stays_there_when_edited(
    author, moderator_client
):
    article = make_article()
    comment = publish(author, article, "Published, then doubted.")
    moderator_client.post(QUEUE, {"decide": f"pending:{comment.pk}"})
    assert status_of(comment) == PENDING

    author.post(edit_url(comment), {"body": "Published, then doubted, then edited."})

    assert status_of(comment) == PENDING
    assert "then edited" not in text_of(Client().get(article.get_absolute_url()))


def test_a_rejected_comment_cannot_be_edited_back_into_the_queue(client, moderator_client):
    post_comment(client, make_article(), body="Rejected words.")
    comment = Comment.objects.get()
    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})

    assert client.post(edit_url(comment), {"body": "Try again."}).status_code == 404
    assert status_of(comment) == REJECTED


# --- deleting ------------------------------------------------------------------------------------


def test_deleting_asks_first(author):
    comment = publish(author, make_article(), "Should I keep it?")

    response = author.get(delete_url(comment))

    assert response.status_code == 200
    assert "Delete your comment?" in visible_text(text_of(response))
    assert status_of(comment) == APPROVED


def test_a_deleted_comment_is_withdrawn_and_gone_from_every_page(author, client):
    article = make_article()
    comment = publish(author, article, "I take it back.")
    assert "I take it back." in sidebar(text_of(client.get("/en/")))  # now cached

    response = author.post(delete_url(comment))

    assert response.status_code == 302
    assert status_of(comment) == Comment.Status.WITHDRAWN
    assert Comment.objects.filter(pk=comment.pk).exists()  # kept for the record
    page = text_of(client.get(article.get_absolute_url()))
    assert comment_ids(page) == []
    assert comment_count(page) == 0
    assert "I take it back." not in page
    assert "I take it back." not in text_of(client.get("/en/"))
    assert "I take it back." not in text_of(client.get("/en/feeds/comments/"))
    assert client.get(comment.get_absolute_url()).status_code == 404
    assert "I take it back." not in comments_section(
        text_of(author.get(article.get_absolute_url()))
    )


def test_a_guest_deletes_their_comment_from_the_same_browser(guest):
    comment = guest_publish(guest, make_article(), "A guest's second thoughts.")

    guest.post(delete_url(comment))

    assert status_of(comment) == Comment.Status.WITHDRAWN


def test_a_deleted_comment_cannot_be_edited_or_deleted_again(author):
    comment = publish(author, make_article(), "Gone for good.")
    author.post(delete_url(comment))

    assert author.post(edit_url(comment), {"body": "Back again."}).status_code == 404
    assert author.post(delete_url(comment)).status_code == 404
    assert status_of(comment) == Comment.Status.WITHDRAWN


def test_a_comment_still_waiting_can_be_deleted_by_its_author(client):
    post_comment(client, make_article(), body="Never mind.")
    comment = Comment.objects.get()

    client.post(delete_url(comment))

    assert status_of(comment) == Comment.Status.WITHDRAWN


# --- a member's download -------------------------------------------------------------------------


def test_a_member_downloads_all_their_comments_as_json(author, trusted_member):
    article = make_article(headline="Tram line opens")
    edited = publish(author, article, "Before my edit.")
    author.post(edit_url(edited), {"body": "After my edit."})
    held = make_comment(article, user=trusted_member, status=PENDING, body="Held one.")
    rejected = make_comment(article, user=trusted_member, status=REJECTED, body="Rejected one.")
    make_comment(article, body="Somebody else's words.")
    make_comment(article, author_email=trusted_member.email, body="A guest using my address.")

    response = author.get("/en/comments/mine.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    by_text = {entry["text"]: entry for entry in data["comments"]}
    earliest = Comment.objects.filter(user=trusted_member).order_by("pk").first()
    assert set(by_text) == {earliest.body, "After my edit.", "Held one.", "Rejected one."}
    assert data["member"] == trusted_member.username
    assert by_text["After my edit."]["status"] == APPROVED
    assert [v["text"] for v in by_text["After my edit."]["earlier_versions"]] == ["Before my edit."]
    assert by_text["Held one."]["status"] == PENDING
    assert by_text["Rejected one."]["status"] == REJECTED
    assert by_text["Held one."]["id"] == held.pk
    assert by_text["Rejected one."]["id"] == rejected.pk
    assert by_text["Held one."]["article"] == "Tram line opens"
    assert "Somebody else" not in response.content.decode()
    assert "A guest using my address." not in response.content.decode()


def test_the_download_needs_a_signed_in_member(client):
    make_comment(body="Not for strangers.")

    response = client.get("/en/comments/mine.json")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "Not for strangers." not in response.content.decode()


def test_the_download_is_not_kept_by_caches(author):
    response = author.get("/en/comments/mine.json")

    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["comments"]  # the fixture's approved comment
