"""Readers comment on an article, a moderator approves, and everyone sees the comment.

A guest confirms their email address from the link the site mails them, then their
comment waits for a moderator: until then only the browser that sent it sees it
(marked "Awaiting moderation"). A member whose earlier comment was approved posts
straight through and lands on the comment, highlighted at its anchor.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from comments.models import Comment
from tests.accounts.factories import PASSWORD, make_member
from tests.articles.factories import make_article, make_section
from tests.browser.conftest import role_group

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Erbil to give buses their own lanes on the 60-metre road"
GUEST_NAME = "Karwan Salih"
GUEST_EMAIL = "karwan.salih@example.com"
GUEST_TEXT = "Finally. A lane of their own could halve the bus trip from Ainkawa at rush hour."
MEMBER_NAME = "Shirin Ahmed"
MEMBER_TEXT = "Who will stop the taxis using the lane? Nobody enforced it on the 100-metre road."
PUBLISHED = "Thanks: your comment is published."
TARGET_BACKGROUND = "rgb(234, 241, 250)"  # --info-tint in static/css/site.css


@pytest.fixture
def article():
    return make_article(headline=HEADLINE, section=make_section(name="Kurdistan"))


@pytest.fixture
def moderator() -> User:
    user = make_member(username="desk-moderator", display_name="Desk Moderator", is_staff=True)
    user.groups.add(role_group("Moderators"))
    return user


def field(page: Page, label: str):
    """The form field labelled `label`, whether or not crispy-forms marks it required (*)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def comments_block(page: Page):
    return page.get_by_role("region", name=re.compile(r"^Comments"))


def comment_item(page: Page, text: str):
    """The comment (not a reply inside it) whose body holds `text`, in the comments block."""
    return page.locator("#comments li.comment").filter(
        has=page.locator(":scope > .comment-body", has_text=text)
    )


def what_you_say(page: Page):
    return page.get_by_role("region", name="What you say")


def sign_in(journey, user: User, next_path: str) -> None:
    page = journey.page
    journey.goto(f"/en/accounts/login/?next={next_path}")
    field(page, "Username or email").fill(user.username)
    field(page, "Password").fill(PASSWORD)
    journey.click(page.get_by_role("main").get_by_role("button", name="Sign in"))
    expect(page.get_by_role("navigation", name="Account")).to_contain_text(user.public_name)


