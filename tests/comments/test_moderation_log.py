"""The append-only moderation log: one entry for every action, who took it, the status
before and after and why; reversing a decision; the log page and the queue's history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Ban, Comment, ModerationEvent
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment
from .helpers import block, comment_ids, post_comment, text_of, visible_text
from .safety import (
    BANS,
    LOG,
    QUEUE,
    confirm_path,
    make_reason,
    messages_text,
    queue_item,
    report,
    status_of,
)

pytestmark = pytest.mark.django_db

Action = ModerationEvent.Action


def events_of(comment) -> list[ModerationEvent]:
    return list(ModerationEvent.objects.filter(comment_id=comment.pk).order_by("at", "pk"))


def log_table(response) -> str:
    """The log's entries as a moderator reads them."""
    return visible_text(block(text_of(response), r'<table class="moderation-log">(.*?)</table>'))


def reverse_url(event) -> str:
    return f"{LOG}{event.pk}/reverse/"


@pytest.fixture
def reason(db):
    return make_reason(label="Rude", explanation="It insults people.")


# --- decisions in the queue ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "before", "action", "after"),
    [
        ("approve", PENDING, Action.APPROVE, APPROVED),
        ("reject", PENDING, Action.REJECT, REJECTED),
        ("spam", PENDING, Action.SPAM, SPAM),
        ("pending", REJECTED, Action.RESTORE, PENDING),
    ],
)
def test_each_decision_in_the_queue_is_logged_once(
    moderator_client, moderator, reason, button, before, action, after
):
    comment = make_comment(status=before)
    tab = "pending" if before == PENDING else "rejected"

    moderator_client.post(
        f"{QUEUE}?tab={tab}",
        {"decide": f"{button}:{comment.pk}", f"reason_{comment.pk}": reason.pk},
    )

    (event,) = events_of(comment)
    assert event.action == action
    assert (event.actor, event.actor_name) == (moderator, "Mona Moderator")
    assert (event.status_before, event.status_after) == (before, after)
    assert (event.reason, event.reason_label) == (reason, "Rude")
    assert abs(event.at - timezone.now()) < timedelta(minutes=1)
    assert status_of(comment) == after


def test_a_decision_without_a_reason_is_logged_without_one(moderator_client):
    comment = make_comment(status=PENDING)

    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})

    (event,) = events_of(comment)
    assert (event.reason, event.reason_label) == (None, "")


def test_a_bulk_action_logs_one_entry_per_comment(moderator_client, moderator, reason):
    comments = [make_comment(status=PENDING) for _ in range(3)]

    moderator_client.post(
        QUEUE,
        {
            "bulk": "1",
            "bulk_action": "spam",
            "ids": [c.pk for c in comments],
            "bulk_reason": reason.pk,
        },
    )

    for comment in comments:
        (event,) = events_of(comment)
        assert (event.action, event.actor, event.reason) == (Action.SPAM, moderator, reason)
        assert (event.status_before, event.status_after) == (PENDING, SPAM)
    assert ModerationEvent.objects.count() == 3


def test_deciding_what_is_already_so_logs_nothing(moderator_client):
    comment = make_comment(status=REJECTED)

    moderator_client.post(f"{QUEUE}?tab=rejected", {"decide": f"reject:{comment.pk}"})

    assert events_of(comment) == []


def test_the_log_keeps_the_reasons_words_after_moderators_rename_it(moderator_client, reason):
    comment = make_comment(status=PENDING)
    moderator_client.post(
        QUEUE, {"decide": f"reject:{comment.pk}", f"reason_{comment.pk}": reason.pk}
    )

    reason.label = "Impolite"
    reason.save()

    assert events_of(comment)[0].reason_label == "Rude"
    assert "Rude" in log_table(moderator_client.get(LOG))


# --- what else is logged -------------------------------------------------------------------------


