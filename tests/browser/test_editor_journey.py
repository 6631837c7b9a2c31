"""An editor uploads a photo and publishes an article with it through the admin desk."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.articles.factories import image_bytes, make_author, make_section
from tests.browser.conftest import role_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-editor-password"
HEADLINE = "Erbil airport resumes international flights"
CAPTION = "Passengers queue at the departures hall of Erbil International Airport"
CREDIT = "Newsroom/Azad Lashkari"


@pytest.fixture
def editor() -> User:
    user = User.objects.create_user(
        username="desk-editor", password=PASSWORD, email="desk@example.com", is_staff=True
    )
    user.groups.add(role_group("Editors"))
    return user


def choose_autocomplete(page, field: str, search: str, option: str) -> None:
    """Pick `option` in the admin's select2 autocomplete widget for `field`."""
    page.locator(f".field-{field} .select2-selection").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    search_box.fill(search)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f".field-{field} .select2-selection")).to_contain_text(option)


def test_editor_publishes_an_article_with_a_new_photo(journey, editor):
    section = make_section(name="Kurdistan", slug="kurdistan")
    author = make_author(name="Hiwa Aziz", slug="hiwa-aziz")
    page = journey.page

    # Sign in to the desk.
    journey.goto("/admin/login/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    journey.click(page.get_by_role("button", name="Log in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsroom desk")

    # Upload the photo.
    journey.click(page.get_by_role("link", name="Photos", exact=True))
    journey.click(page.get_by_role("link", name="Add photo"))
    page.get_by_label("Image").set_input_files(
        {"name": "airport.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    page.get_by_label("Alt text").fill("A long queue of travellers with suitcases")
    page.get_by_label("Caption").fill(CAPTION)
    page.get_by_label("Credit line").fill(CREDIT)
    journey.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    # Write and publish the article.
    journey.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill("The first flight to Europe left on time.")
    # The admin's script fills the slug in from the headline once the editor moves on.
    expect(page.get_by_label("Slug")).to_have_value("erbil-airport-resumes-international-flights")
    page.get_by_label("Section").select_option(label=section.name)
    choose_autocomplete(page, "authors", "Hiwa", author.name)
    page.get_by_label("Dateline").fill("ERBIL, Kurdistan Region")
    page.get_by_role("textbox", name="Body").fill(
        "The departures board was full again.\n\nAirlines returned."
    )
    choose_autocomplete(page, "lead_photo", "Passengers", CAPTION[:60])
    page.get_by_label("Status").select_option(label="Published")
    journey.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"The article “{HEADLINE}” was added successfully."
    )

    # Readers see it.
    journey.goto("/en/")
    headline_link = page.get_by_role("heading", level=2, name=HEADLINE).get_by_role("link")
    journey.click(headline_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    journey.expect_image_loaded(page.locator("figure.lead-photo img"))
    caption = page.locator("figure.lead-photo figcaption")
    expect(caption).to_contain_text(CAPTION)
    expect(caption).to_contain_text(f"Photo: {CREDIT}")
