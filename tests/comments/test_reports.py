"""Readers report approved comments, once each; enough reports hide a comment until a
moderator decides, and the moderators see them in a "Reported" tab."""

import pytest
from django.test import Client

from comments.clients import hash_address
from comments.models import Comment, ModerationEvent, Report
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment
from .helpers import comment_count, comment_ids, sidebar, text_of, visible_text
from .safety import (
    QUEUE,
    messages_text,
    queue_ids,
    queue_item,
    report,
    report_url,
    status_of,
    textarea_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run, after each report, what waits for its transaction to commit (the test's own
    transaction never commits, so by itself it would never run)."""

    def reporting(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return report(*args, **kwargs)

    return reporting


@pytest.fixture
def threshold(settings):
    settings.COMMENTS_FLAG_THRESHOLD = 2
    return 2


def reader() -> Client:
    browser = Client()
    browser.force_login(make_member())
    return browser


def report_by_readers(reporting, comment, count: int, start: int = 0):
    """`count` members report `comment`, each from an address of their own."""
    for n in range(start, start + count):
        response = reporting(reader(), comment, address=f"10.4.0.{n + 1}")
        assert response.status_code == 302


# --- the form ------------------------------------------------------------------------------------


def test_the_report_form_shows_the_comment_and_the_reasons(client):
    comment = make_comment(body="Something worth reporting.")

    response = client.get(report_url(comment))

    assert response.status_code == 200
    html = text_of(response)
    text = visible_text(html)
    assert "Report a comment" in text
    assert "Something worth reporting." in html
    for label in ("Abusive or hateful", "Spam or advertising", "Off-topic", "Something else"):
        assert label in text
    assert 'name="reason"' in html
    assert 'name="note"' in html


def test_each_approved_comment_links_to_its_report_form(client):
    comment = make_comment()

    html = text_of(client.get(comment.article.get_absolute_url()))

    assert f'href="{report_url(comment)}" rel="nofollow"' in html


def test_a_reader_reports_a_comment(client):
    comment = make_comment()

    response = report(client, comment, reason="spam", note="Advertises a shop.")

    assert response.status_code == 302
    assert "Thank you: our moderators will look at this comment." in messages_text(
        text_of(client.get(response["Location"], follow=True))
    )
    (made,) = Report.objects.all()
    assert (made.comment, made.reason, made.note, made.resolved_at) == (
        comment,
        "spam",
        "Advertises a shop.",
        None,
    )


def test_a_reader_reports_a_comment_once(client):
    comment = make_comment()
    report(client, comment, address="10.4.1.1")

    response = report(client, comment, address="10.4.1.1", reason="other", follow=True)

    assert "You have already reported this comment." in messages_text(text_of(response))
    assert Report.objects.count() == 1
    assert Report.objects.get().reason == "abusive"


def test_a_member_is_known_by_their_account_wherever_they_report_from(client, member):
    comment = make_comment()
    client.force_login(member)
    report(client, comment, address="10.4.2.1")

    report(client, comment, address="10.4.2.2")

    assert list(Report.objects.values_list("reporter", "user")) == [
        (f"user:{member.pk}", member.pk)
    ]


def test_a_guest_is_known_by_a_hash_of_their_address(settings):
    comment = make_comment()

    report(Client(), comment, address="10.4.3.1")
    report(Client(), comment, address="10.4.3.1")  # another browser, the same address
    report(Client(), comment, address="10.4.3.2")

    reporters = list(Report.objects.values_list("reporter", flat=True))
    key = settings.COMMENTS_ADDRESS_KEY
    assert reporters == [
        f"address:{hash_address('10.4.3.1', key)}",
        f"address:{hash_address('10.4.3.2', key)}",
    ]
    assert "10.4.3.1" not in str(list(Report.objects.values()))


def test_a_member_and_a_guest_at_one_address_are_told_apart(member):
    comment = make_comment()
    signed_in = Client()
    signed_in.force_login(member)

    report(signed_in, comment, address="10.4.4.1")
    report(Client(), comment, address="10.4.4.1")

    assert Report.objects.count() == 2


def test_a_report_needs_a_reason_and_keeps_the_note(client):
    comment = make_comment()

    response = client.post(report_url(comment), {"note": "My careful note."})

    assert response.status_code == 400
    html = text_of(response)
    assert "Please choose what is wrong with the comment." in visible_text(html)
    assert textarea_text(html, "note") == "My careful note."
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused(client):
    comment = make_comment()

    assert report(client, comment, reason="boring").status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("status", [PENDING, REJECTED, SPAM, Comment.Status.UNCONFIRMED])
def test_a_comment_that_is_not_public_cannot_be_reported(client, status):
    comment = make_comment(status=status)

    assert client.get(report_url(comment)).status_code == 404
    assert report(client, comment).status_code == 404
    assert not Report.objects.exists()


def test_reports_are_limited_per_hour(client, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 2
    comments = [make_comment() for _ in range(3)]

    answers = [report(client, comment, address="10.4.5.1").status_code for comment in comments]

    assert answers == [302, 302, 429]
    assert Report.objects.count() == 2
    assert report(Client(), comments[2], address="10.4.5.2").status_code == 302


def test_the_limited_reader_is_told_to_wait_and_keeps_their_note(client, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 1
    report(client, make_comment())

    response = report(client, make_comment(), note="Also this one.")

    assert response.status_code == 429
    html = text_of(response)
    assert "You have sent many reports in the last hour." in visible_text(html)
    assert textarea_text(html, "note") == "Also this one."


# --- the threshold -------------------------------------------------------------------------------


def test_a_comment_below_the_threshold_stays_public_and_is_listed_as_reported(
    client, moderator_client, threshold, on_commit
):
    comment = make_comment()

    report_by_readers(on_commit, comment, 1)

    assert status_of(comment) == APPROVED
    assert comment.pk in comment_ids(text_of(client.get(comment.article.get_absolute_url())))
    html = text_of(moderator_client.get(QUEUE, {"tab": "reported"}))
    assert comment.pk in queue_ids(html)
    assert "Reported by 1 reader: Abusive or hateful" in visible_text(queue_item(html, comment))


def test_at_the_threshold_a_comment_is_hidden_everywhere(client, threshold, on_commit):
    article = make_article()
    comment = make_comment(article, body="Reported into hiding.")
    assert "Reported into hiding." in sidebar(text_of(client.get("/en/")))  # now cached

    report_by_readers(on_commit, comment, 2)

    assert status_of(comment) == PENDING
    page = text_of(client.get(article.get_absolute_url()))
    assert comment_ids(page) == []
    assert comment_count(page) == 0
    assert "Reported into hiding." not in page
    assert "Reported into hiding." not in text_of(client.get("/en/"))
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_the_default_threshold_is_three(settings, on_commit):
    assert settings.COMMENTS_FLAG_THRESHOLD == 3
    comment = make_comment()

    report_by_readers(on_commit, comment, 2)
    assert status_of(comment) == APPROVED
    report_by_readers(on_commit, comment, 1, start=2)
    assert status_of(comment) == PENDING


def test_a_hidden_comment_waits_in_the_reported_tab_held_as_flagged(
    moderator_client, threshold, on_commit
):
    comment = make_comment()

    report_by_readers(on_commit, comment, 2)

    assert "flagged" in Comment.objects.get(pk=comment.pk).reasons
    html = text_of(moderator_client.get(QUEUE, {"tab": "reported"}))
    text = visible_text(queue_item(html, comment))
    assert "Held because: Reported by readers" in text
    assert "Reported by 2 readers" in text
    assert comment.pk in queue_ids(
        text_of(moderator_client.get(QUEUE, {"tab": "pending", "reason": "flagged"}))
    )


def test_a_moderators_approval_resolves_the_reports_and_shows_it_again(
    client, moderator_client, threshold, on_commit
):
    comment = make_comment(body="Fine after all.")
    report_by_readers(on_commit, comment, 2)

    moderator_client.post(f"{QUEUE}?tab=reported", {"decide": f"approve:{comment.pk}"})

    assert status_of(comment) == APPROVED
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert Report.objects.count() == 2
    assert comment.pk in comment_ids(text_of(client.get(comment.article.get_absolute_url())))
    assert "Fine after all." in sidebar(text_of(client.get("/en/")))
    assert comment.pk not in queue_ids(text_of(moderator_client.get(QUEUE, {"tab": "reported"})))


def test_reports_after_an_approval_count_afresh(client, moderator_client, threshold, on_commit):
    comment = make_comment()
    report_by_readers(on_commit, comment, 2)
    moderator_client.post(f"{QUEUE}?tab=reported", {"decide": f"approve:{comment.pk}"})

    report_by_readers(on_commit, comment, 1, start=2)
    assert status_of(comment) == APPROVED
    report_by_readers(on_commit, comment, 1, start=3)
    assert status_of(comment) == PENDING
    assert ModerationEvent.objects.filter(action="hide").count() == 2


def test_a_moderator_can_reverse_the_hiding(client, moderator_client, threshold, on_commit):
    comment = make_comment()
    report_by_readers(on_commit, comment, 2)
    hiding = ModerationEvent.objects.get(action="hide")

    moderator_client.post(f"/en/comments/moderation/log/{hiding.pk}/reverse/")

    assert status_of(comment) == APPROVED
    assert comment.pk in comment_ids(text_of(client.get(comment.article.get_absolute_url())))


def test_reversing_the_hiding_settles_the_reports_like_an_approval(
    moderator_client, threshold, on_commit
):
    comment = make_comment()
    report_by_readers(on_commit, comment, 2)
    hiding = ModerationEvent.objects.get(action="hide")
    moderator_client.post(f"/en/comments/moderation/log/{hiding.pk}/reverse/")

    report_by_readers(on_commit, comment, 1, start=2)

    assert status_of(comment) == APPROVED
    assert comment.pk in queue_ids(text_of(moderator_client.get(QUEUE, {"tab": "reported"})))


def test_a_moderators_rejection_resolves_the_reports_too(moderator_client, threshold, on_commit):
    comment = make_comment()
    report_by_readers(on_commit, comment, 1)

    moderator_client.post(f"{QUEUE}?tab=reported", {"decide": f"reject:{comment.pk}"})

    assert status_of(comment) == REJECTED
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_confirming_a_reported_comment_as_fine_clears_the_tab(moderator_client, on_commit):
    comment = make_comment()
    report_by_readers(on_commit, comment, 1)

    moderator_client.post(f"{QUEUE}?tab=reported", {"decide": f"approve:{comment.pk}"})

    assert status_of(comment) == APPROVED
    assert comment.pk not in queue_ids(text_of(moderator_client.get(QUEUE, {"tab": "reported"})))


def test_a_comment_hidden_by_reports_stays_hidden_when_its_author_edits_it(
    trusted_member, threshold, on_commit
):
    author = Client()
    author.force_login(trusted_member)
    comment = make_comment(user=trusted_member, body="Something people disliked.")
    report_by_readers(on_commit, comment, 2)
    assert status_of(comment) == PENDING

    author.post(
        f"/en/comments/{comment.pk}/edit/", {"body": "Something people disliked, reworded."}
    )

    assert status_of(comment) == PENDING
    assert "flagged" in Comment.objects.get(pk=comment.pk).reasons
    page = text_of(Client().get(comment.article.get_absolute_url()))
    assert "reworded" not in page