def test_hiding_a_comment_after_reports_is_logged_as_the_sites_doing(
    settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLAG_THRESHOLD = 2
    comment = make_comment()
    with django_capture_on_commit_callbacks(execute=True):
        report(Client(), comment, address="10.3.0.1")
        report(Client(), comment, address="10.3.0.2")

    (event,) = events_of(comment)
    assert event.action == Action.HIDE
    assert (event.actor, event.actor_name) == (None, "")
    assert (event.status_before, event.status_after) == (APPROVED, PENDING)


def test_a_ban_from_the_queue_is_logged_with_its_comment_and_reason(
    moderator_client, moderator, reason
):
    comment = make_comment(status=PENDING, author_email="troll@example.com")

    moderator_client.post(
        BANS,
        {"comment": comment.pk, "kind": "email", "period": "30", "reason": reason.pk, "note": "x"},
    )

    ban = Ban.objects.get()
    (event,) = ModerationEvent.objects.all()
    assert (event.action, event.ban, event.comment) == (Action.BAN, ban, comment)
    assert (event.actor, event.reason, event.reason_label, event.note) == (
        moderator,
        reason,
        "Rude",
        "x",
    )
    assert event.details["target"] == "troll@example.com"
    assert event.details["period"].startswith("until ")


def test_lifting_a_ban_is_logged(moderator_client, moderator):
    ban = services.ban_create(kind=Ban.Kind.EMAIL, email="troll@example.com", moderator=moderator)

    moderator_client.post(f"{BANS}{ban.pk}/lift/")

    unban = ModerationEvent.objects.get(action=Action.UNBAN)
    assert (unban.ban, unban.actor) == (ban, moderator)
    assert ModerationEvent.objects.filter(ban=ban).count() == 2


def test_an_authors_edit_is_logged_with_the_text_before_and_after(client, trusted_member):
    client.force_login(trusted_member)
    post_comment(client, make_article(), body="Teh first words.")
    comment = Comment.objects.get(body="Teh first words.")

    client.post(f"/en/comments/{comment.pk}/edit/", {"body": "The first words."})

    (event,) = events_of(comment)
    assert (event.action, event.actor) == (Action.EDIT, trusted_member)
    assert event.details == {"before": "Teh first words.", "after": "The first words."}
    assert (event.status_before, event.status_after) == (APPROVED, APPROVED)


def test_an_authors_withdrawal_is_logged(client, trusted_member):
    client.force_login(trusted_member)
    post_comment(client, make_article(), body="Soon gone.")
    comment = Comment.objects.get(body="Soon gone.")

    client.post(f"/en/comments/{comment.pk}/delete/")

    (event,) = events_of(comment)
    assert (event.action, event.actor) == (Action.WITHDRAW, trusted_member)
    assert (event.status_before, event.status_after) == (APPROVED, Comment.Status.WITHDRAWN)


def test_a_guests_confirmation_is_logged(client):
    post_comment(client, make_article(), confirmed=False, author_name="Gita Guest")
    comment = Comment.objects.get()

    client.post(confirm_path())

    (event,) = events_of(comment)
    assert event.action == Action.CONFIRM
    assert (event.actor, event.actor_name) == (None, "Gita Guest")
    assert (event.status_before, event.status_after) == (Comment.Status.UNCONFIRMED, PENDING)


# --- append-only ---------------------------------------------------------------------------------


@pytest.fixture
def event(moderator):
    comment = make_comment(status=PENDING)
    services.comments_decide(
        comments=Comment.objects.filter(pk=comment.pk), status=APPROVED, moderator=moderator
    )
    return ModerationEvent.objects.get()


def test_an_entry_cannot_be_changed(event):
    event.note = "Covering my tracks."

    with pytest.raises(PermissionDenied):
        event.save()

    assert ModerationEvent.objects.get().note == ""


def test_an_entry_cannot_be_deleted(event):
    with pytest.raises(PermissionDenied):
        event.delete()

    assert ModerationEvent.objects.count() == 1


def test_the_log_cannot_be_changed_or_emptied_in_bulk(event):
    with pytest.raises(PermissionDenied):
        ModerationEvent.objects.filter(pk=event.pk).update(note="Covering my tracks.")
    with pytest.raises(PermissionDenied):
        ModerationEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        ModerationEvent.objects.all().update(status_after=REJECTED)

    assert ModerationEvent.objects.get().note == ""


def test_an_entry_cannot_be_overwritten_by_a_new_one_with_its_id(event):
    forged = ModerationEvent(pk=event.pk, action=Action.REJECT, actor_name="Somebody Else")

    with pytest.raises((PermissionDenied, IntegrityError)), transaction.atomic():
        forged.save()

    stored = ModerationEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.actor_name) == (Action.APPROVE, "Mona Moderator")


