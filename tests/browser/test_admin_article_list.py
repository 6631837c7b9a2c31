"""The admin's article list fits a 1280 px laptop, with the long headlines and bylines real
data has."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from articles.models import Article
from tests.articles.factories import make_article, make_author, make_photo, make_section
from tests.browser.conftest import DESKTOP, role_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-staff-password"
# Set NEWSROOM_SCREENSHOTS=/tmp/somewhere to keep a picture of each page checked.
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")

HEADLINES = [
    "Kurdistan Region's parliament votes to extend its term by a year after months of "
    "talks between the two largest parties collapse",
    "Erbil airport resumes international flights to Europe, the Gulf and Turkey after "
    "a three-week closure ordered by the civil aviation authority",
    "Floodwater reaches the citadel's lower gate as the Greater Zab rises to its "
    "highest level in forty years",
    "Sulaimani opens its first protected cycle lane along Salim Street",
    "Duhok dam reservoir at record low as farmers in the plain ask for emergency water "
    "allocations before the wheat harvest",
    "Teachers' strike enters its third week across Halabja, Garmiyan and Raparin "
    "administrations over unpaid salaries",
]
AUTHORS = [
    "Hêvîdar Abdulrahman Mustafa-Barzinji",
    "Shilan Karim",
    "Newsroom correspondents in Erbil and Sulaimani",
]


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def overflow_of(page, selector: str) -> int:
    """How many CSS pixels the element's content is wider than the element itself."""
    return page.eval_on_selector(selector, "el => Math.max(0, el.scrollWidth - el.clientWidth)")


def sign_in_to_the_admin(journey, user: User) -> None:
    page = journey.page
    journey.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    journey.click(page.get_by_role("button", name="Log in"))


@pytest.fixture
def busy_desk():
    """A page of articles as an editor's day leaves it: long headlines, shared bylines."""
    sections = [make_section(name="Kurdistan"), make_section(name="Business and economy")]
    authors = [make_author(name=name) for name in AUTHORS]
    photo = make_photo(width=900, height=600, caption="Passengers at Erbil airport")
    now = timezone.now()
    for number, headline in enumerate(HEADLINES * 3):
        make_article(
            headline=headline,
            section=sections[number % 2],
            authors=authors[: 1 + number % 3],
            lead_photo=photo if number % 2 == 0 else None,
            status=Article.Status.PUBLISHED if number % 4 else Article.Status.DRAFT,
            published_at=now + timedelta(hours=number - 6),
        )
    editor = User.objects.create_user(
        username="desk-editor", password=PASSWORD, email="desk@example.com", is_staff=True
    )
    editor.groups.add(role_group("Editors"))
    return editor


def headline_line_counts(page) -> list[float]:
    return page.eval_on_selector_all(
        "#result_list .field-headline a",
        """links => links.map(link => {
            const style = getComputedStyle(link);
            return link.getBoundingClientRect().height / parseFloat(style.lineHeight);
        })""",
    )


def test_the_article_list_fits_a_1280_px_laptop(journey, busy_desk):
    page = journey.page
    assert page.viewport_size == DESKTOP
    sign_in_to_the_admin(journey, busy_desk)
    journey.goto("/admin/articles/article/")
    shoot(page, "admin-articles-1280")

    expect(page.locator("#result_list tbody tr")).to_have_count(len(HEADLINES) * 3)
    assert journey.horizontal_overflow() == 0
    assert overflow_of(page, "#changelist .results") == 0, "the table scrolls sideways"
    lines = headline_line_counts(page)
    assert lines and max(lines) <= 2.05, lines

    # Every column is in view, the photo last of them, each thumbnail small and whole.
    table_right = page.eval_on_selector("#result_list", "t => t.getBoundingClientRect().right")
    results_right = page.eval_on_selector(
        "#changelist .results", "r => r.getBoundingClientRect().right"
    )
    assert table_right <= results_right + 0.5
    thumbnails = page.locator("#result_list td.field-thumbnail img")
    expect(thumbnails.first).to_be_visible()
    for box in (thumbnails.nth(n).bounding_box() for n in range(thumbnails.count())):
        assert box["width"] <= 80 and box["height"] <= 60, box
        assert box["x"] + box["width"] <= results_right + 0.5
