"""What a commenter sees in a real browser: the length limit counted as they type, a pasted
text never cut, the thanks where the page lands after posting (on a phone and a desktop),
and comments in Arabic script reading right to left beside English ones."""

import re

import pytest
from playwright.sync_api import Page, expect

from comments.models import Comment
from tests.accounts.factories import make_member
from tests.articles.factories import make_article
from tests.browser.conftest import DESKTOP
from tests.browser.test_comment_journey import comments_block, field, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}
PASTED = ("Paragraph of a pasted report, far too long for a comment box.\n" * 170)[:10_000]
TOO_LONG = "Your text is 10,000 characters long, over the limit of 3,000"
LONG_BODY = "\n\n".join(
    f"Paragraph {n} of a long report on the 60-metre road, its bus lanes and their cost."
    for n in range(40)
)
ARABIC = "أعتقد أن خطة Erbil الجديدة ستكلف 250 مليون دينار، وليس 2024 فقط."


def box(page: Page):
    return field(page, "Comment")


def counter(page: Page):
    return page.locator("#id_body_count")


def spoken(page: Page):
    """The polite live region that speaks the count when it matters."""
    return page.locator('#comment-form [aria-live="polite"]')


def box_length(page: Page) -> int:
    return box(page).evaluate("box => box.value.length")


def post_expecting_400(journey) -> None:
    """Send the comment form and land on its refusal (400), which Chromium reports in
    its console: that one report is expected, any other still fails the journey."""
    page = journey.page
    with (
        page.expect_console_message(lambda message: "400" in message.text) as console,
        page.expect_navigation() as navigation,
    ):
        comments_block(page).get_by_role("button", name="Post comment").click()
    assert navigation.value.status == 400
    journey.errors.messages[:] = [m for m in journey.errors.messages if console.value.text not in m]
    journey.errors.assert_none()
    journey.check_a11y()


# --- the length limit ----------------------------------------------------------------------------


def test_a_pasted_long_comment_is_counted_sent_and_refused_with_all_its_text(journey):
    page = journey.page
    journey.goto(make_article().get_absolute_url())
    expect(comments_block(page)).to_contain_text("Up to 3,000 characters.")
    expect(counter(page)).to_have_text("0 of 3,000 characters")
    field(page, "Name").fill("Dilan")
    field(page, "Email").fill("dilan@example.com")

    box(page).focus()
    page.keyboard.insert_text(PASTED)  # as a paste puts it in

    assert box_length(page) == 10_000, "the box cut the pasted text"
    expect(counter(page)).to_have_text("10,000 of 3,000 characters: 7,000 too many")
    expect(spoken(page)).to_contain_text("Over the limit by 7,000 characters")
    journey.check_a11y()

    post_expecting_400(journey)
    expect(comments_block(page).locator(".form-error")).to_have_text(
        "Your comment was not posted: see the notes below."
    )
    expect(comments_block(page)).to_contain_text(TOO_LONG)
    expect(box(page)).to_have_value(PASTED)
    expect(counter(page)).to_have_text("10,000 of 3,000 characters: 7,000 too many")
    assert not Comment.objects.exists()


def test_the_count_speaks_only_near_over_and_back_under_the_limit(journey):
    page = journey.page
    journey.goto(make_article().get_absolute_url())
    describedby = box(page).get_attribute("aria-describedby").split()
    assert "id_body_count" in describedby and len(describedby) == 2

    box(page).focus()
    page.keyboard.type("Hello")
    expect(counter(page)).to_have_text("5 of 3,000 characters")
    expect(spoken(page)).to_have_text("")

    page.keyboard.insert_text("x" * 2_745)
    expect(spoken(page)).to_have_text("250 characters left.")
    page.keyboard.type("abc")  # more keys, the same state: nothing new is said
    expect(counter(page)).to_have_text("2,753 of 3,000 characters")
    expect(spoken(page)).to_have_text("250 characters left.")

    page.keyboard.insert_text("y" * 300)
    expect(spoken(page)).to_contain_text("Over the limit by 53 characters")
    for _ in range(60):
        page.keyboard.press("Backspace")
    expect(counter(page)).to_have_text("2,993 of 3,000 characters")
    # Said once, as the text came back to the limit; the keys after it say nothing.
    expect(spoken(page)).to_have_text("Within the limit again: 0 characters left.")


