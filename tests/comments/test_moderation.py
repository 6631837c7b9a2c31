"""The moderators' queue, their decisions, the admin's actions and the blocklist."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.utils import timezone

from comments.models import BlockedWord, Comment
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment
from .helpers import post_comment, text_of, visible_text

pytestmark = pytest.mark.django_db

QUEUE = "/en/comments/moderation/"
ADMIN_COMMENTS = "/admin/comments/comment/"
HASH = "3f2a9c1b" + "0" * 56


def queue_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="queue-item" id="comment-(\d+)">', html)]


def queue_item(html: str, comment) -> str:
    found = re.search(
        rf'<li class="queue-item" id="comment-{comment.pk}">(.*?)</li>', html, re.DOTALL
    )
    assert found, f"comment {comment.pk} is not in the queue"
    return found.group(1)


def minutes_ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


# --- who may open the queue ----------------------------------------------------------------------


def test_readers_cannot_open_the_queue(client):
    # Signed out: sent to sign in, and back (tests/accounts/test_staff_pages.py).
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_a_plain_member_cannot_open_the_queue(client):
    client.force_login(make_member())
    assert client.get(QUEUE).status_code == 403


def test_an_editor_cannot_open_the_queue(editor_client):
    assert editor_client.get(QUEUE).status_code == 403


def test_an_editor_cannot_decide_either(editor_client):
    comment = make_comment(status=PENDING)

    response = editor_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})

    assert response.status_code == 403
    assert status_of(comment) == PENDING


def test_a_moderator_opens_the_queue(moderator_client):
    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    assert "Comment moderation" in visible_text(text_of(response))
    assert "no-cache" in response["Cache-Control"]


def test_the_queue_is_kept_out_of_search_engines(moderator_client):
    assert '<meta name="robots" content="noindex, nofollow">' in text_of(
        moderator_client.get(QUEUE)
    )


# --- what the queue shows ------------------------------------------------------------------------


def test_the_queue_lists_pending_comments_newest_first(moderator_client):
    older = make_comment(status=PENDING, submitted_at=minutes_ago(30))
    newest = make_comment(status=PENDING, submitted_at=minutes_ago(1))
    middle = make_comment(status=PENDING, submitted_at=minutes_ago(10))
    make_comment(status=APPROVED)
    make_comment(status=REJECTED)
    make_comment(status=SPAM)

    html = text_of(moderator_client.get(QUEUE))

    assert queue_ids(html) == [newest.pk, middle.pk, older.pk]


def test_each_queued_comment_shows_what_a_moderator_needs(moderator_client):
    article = make_article(headline="Bridge reopens")
    comment = make_comment(
        article,
        status=PENDING,
        author_name="Lina Guest",
        author_email="lina@example.com",
        body="See https://a.example.com/x and https://b.example.com/y and https://c.example.com/z",
        client_hash=HASH,
        reasons=["guest", "links"],
    )

    item = queue_item(text_of(moderator_client.get(QUEUE)), comment)

    text = visible_text(item)
    assert "Lina Guest <lina@example.com> (guest)" in text
    assert f'<code title="A keyed hash of the address, not the address">{HASH[:8]}</code>' in item
    assert "· 3 links" in text
    assert f'On <a href="{article.get_absolute_url()}">Bridge reopens</a>' in item
    assert "Held because: Guest comment, Too many links" in text
    assert f'value="approve:{comment.pk}"' in item


def test_a_members_queued_comment_names_the_account(moderator_client, member):
    comment = make_comment(status=PENDING, user=member, reasons=["first-comment"])

    text = visible_text(queue_item(text_of(moderator_client.get(QUEUE)), comment))

    assert "Nadia New <nadia@example.com> (member newbie)" in text
    assert "· 0 links" in text
    assert "Held because: Member's first comment" in text


def test_a_comment_with_one_link_says_link_not_links(moderator_client):
    comment = make_comment(status=PENDING, body="Source: https://example.com/a")
    assert "· 1 link On " in visible_text(queue_item(text_of(moderator_client.get(QUEUE)), comment))


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("links", {"links", "both"}),
        ("guest", {"guest", "both"}),
        ("first-comment", {"first"}),
        ("blocklist", set()),
        ("", {"links", "guest", "both", "first"}),
        ("no-such-reason", {"links", "guest", "both", "first"}),
    ],
)
def test_the_queue_filters_by_reason(moderator_client, reason, expected):
    made = {
        "links": make_comment(status=PENDING, reasons=["links"]),
        "guest": make_comment(status=PENDING, reasons=["guest"]),
        "both": make_comment(status=PENDING, reasons=["guest", "links"]),
        "first": make_comment(status=PENDING, reasons=["first-comment"]),
    }
    make_comment(status=SPAM, reasons=["links"])

    html = text_of(moderator_client.get(QUEUE, {"reason": reason}))

    assert set(queue_ids(html)) == {made[key].pk for key in expected}


def test_the_reason_filter_shows_the_chosen_reason(moderator_client):
    html = text_of(moderator_client.get(QUEUE, {"reason": "links"}))
    assert '<option value="links" selected>Too many links</option>' in html


@pytest.mark.parametrize(("tab", "status"), [("spam", SPAM), ("rejected", REJECTED)])
def test_spam_and_rejected_have_their_own_tabs(moderator_client, tab, status):
    shown = make_comment(status=status)
    make_comment(status=PENDING)
    make_comment(status=APPROVED)
    make_comment(status=SPAM if status == REJECTED else REJECTED)

    html = text_of(moderator_client.get(QUEUE, {"tab": tab}))

    assert queue_ids(html) == [shown.pk]
    assert f'<a href="?tab={tab}" aria-current="page">' in html
    assert '<option value="pending">Back to the queue</option>' in html


def test_an_unknown_tab_shows_the_pending_queue(moderator_client):
    pending = make_comment(status=PENDING)
    make_comment(status=SPAM)

    html = text_of(moderator_client.get(QUEUE, {"tab": "approved"}))

    assert queue_ids(html) == [pending.pk]


def test_an_empty_queue_says_so(moderator_client):
    make_comment(status=APPROVED)
    assert "Nothing here. The queue is clear." in visible_text(text_of(moderator_client.get(QUEUE)))


# --- deciding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "label"),
    [("approve", APPROVED, "approved"), ("reject", REJECTED, "rejected"), ("spam", SPAM, "spam")],
)
def test_a_comments_own_button_decides_it(moderator_client, moderator, action, status, label):
    comment = make_comment(status=PENDING)
    other = make_comment(status=PENDING)

    response = moderator_client.post(f"{QUEUE}?tab=pending", {"decide": f"{action}:{comment.pk}"})

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?tab=pending"
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.decided_by == moderator
    assert timezone.now() - comment.decided_at < timedelta(seconds=30)
    assert status_of(other) == PENDING
    html = text_of(moderator_client.get(response["Location"]))
    assert f"1 comment(s) marked {label}." in visible_text(html)
    assert queue_ids(html) == [other.pk]


def test_a_bulk_action_decides_every_ticked_comment(moderator_client, moderator):
    first, second, untouched = (make_comment(status=PENDING) for _ in range(3))

    response = moderator_client.post(
        QUEUE, {"bulk": "1", "bulk_action": "reject", "ids": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    for comment in (first, second):
        comment.refresh_from_db()
        assert (comment.status, comment.decided_by) == (REJECTED, moderator)
        assert comment.decided_at is not None
    untouched.refresh_from_db()
    assert (untouched.status, untouched.decided_by, untouched.decided_at) == (PENDING, None, None)
    html = text_of(moderator_client.get(response["Location"]))
    assert "2 comment(s) marked rejected." in visible_text(html)


def test_the_bulk_action_wins_over_a_stray_button_value(moderator_client):
    first, second = make_comment(status=PENDING), make_comment(status=PENDING)

    moderator_client.post(
        QUEUE,
        {"bulk": "1", "bulk_action": "spam", "ids": [first.pk], "decide": f"approve:{second.pk}"},
    )

    assert (status_of(first), status_of(second)) == (SPAM, PENDING)


def test_spam_can_be_sent_back_to_the_queue(moderator_client):
    comment = make_comment(status=SPAM, reasons=["honeypot"])

    response = moderator_client.post(
        f"{QUEUE}?tab=spam", {"bulk": "1", "bulk_action": "pending", "ids": [comment.pk]}
    )

    assert response["Location"] == f"{QUEUE}?tab=spam"
    assert status_of(comment) == PENDING


def test_a_decision_keeps_the_reason_filter(moderator_client):
    comment = make_comment(status=PENDING, reasons=["links"])

    response = moderator_client.post(
        f"{QUEUE}?tab=pending&reason=links", {"decide": f"approve:{comment.pk}"}
    )

    assert response["Location"] == f"{QUEUE}?tab=pending&reason=links"


def test_the_last_decision_is_shown_on_a_comment_sent_back(moderator_client):
    comment = make_comment(status=SPAM)
    moderator_client.post(QUEUE, {"decide": f"pending:{comment.pk}"})

    item = queue_item(text_of(moderator_client.get(QUEUE)), comment)

    assert "Last decided by Mona Moderator" in visible_text(item)


@pytest.mark.parametrize(
    "data",
    [
        {"decide": "destroy:{pk}"},
        {"decide": "approve:"},
        {"decide": "approve:abc"},
        {"decide": "approve:{pk}:{pk}"},
        {"bulk": "1", "bulk_action": "approve"},
        {"bulk": "1", "bulk_action": "publish", "ids": ["{pk}"]},
        {"bulk": "1", "bulk_action": "approve", "ids": ["{pk}", "abc"]},
        {"bulk": "1", "bulk_action": "approve", "ids": ["-1"]},
        {},
    ],
    ids=[
        "unknown-action",
        "no-id",
        "non-numeric-id",
        "two-ids",
        "bulk-without-ids",
        "bulk-unknown-action",
        "bulk-non-numeric-id",
        "bulk-negative-id",
        "nothing",
    ],
)
def test_bad_input_is_a_bad_request_and_changes_nothing(moderator_client, data):
    comment = make_comment(status=PENDING)
    data = {
        key: [v.format(pk=comment.pk) for v in value]
        if isinstance(value, list)
        else value.format(pk=comment.pk)
        for key, value in data.items()
    }

    response = moderator_client.post(QUEUE, data)

    assert response.status_code == 400
    assert status_of(comment) == PENDING


def test_a_unicode_digit_id_is_a_bad_request(moderator_client):
    comment = make_comment(status=PENDING)

    response = moderator_client.post(QUEUE, {"bulk": "1", "bulk_action": "spam", "ids": ["²"]})

    assert response.status_code == 400
    assert status_of(comment) == PENDING


def test_the_queue_refuses_a_post_without_the_csrf_token(moderator):
    comment = make_comment(status=PENDING)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)

    response = browser.post(QUEUE, {"decide": f"approve:{comment.pk}"})

    assert response.status_code == 403
    assert status_of(comment) == PENDING


# --- the admin -----------------------------------------------------------------------------------


def admin_action(client, action, comments):
    return client.post(
        ADMIN_COMMENTS,
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in comments], "index": "0"},
    )


@pytest.mark.parametrize(
    ("action", "status", "label"),
    [
        ("approve", APPROVED, "approved"),
        ("reject", REJECTED, "rejected"),
        ("mark_spam", SPAM, "marked as spam"),
    ],
)
def test_a_moderator_decides_from_the_admin_list(
    moderator_client, moderator, action, status, label
):
    chosen = [make_comment(status=PENDING) for _ in range(2)]
    other = make_comment(status=PENDING)

    response = admin_action(moderator_client, action, chosen)

    assert response.status_code == 302
    for comment in chosen:
        comment.refresh_from_db()
        assert (comment.status, comment.decided_by) == (status, moderator)
        assert comment.decided_at is not None
    assert status_of(other) == PENDING
    html = text_of(moderator_client.get(response["Location"]))
    assert f"2 comment(s) {label}." in visible_text(html)


def test_a_superuser_decides_from_the_admin_list(admin_client):
    comment = make_comment(status=PENDING)

    admin_action(admin_client, "approve", [comment])

    assert status_of(comment) == APPROVED


def test_the_admin_offers_moderators_the_three_decisions(moderator_client):
    make_comment(status=PENDING)

    html = text_of(moderator_client.get(ADMIN_COMMENTS))

    for action in ("approve", "reject", "mark_spam"):
        assert f'<option value="{action}">' in html


def test_an_editor_sees_the_comments_but_is_offered_no_decisions(editor_client):
    comment = make_comment(status=PENDING)

    response = editor_client.get(ADMIN_COMMENTS)

    assert response.status_code == 200
    assert comment.author_name in text_of(response)
    html = text_of(response)
    for action in ("approve", "reject", "mark_spam"):
        assert f'<option value="{action}">' not in html
    admin_action(editor_client, "approve", [comment])
    assert status_of(comment) == PENDING


# --- the blocklist -------------------------------------------------------------------------------


def test_a_moderator_adds_a_blocked_word_that_then_holds_a_trusted_members_comment(
    moderator_client, trusted_member
):
    response = moderator_client.post("/admin/comments/blockedword/add/", {"word": "  Swindle "})

    assert response.status_code == 302
    assert list(BlockedWord.objects.values_list("word", flat=True)) == ["swindle"]
    author = Client()
    author.force_login(trusted_member)
    article = make_article()
    post_comment(author, article, address="10.0.3.1", body="What a SWINDLE this is.")
    post_comment(author, article, address="10.0.3.2", body="A swindler? No, honest.")
    held = Comment.objects.get(body="What a SWINDLE this is.")
    assert (held.status, held.reasons) == (PENDING, ["blocklist"])
    assert Comment.objects.get(body="A swindler? No, honest.").status == APPROVED
    queue = text_of(moderator_client.get(QUEUE, {"reason": "blocklist"}))
    assert queue_ids(queue) == [held.pk]
    assert "Held because: Blocklisted word" in visible_text(queue)


def test_an_editor_cannot_add_a_blocked_word(editor_client):
    response = editor_client.post("/admin/comments/blockedword/add/", {"word": "anything"})
    assert response.status_code == 403
    assert not BlockedWord.objects.exists()