def test_deleting_a_comment_keeps_its_entries(event):
    event.comment.delete()

    stored = ModerationEvent.objects.get(pk=event.pk)
    assert (stored.comment, stored.action) == (None, Action.APPROVE)


# --- reversing a decision ------------------------------------------------------------------------


def test_a_decision_is_reversed_and_the_reversal_logged(moderator_client, moderator):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})
    (decision,) = events_of(comment)

    response = moderator_client.post(reverse_url(decision), follow=True)

    assert status_of(comment) == PENDING
    assert "Reversed: the comment is awaiting moderation again." in messages_text(text_of(response))
    reversal = events_of(comment)[-1]
    assert reversal.action == Action.REVERSE
    assert reversal.reverses == decision
    assert (reversal.actor, reversal.status_before, reversal.status_after) == (
        moderator,
        REJECTED,
        PENDING,
    )


def test_reversing_an_approval_takes_the_comment_off_the_page(client, moderator_client):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})
    assert comment.pk in comment_ids(text_of(client.get(comment.article.get_absolute_url())))

    moderator_client.post(reverse_url(events_of(comment)[0]))

    assert comment.pk not in comment_ids(text_of(client.get(comment.article.get_absolute_url())))
    assert comment.body not in text_of(client.get("/en/"))


def test_a_decision_cannot_be_reversed_twice(moderator_client):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"spam:{comment.pk}"})
    decision = events_of(comment)[0]
    moderator_client.post(reverse_url(decision))

    response = moderator_client.post(reverse_url(decision), follow=True)

    assert "That decision was reversed already." in messages_text(text_of(response))
    assert status_of(comment) == PENDING
    assert ModerationEvent.objects.filter(action=Action.REVERSE).count() == 1


def test_a_decision_overtaken_by_another_is_not_reversed(moderator_client):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})
    approval = events_of(comment)[0]
    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})

    response = moderator_client.post(reverse_url(approval), follow=True)

    assert "The comment has changed since that decision" in messages_text(text_of(response))
    assert status_of(comment) == REJECTED
    assert not ModerationEvent.objects.filter(action=Action.REVERSE).exists()


def test_a_decision_overtaken_by_the_authors_withdrawal_is_not_reversed(
    client, moderator_client, trusted_member
):
    client.force_login(trusted_member)
    post_comment(
        client,
        make_article(),
        body="Held: https://a.example.com/1 https://b.example.com/2 https://c.example.com/3",
    )
    comment = Comment.objects.get(user=trusted_member, status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})
    approval = events_of(comment)[0]
    client.post(f"/en/comments/{comment.pk}/delete/")

    moderator_client.post(reverse_url(approval))

    assert status_of(comment) == Comment.Status.WITHDRAWN


def test_an_entry_that_is_no_decision_is_not_reversed(client, moderator_client):
    post_comment(client, make_article(), confirmed=False)
    client.post(confirm_path())
    (confirmation,) = ModerationEvent.objects.all()

    response = moderator_client.post(reverse_url(confirmation), follow=True)

    assert "not a decision that can be reversed" in messages_text(text_of(response))
    assert Comment.objects.get().status == PENDING


def test_a_reader_cannot_reverse_a_decision(client, editor_client):
    comment = make_comment(status=PENDING)
    services.comments_decide(
        comments=Comment.objects.filter(pk=comment.pk), status=REJECTED, moderator=make_member()
    )
    decision = ModerationEvent.objects.get()

    assert client.post(reverse_url(decision)).status_code == 302  # to sign in
    assert editor_client.post(reverse_url(decision)).status_code == 403
    assert status_of(comment) == REJECTED


def test_reversing_needs_a_post(moderator_client):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})

    assert moderator_client.get(reverse_url(events_of(comment)[0])).status_code == 405
    assert status_of(comment) == REJECTED


