"""A guest's comment from the mailed link to a moderator's reasoned rejection, and a
member who fixes a typo, then a reader who reports a comment."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment, ModerationEvent, ModerationReason, Report
from tests.accounts.factories import make_member
from tests.articles.factories import make_article
from tests.browser.conftest import role_group
from tests.browser.test_comment_journey import comment_item, comments_block, field, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

GUEST_NAME = "Rezan Karim"
GUEST_EMAIL = "rezan.karim@example.com"
GUEST_TEXT = "Has anyone seen the new football results from Duhok this weekend?"


@pytest.fixture
def off_topic():
    # The migration makes the list, but a transactional test before this one may have
    # flushed it: make sure it is there.
    reason, _ = ModerationReason.objects.update_or_create(
        label="Off-topic",
        defaults={"explanation": "It is not about the article or the discussion under it."},
    )
    return reason


def test_a_guest_follows_the_mailed_link_and_reads_a_moderators_reason(
    journey, new_journey, off_topic, settings
):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0  # the guest comes back within seconds
    article = make_article(headline="The Erbil citadel reopens its textile museum")
    moderator = make_member(username="night-desk", display_name="Night Desk", is_staff=True)
    moderator.groups.add(role_group("Moderators"))
    page = journey.page

    journey.goto(article.get_absolute_url())
    field(page, "Name").fill(GUEST_NAME)
    field(page, "Email").fill(GUEST_EMAIL)
    field(page, "Comment").fill(GUEST_TEXT)
    journey.click(comments_block(page).get_by_role("button", name="Post comment"))
    expect(page.get_by_role("status")).to_contain_text("One more step")

    # The mail: a link to confirm, a link to follow the comment, and none of its text.
    (message,) = mail.outbox
    assert GUEST_TEXT not in message.body
    assert GUEST_NAME not in message.body
    confirm_path = re.search(r"/en/comments/confirm/\S+/", message.body).group(0)
    status_path = re.search(r"/en/comments/status/\S+/", message.body).group(0)
    journey.goto(confirm_path)
    journey.click(page.get_by_role("button", name="Confirm my address"))
    expect(page.locator(".status-line")).to_contain_text("Waiting for a moderator")

    # The moderator rejects it as off-topic.
    desk = new_journey()
    sign_in(desk, moderator, "/en/comments/moderation/")
    comment = Comment.objects.get(author_name=GUEST_NAME)
    item = desk.page.locator(f"#{comment.anchor}")
    item.get_by_label(re.compile(r"^Reason")).select_option(label="Off-topic")
    desk.click(item.get_by_role("button", name=f"Reject comment by {GUEST_NAME}"))
    expect(desk.page.get_by_role("status")).to_have_text("1 comment(s) marked rejected.")
    event = ModerationEvent.objects.get(comment=comment, action="reject")
    assert (event.actor, event.reason_label) == (moderator, "Off-topic")

    # The guest's status link (from the mail) gives the decision and the reason.
    journey.goto(status_path)
    expect(page.locator(".status-line")).to_contain_text("Not published")
    expect(page.locator(".status-reason")).to_have_text(
        "Reason: Off-topic: It is not about the article or the discussion under it."
    )
    journey.goto(article.get_absolute_url())
    expect(page.locator("body")).not_to_contain_text(GUEST_TEXT)

    # The moderator finds the decision in the log, then bans the address for a week.
    desk.goto("/en/comments/moderation/log/")
    expect(desk.page.locator("table.moderation-log")).to_contain_text("Rejected")
    expect(desk.page.locator("table.moderation-log")).to_contain_text("Off-topic")
    desk.goto(f"/en/comments/moderation/?tab=rejected#{comment.anchor}")
    desk.click(
        desk.page.get_by_role("link", name=f"Ban the author… of the comment by {GUEST_NAME}")
    )
    desk.page.get_by_label(f"The email address {GUEST_EMAIL}").check()
    desk.page.get_by_label("For how long").select_option(label="A week")
    desk.page.get_by_label("Reason").select_option(label="Off-topic")
    desk.click(desk.page.get_by_role("button", name="Ban", exact=True))
    expect(desk.page.get_by_role("status")).to_contain_text(f"Banned {GUEST_EMAIL} until")

    # The guest tries again: told plainly, with their text kept.
    journey.goto(article.get_absolute_url())
    field(page, "Name").fill(GUEST_NAME)
    field(page, "Email").fill(GUEST_EMAIL)
    field(page, "Comment").fill("One more try.")
    with page.expect_navigation():
        comments_block(page).get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert").first).to_contain_text("You cannot comment on this site until")
    expect(field(page, "Comment")).to_have_value("One more try.")
    assert not Comment.objects.filter(body="One more try.").exists()
    # The refusal is a 403, which Chromium reports in its console: expected here.
    (refused,) = journey.errors.messages
    assert "status of 403" in refused
    journey.errors.messages.clear()
    journey.check_a11y()


def test_a_member_edits_a_typo_and_a_reader_reports_the_comment(journey, new_journey):
    article = make_article(headline="Sulaimani opens its first cycle lane")
    member = make_member(username="shaho", display_name="Shaho Aziz")
    Comment.objects.create(
        article=make_article(),
        user=member,
        author_name="Shaho Aziz",
        body="An earlier remark.",
        status=Comment.Status.APPROVED,
    )
    page = journey.page
    sign_in(journey, member, article.get_absolute_url())
    journey.goto(article.get_absolute_url())
    field(page, "Comment").fill("A good start, but the lane stops at the bazar.")
    journey.click(comments_block(page).get_by_role("button", name="Post comment"))
    expect(page.get_by_role("status")).to_contain_text("Thanks: your comment is published.")

    # Within ten minutes the member fixes the typo.
    journey.click(page.get_by_role("link", name=re.compile(r"^Edit your comment of")))
    field(page, "Your comment").fill("A good start, but the lane stops at the bazaar.")
    journey.click(page.get_by_role("button", name="Save changes"))
    expect(page.get_by_role("status")).to_have_text("Your comment was updated.")
    shown = comment_item(page, "stops at the bazaar.")
    expect(shown.locator(".edited-label")).to_have_text("(edited)")

    # A reader reports it.
    reader = new_journey()
    reader.goto(article.get_absolute_url())
    reader.click(
        comment_item(reader.page, "stops at the bazaar.").get_by_role(
            "link", name="Report the comment by Shaho Aziz"
        )
    )
    reader.page.get_by_label("Off-topic").check()
    reader.click(reader.page.get_by_role("button", name="Send the report"))
    expect(reader.page.get_by_role("status")).to_have_text(
        "Thank you: our moderators will look at this comment."
    )
    assert Report.objects.get().reason == Report.Reason.OFF_TOPIC
