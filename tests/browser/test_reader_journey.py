"""A reader finds a story on the front page and reads it, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Peshmerga reopen the road to Makhmour"
DRAFT_HEADLINE = "Unfinished draft about the budget talks"
CAPTION = "Peshmerga forces at a checkpoint near Makhmour"
ALT_TEXT = "Armed men in uniform beside a barrier on a desert road"
DATELINE = "ERBIL, Kurdistan Region"


@pytest.fixture
def story():
    """A published article with a lead photo, and a draft that readers must not see."""
    section = make_section(name="Kurdistan", slug="kurdistan")
    author = make_author(name="Dilan Ahmed", slug="dilan-ahmed")
    photo = make_photo(
        alt_text=ALT_TEXT,
        caption=CAPTION,
        credit="AFP/file",
    )
    article = make_article(
        headline=HEADLINE,
        standfirst="Traffic moves again after a week of closures south-west of Erbil.",
        body="The road was reopened on Monday morning.\n\nLorries queued for hours.",
        dateline=DATELINE,
        section=section,
        authors=[author],
        lead_photo=photo,
    )
    make_article(
        headline=DRAFT_HEADLINE, status=Article.Status.DRAFT, section=section, authors=[author]
    )
    return article


def expect_lead_photo(journey):
    """The article's lead photo is shown, described, and was served from /media/."""
    figure = journey.page.locator("figure.lead-photo")
    image = figure.get_by_role("img")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", ALT_TEXT)
    journey.expect_image_loaded(image)
    assert "/media/photos/" in image.evaluate("image => image.currentSrc")
    return figure


def test_reader_opens_the_lead_story_from_the_front_page(journey, live_server, story):
    page = journey.page
    journey.goto("/en/")

    lead_link = page.get_by_role("heading", level=2, name=HEADLINE).get_by_role("link")
    expect(lead_link).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(DRAFT_HEADLINE)

    journey.click(lead_link)

    expect(page).to_have_url(live_server.url + story.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    figure = expect_lead_photo(journey)
    caption = figure.locator("figcaption")
    expect(caption).to_contain_text(CAPTION)
    expect(caption).to_contain_text("Photo: AFP/file")
    first_paragraph = page.locator(".article-body p").first
    expect(first_paragraph).to_contain_text(DATELINE)
    expect(first_paragraph).to_contain_text("The road was reopened on Monday morning.")


def test_article_fits_a_phone_screen(phone_journey, story):
    journey = phone_journey
    journey.goto(story.get_absolute_url())
    assert journey.page.viewport_size == {"width": 375, "height": 800}

    expect(journey.page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect_lead_photo(journey)
    assert journey.horizontal_overflow() == 0, "the article scrolls sideways on a phone"