# --- the history in the queue and the log page ---------------------------------------------------


def test_the_queue_shows_a_comments_history(moderator_client, reason):
    comment = make_comment(status=PENDING)
    moderator_client.post(
        QUEUE, {"decide": f"reject:{comment.pk}", f"reason_{comment.pk}": reason.pk}
    )
    moderator_client.post(f"{QUEUE}?tab=rejected", {"decide": f"pending:{comment.pk}"})

    text = visible_text(queue_item(text_of(moderator_client.get(QUEUE)), comment))

    assert "History (2)" in text
    assert "Rejected by Mona Moderator (pending → rejected) · reason: Rude" in text
    assert "Sent back to the queue by Mona Moderator (rejected → pending)" in text


def test_the_queue_offers_to_reverse_the_latest_decision(moderator_client):
    comment = make_comment(status=PENDING)
    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})
    (decision,) = events_of(comment)

    item = queue_item(text_of(moderator_client.get(QUEUE, {"tab": "rejected"})), comment)

    assert f'formaction="{reverse_url(decision)}"' in item


def test_the_log_lists_every_action_newest_first(moderator_client, moderator):
    comment = make_comment(status=PENDING, author_name="Lou Logged")
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})
    services.ban_create(kind=Ban.Kind.EMAIL, email="troll@example.com", moderator=moderator)

    response = moderator_client.get(LOG)

    assert response.status_code == 200
    text = log_table(response)
    assert text.index("Banned") < text.index("Approved")
    assert "troll@example.com" in text
    assert f"comment {comment.pk} by Lou Logged" in text
    assert "pending → approved" in text


def test_the_log_can_show_one_comment_only(moderator_client):
    shown = make_comment(status=PENDING, author_name="Shown Person")
    other = make_comment(status=PENDING, author_name="Other Person")
    moderator_client.post(
        QUEUE, {"bulk": "1", "bulk_action": "approve", "ids": [shown.pk, other.pk]}
    )

    text = log_table(moderator_client.get(LOG, {"comment": shown.pk}))

    assert "Shown Person" in text
    assert "Other Person" not in text


def test_readers_and_editors_cannot_read_the_log(client, editor_client):
    make_comment(status=PENDING)
    member = Client()
    member.force_login(make_member())

    assert client.get(LOG).status_code == 302  # to sign in
    assert member.get(LOG).status_code == 403
    assert editor_client.get(LOG).status_code == 403


# --- the admin -----------------------------------------------------------------------------------


def admin_form(comment, **changes) -> dict:
    """The admin change form of `comment` as it is sent back, with `changes`."""
    form = {
        "article": comment.article_id,
        "parent": "",
        "user": "",
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "body": comment.body,
        "status": comment.status,
        "submitted_at_0": timezone.localtime(comment.submitted_at).strftime("%d/%m/%Y"),
        "submitted_at_1": timezone.localtime(comment.submitted_at).strftime("%H:%M:%S"),
    }
    for prefix in ("reports", "versions", "events"):
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    form.update(changes)
    return form


def test_a_status_changed_in_the_admin_is_logged(moderator_client, moderator):
    comment = make_comment(status=PENDING)

    response = moderator_client.post(
        f"/admin/comments/comment/{comment.pk}/change/", admin_form(comment, status=REJECTED)
    )

    assert response.status_code == 302
    (event,) = events_of(comment)
    assert (event.action, event.actor) == (Action.REJECT, moderator)
    assert (event.status_before, event.status_after) == (PENDING, REJECTED)


def test_a_moderators_edit_of_the_text_in_the_admin_is_logged(moderator_client, moderator):
    comment = make_comment(body="Call me on 555 0100.")

    response = moderator_client.post(
        f"/admin/comments/comment/{comment.pk}/change/",
        admin_form(comment, body="Call me on [number removed]."),
    )

    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).body == "Call me on [number removed]."
    (event,) = events_of(comment)
    assert (event.action, event.actor) == (Action.EDIT, moderator)
    assert event.details == {
        "before": "Call me on 555 0100.",
        "after": "Call me on [number removed].",
    }