def test_without_javascript_the_hint_says_the_limit_and_nothing_is_cut(new_page, browser_errors):
    # axe-core is a script: it cannot run here. The page is the one checked with it above.
    page = new_page(java_script_enabled=False)
    page.goto(make_article().get_absolute_url())
    expect(page.locator("#id_body_helptext")).to_have_text("Up to 3,000 characters.")
    expect(box(page)).to_have_attribute("aria-describedby", "id_body_helptext")
    expect(counter(page)).to_have_count(0)
    field(page, "Name").fill("Dilan")
    field(page, "Email").fill("dilan@example.com")

    box(page).focus()
    page.keyboard.insert_text(PASTED)
    assert box_length(page) == 10_000

    with page.expect_navigation() as navigation:
        comments_block(page).get_by_role("button", name="Post comment").click()
    assert navigation.value.status == 400
    expect(comments_block(page)).to_contain_text(TOO_LONG)
    expect(box(page)).to_have_value(PASTED)
    # Chromium reports the page answered with 400 in its console: expected here.
    assert all("400" in message for message in browser_errors.messages), browser_errors.messages
    browser_errors.messages.clear()


# --- where the reader lands after posting --------------------------------------------------------


@pytest.fixture
def long_article():
    """An article long enough, with enough comments, that a comment's anchor is far below
    the top of the page."""
    article = make_article(body=LONG_BODY)
    for n in range(15):
        Comment.objects.create(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.com",
            body=f"Comment {n}: the lanes should run all day, not only at rush hour.",
            status=Comment.Status.APPROVED,
        )
    return article


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390px", "1280px"])
def test_a_guest_sees_the_one_more_step_message_where_the_page_lands(
    new_journey, long_article, viewport
):
    journey = new_journey(viewport=viewport, is_mobile=viewport is PHONE_390)
    page = journey.page
    journey.goto(long_article.get_absolute_url())
    field(page, "Name").fill("Karwan Salih")
    field(page, "Email").fill("karwan.salih@example.com")
    box(page).fill("A lane of their own could halve the bus trip from Ainkawa.")

    journey.click(comments_block(page).get_by_role("button", name="Post comment"))

    comment = Comment.objects.get(author_name="Karwan Salih")
    expect(page).to_have_url(re.compile(rf"#{comment.anchor}$"))
    status = page.get_by_role("status")
    expect(status).to_have_count(1)
    expect(status).to_contain_text("One more step: we have emailed a link to")
    expect(status).to_be_in_viewport()
    expect(page.locator(f"#{comment.anchor}")).to_contain_text("Awaiting email confirmation")


@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390px", "1280px"])
def test_a_member_sees_published_at_their_comment_at_the_end_of_the_thread(
    new_journey, long_article, viewport
):
    member = make_member(display_name="Shirin Ahmed")
    Comment.objects.create(
        article=make_article(),
        user=member,
        author_name="Shirin Ahmed",
        author_email=member.email,
        body="An earlier comment a moderator approved.",
        status=Comment.Status.APPROVED,
    )
    journey = new_journey(viewport=viewport, is_mobile=viewport is PHONE_390)
    page = journey.page
    sign_in(journey, member, long_article.get_absolute_url())
    box(page).fill("Who will stop the taxis using the lane?")

    journey.click(comments_block(page).get_by_role("button", name="Post comment"))

    comment = Comment.objects.get(body="Who will stop the taxis using the lane?")
    target = page.locator(f"#{comment.anchor}")
    status = page.get_by_role("status")
    expect(status).to_have_text("Thanks: your comment is published. Follow your comment’s status.")
    expect(status).to_be_in_viewport()
    expect(target).to_be_in_viewport()
    expect(target.locator(":scope > .comment-body")).to_have_text(comment.body)


# --- right to left -------------------------------------------------------------------------------


def test_an_arabic_comment_reads_right_to_left_beside_an_english_one(journey):
    article = make_article()
    for name, text in (("Dilan", "The lanes should run all day."), ("کاروان صالح", ARABIC)):
        Comment.objects.create(
            article=article,
            author_name=name,
            author_email="reader@example.com",
            body=text,
            status=Comment.Status.APPROVED,
        )
    page = journey.page
    journey.goto(article.get_absolute_url())

    bodies = comments_block(page).locator(".comment-body")
    expect(bodies).to_have_count(2)
    directions = bodies.evaluate_all("els => els.map(el => getComputedStyle(el).direction)")
    assert directions == ["ltr", "rtl"]
    expect(bodies.nth(1)).to_have_text(ARABIC)
    excerpts = page.get_by_role("region", name="What you say").locator(".excerpt")
    assert excerpts.evaluate_all("els => els.map(el => getComputedStyle(el).direction)") == [
        "rtl",
        "ltr",
    ]