def test_guest_comment_waits_for_a_moderator_then_everyone_sees_it(
    journey, new_journey, live_server, article, moderator
):
    url = article.get_absolute_url()

    # A: a guest opens the article and writes a comment.
    guest = journey
    page = guest.page
    guest.goto(url)
    block = comments_block(page)
    expect(block).to_contain_text("No comments yet. Be the first.")
    field(page, "Name").fill(GUEST_NAME)
    field(page, "Email").fill(GUEST_EMAIL)
    field(page, "Comment").fill(GUEST_TEXT)
    guest.click(block.get_by_role("button", name="Post comment"))

    comment = Comment.objects.get(author_name=GUEST_NAME)
    assert comment.status == Comment.Status.UNCONFIRMED
    expect(page).to_have_url(f"{live_server.url}{url}#{comment.anchor}")
    expect(page.get_by_role("status")).to_contain_text(f"we have emailed a link to {GUEST_EMAIL}")
    expect(comment_item(page, GUEST_TEXT).locator(".pending-label")).to_have_text(
        "Awaiting email confirmation"
    )

    # The guest follows the link in the mail and confirms their address.
    (message,) = mail.outbox
    assert message.to == [GUEST_EMAIL]
    confirm_path = re.search(r"/en/comments/confirm/\S+/", message.body).group(0)
    guest.goto(confirm_path)
    guest.click(page.get_by_role("button", name="Confirm my address"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment")
    expect(page.locator(".status-line")).to_contain_text("Waiting for a moderator")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.reasons == ["guest"]

    guest.goto(url)
    mine = comment_item(page, GUEST_TEXT)
    expect(mine).to_have_count(1)
    expect(mine).to_have_class(re.compile(r"\bcomment-pending\b"))
    expect(mine.locator(".comment-meta")).to_contain_text(GUEST_NAME)
    expect(mine.locator(".pending-label")).to_have_text("Awaiting moderation")
    expect(mine.locator(".pending-label")).to_be_visible()
    # Nobody can reply to a comment that is not public yet.
    expect(mine.get_by_role("link", name=re.compile("^Reply"))).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("No comments yet")
    expect(what_you_say(page)).to_have_count(0)

    # B: another reader does not see it.
    reader = new_journey()
    reader.goto(url)
    expect(comments_block(reader.page)).to_contain_text("No comments yet")
    expect(reader.page.locator("body")).not_to_contain_text(GUEST_TEXT)
    expect(reader.page.locator("body")).not_to_contain_text("Awaiting moderation")

    # C: a moderator signs in, finds it in the queue with the reason it waits, approves it.
    desk = new_journey()
    sign_in(desk, moderator, "/en/comments/moderation/")
    queue = desk.page
    expect(queue).to_have_url(f"{live_server.url}/en/comments/moderation/")
    expect(queue.get_by_role("heading", level=1)).to_have_text("Comment moderation")
    tabs = queue.get_by_role("navigation", name="Queues")
    expect(tabs.get_by_role("link", name="Awaiting moderation")).to_have_attribute(
        "aria-current", "page"
    )
    item = queue.locator(f"#{comment.anchor}")
    expect(item).to_contain_text(GUEST_TEXT)
    expect(item).to_contain_text(f"{GUEST_NAME} <{GUEST_EMAIL}>")
    expect(item.locator(".held-reasons")).to_have_text("Held because: Guest comment")
    expect(item.get_by_role("link", name=HEADLINE)).to_have_attribute("href", url)
    desk.click(item.get_by_role("button", name=f"Approve comment by {GUEST_NAME}"))
    expect(queue.get_by_role("status")).to_have_text("1 comment(s) marked approved.")
    expect(queue.get_by_role("main")).to_contain_text("Nothing here. The queue is clear.")
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == (Comment.Status.APPROVED, moderator)

    # A and B reload the article: the comment is published, and in "What you say".
    for someone in (guest, reader):
        someone.goto(url)
        shown = comment_item(someone.page, GUEST_TEXT)
        expect(shown).to_have_count(1)
        expect(shown).not_to_have_class(re.compile(r"\bcomment-pending\b"))
        expect(shown).not_to_contain_text("Awaiting moderation")
        expect(shown.locator(".comment-meta")).to_contain_text(GUEST_NAME)
        expect(shown.get_by_role("link", name=f"Reply to {GUEST_NAME}")).to_be_visible()
        expect(comments_block(someone.page).get_by_role("heading", level=2)).to_have_text(
            "Comments (1)"
        )
        sidebar = what_you_say(someone.page)
        expect(sidebar).to_be_visible()
        expect(sidebar).to_contain_text(GUEST_NAME)
        expect(sidebar.get_by_role("link", name=GUEST_TEXT[:40])).to_be_visible()
        expect(sidebar.get_by_role("link", name=HEADLINE)).to_be_visible()


def test_trusted_member_comment_is_published_at_once_and_highlighted(journey, live_server, article):
    member = make_member(display_name=MEMBER_NAME)
    earlier = make_article()
    Comment.objects.create(
        article=earlier,
        user=member,
        author_name=MEMBER_NAME,
        author_email=member.email,
        body="An earlier comment that a moderator approved.",
        status=Comment.Status.APPROVED,
    )
    url = article.get_absolute_url()
    page = journey.page

    sign_in(journey, member, url)
    expect(page).to_have_url(f"{live_server.url}{url}")
    block = comments_block(page)
    expect(block.locator(".signed-in-as")).to_have_text(f"Signed in as {MEMBER_NAME}.")
    # A member is not asked for a name or an email address.
    expect(field(page, "Name")).to_have_count(0)
    expect(field(page, "Email")).to_have_count(0)
    field(page, "Comment").fill(MEMBER_TEXT)
    journey.click(block.get_by_role("button", name="Post comment"))

    comment = Comment.objects.get(body=MEMBER_TEXT)
    assert comment.status == Comment.Status.APPROVED
    assert (comment.user, comment.author_name) == (member, MEMBER_NAME)
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    assert page.url == f"{live_server.url}{url}#{comment.anchor}"
    expect(page.get_by_role("status")).to_have_text(f"{PUBLISHED} Follow your comment’s status.")

    target = page.locator(f"#{comment.anchor}")
    expect(target).to_contain_text(MEMBER_TEXT)
    expect(target).not_to_have_class(re.compile(r"\bcomment-pending\b"))
    expect(target).to_be_in_viewport()
    assert target.evaluate("element => element.matches(':target')")
    expect(target).to_have_css("background-color", TARGET_BACKGROUND)
    # Only the comment the link points at is highlighted.
    others = page.locator("#comments li.comment:not(:target)")
    for other in others.all():
        expect(other).not_to_have_css("background-color", TARGET_BACKGROUND)
    expect(comments_block(page).get_by_role("heading", level=2)).to_have_text("Comments (1)")
    expect(what_you_say(page)).to_contain_text(MEMBER_NAME)


def test_comments_fit_a_phone_and_the_honeypot_stays_out_of_sight(phone_journey, article):
    Comment.objects.create(
        article=article,
        author_name="Dilan",
        author_email="dilan@example.com",
        body="A long address: https://example.com/" + "very-long-path-segment-" * 6,
        status=Comment.Status.APPROVED,
    )
    journey = phone_journey
    page = journey.page
    journey.goto(article.get_absolute_url())

    block = comments_block(page)
    block.scroll_into_view_if_needed()
    expect(block).to_contain_text("very-long-path-segment")
    assert journey.horizontal_overflow() == 0, "the comments scroll sideways on a phone"

    # The honeypot is in the form for bots, but neither seen nor announced.
    honeypot = page.locator("input[name=website]")
    expect(honeypot).to_have_count(1)
    expect(honeypot).to_have_attribute("tabindex", "-1")
    box = honeypot.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, f"the honeypot is on screen: {box}"
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)

    for control in (
        field(page, "Name"),
        field(page, "Email"),
        field(page, "Comment"),
        block.get_by_role("button", name="Post comment"),
    ):
        control.scroll_into_view_if_needed()
        expect(control).to_be_in_viewport()
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{control} sticks out: {box}"


def test_reader_can_still_reply_from_the_page_that_refused_a_comment(journey, live_server, article):
    Comment.objects.create(
        article=article,
        author_name="Dilan",
        author_email="dilan@example.com",
        body="The buses sit in the same queue as everyone else.",
        status=Comment.Status.APPROVED,
    )
    page = journey.page
    journey.goto(article.get_absolute_url())
    block = comments_block(page)
    field(page, "Name").fill(GUEST_NAME)  # no email, no comment: refused with 400
    # Chromium reports a document answered with 4xx as a console error: wait for that one
    # report and set it aside; any other error on the page still fails the journey.
    with (
        page.expect_console_message(lambda message: "400" in message.text) as console,
        page.expect_navigation() as navigation,
    ):
        block.get_by_role("button", name="Post comment").click()
    response = navigation.value
    assert response.status == 400, f"{response.url} answered {response.status}"
    journey.errors.messages[:] = [
        message for message in journey.errors.messages if console.value.text not in message
    ]
    journey.errors.assert_none()
    journey.check_a11y()
    expect(block.locator(".form-error")).to_have_text(
        "Your comment was not posted: see the notes below."
    )
    expect(field(page, "Name")).to_have_value(GUEST_NAME)

    # The reader changes their mind and replies to Dilan instead.
    reply = block.get_by_role("link", name="Reply to Dilan")
    href = reply.evaluate("link => link.href")
    assert href.startswith(live_server.url + article.get_absolute_url()), (
        f"Reply leads to {href}, not to the article"
    )
    journey.click(reply)
    expect(block.locator(".replying-to")).to_contain_text("Replying to a comment.")
