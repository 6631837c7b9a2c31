"""What a commenter sees in a real browser: comments in Arabic script reading right to
left beside English ones."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.articles.factories import make_article
from tests.browser.test_comment_journey import comments_block

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC = "أعتقد أن خطة Erbil الجديدة ستكلف 250 مليون دينار، وليس 2024 فقط."


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
