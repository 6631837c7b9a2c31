"""Reader pages: what a visitor sees on the front page, lists, articles, search and errors."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles import views
from articles.models import Article, Author, Section
from tests.articles.factories import (
    make_article,
    make_author,
    make_photo,
    make_section,
    make_tag,
)
from tests.pages import block, tags_named, text_of

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"
HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


# --- helpers -------------------------------------------------------------------------------


def lead_story(html: str) -> str:
    return block(html, r'<article class="lead-story">(.*?)</article>')


def latest_block(html: str) -> str:
    return block(html, r'<section class="latest"[^>]*>(.*?)</section>')


def section_block(html: str, section) -> str:
    return block(
        html,
        rf'<section class="section-block" aria-labelledby="section-{section.slug}">(.*?)</section>',
    )


def json_ld_payloads(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)


def card_headlines(html: str) -> list[str]:
    """Headlines of the article cards on a list page, in order."""
    return re.findall(r'class="card-headline"><a href="[^"]*">(.*?)</a>', html)


def hours_ago(hours: float):
    return timezone.now().replace(microsecond=0) - timedelta(hours=hours)


def iso_local(moment) -> str:
    """How templates write a moment in `datetime="..."` (to the second: valid HTML)."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def draft(**fields):
    return make_article(status=Article.Status.DRAFT, **fields)


def scheduled(**fields):
    return make_article(published_at=timezone.now() + timedelta(hours=3), **fields)


# --- front page ----------------------------------------------------------------------------


def test_front_page_leads_with_the_newest_story_that_has_a_photo(client):
    world = make_section(name="World", slug="world")
    photo = make_photo(width=600, height=400, alt_text="Crowds in the square")
    lead = make_article(
        headline="Crowds gather in the square",
        section=world,
        lead_photo=photo,
        published_at=hours_ago(2),
    )
    newer = make_article(
        headline="Council meets on budget", section=world, published_at=hours_ago(1)
    )

    html = text_of(client.get("/en/"))

    story = lead_story(html)
    assert lead.headline in story
    assert f'href="{lead.get_absolute_url()}"' in story
    assert f'src="{photo.url}"' in story
    assert 'alt="Crowds in the square"' in story
    assert newer.headline not in story
    latest = latest_block(html)
    assert newer.headline in latest
    assert lead.headline not in latest  # the lead is not repeated in "Latest"


def test_front_page_without_photos_leads_with_the_newest_story(client):
    older = make_article(headline="Older story", published_at=hours_ago(3))
    newest = make_article(headline="Newest story", published_at=hours_ago(1))

    html = text_of(client.get("/en/"))

    assert newest.headline in lead_story(html)
    assert older.headline in latest_block(html)


def test_front_page_latest_list_is_newest_first(client):
    section = make_section()
    make_article(headline="Lead with photo", section=section, lead_photo=make_photo(600, 400))
    headlines = [f"Story aged {hours} hours" for hours in (5, 3, 4, 2)]
    for headline, hours in zip(headlines, (5, 3, 4, 2), strict=True):
        make_article(headline=headline, section=section, published_at=hours_ago(hours))

    latest = latest_block(text_of(client.get("/en/")))

    positions = [latest.index(f"Story aged {hours} hours") for hours in (2, 3, 4, 5)]
    assert positions == sorted(positions)


def test_front_page_has_a_block_per_section_with_its_own_articles(client):
    world = make_section(name="World", slug="world", order=1)
    business = make_section(name="Business", slug="business", order=2)
    world_story = make_article(headline="Summit opens", section=world)
    business_story = make_article(headline="Markets rally", section=business)

    html = text_of(client.get("/en/"))

    world_block = section_block(html, world)
    business_block = section_block(html, business)
    assert '<a href="/en/section/world/">World</a>' in world_block
    assert world_story.headline in world_block
    assert business_story.headline not in world_block
    assert business_story.headline in business_block
    assert "More from Business" in business_block
    # Sections appear in their navigation order.
    assert html.index('id="section-world"') < html.index('id="section-business"')


def test_front_page_caps_latest_at_nine_and_section_blocks_at_four(client):
    busy = make_section(name="Busy", slug="busy", order=1)
    quiet = make_section(name="Quiet", slug="quiet", order=2)
    for hours in range(1, 13):
        make_article(headline=f"Busy {hours:02}h", section=busy, published_at=hours_ago(hours))
    for hours in (48, 72):
        make_article(headline=f"Quiet {hours}h", section=quiet, published_at=hours_ago(hours))

    html = text_of(client.get("/en/"))

    assert "Busy 01h" in lead_story(html)
    assert re.findall(r">(Busy \d\dh)<", latest_block(html)) == [
        f"Busy {hours:02}h" for hours in range(2, 11)
    ]
    assert re.findall(r">(Busy \d\dh)<", section_block(html, busy)) == [
        f"Busy {hours:02}h" for hours in range(1, 5)
    ]
    # A quiet section keeps its block even when its stories are too old for "Latest".
    assert re.findall(r">(Quiet \d+h)<", section_block(html, quiet)) == ["Quiet 48h", "Quiet 72h"]
    assert "Quiet" not in latest_block(html)


def test_front_page_never_shows_drafts_or_scheduled_articles(client):
    section = make_section()
    make_article(headline="Public story", section=section)
    draft(headline="Secret draft story", section=section, lead_photo=make_photo(600, 400))
    scheduled(headline="Embargoed story", section=section, lead_photo=make_photo(600, 400))

    response = client.get("/en/")

    assertContains(response, "Public story")
    assert "Public story" in lead_story(text_of(response))
    assertNotContains(response, "Secret draft story")
    assertNotContains(response, "Embargoed story")


def test_front_page_with_nothing_published_says_so(client):
    draft(headline="Unfinished")

    response = client.get("/en/")

    assertContains(response, "Nothing has been published yet.")
    assertNotContains(response, "Unfinished")


def test_front_page_escapes_hostile_headlines_and_standfirsts(client):
    make_article(headline=f"Alert {HOSTILE}", standfirst=f"Summary {HOSTILE}")

    response = client.get("/en/")

    assertNotContains(response, HOSTILE)
    assertContains(response, f"Alert {HOSTILE_ESCAPED}")
    assertContains(response, f"Summary {HOSTILE_ESCAPED}")


def _front_page_fixture(sections: int, per_section: int):
    photo = make_photo(480, 320)  # shared: what matters is that every card has one
    for _ in range(sections):
        section = make_section()
        for _ in range(per_section):
            make_article(section=section, authors=[make_author(), make_author()], lead_photo=photo)


# The articles with their comment counts (one windowed query), their authors, "most
# commented", and, as the cache is empty here, the navigation's sections and the "What
# you say" sidebar (each kept in the shared cache once fetched).
FRONT_PAGE_QUERIES = 5


@pytest.mark.parametrize(("sections", "per_section"), [(2, 2), (5, 6)])
def test_front_page_query_count_does_not_grow(
    client, django_assert_num_queries, sections, per_section
):
    _front_page_fixture(sections, per_section)

    with django_assert_num_queries(FRONT_PAGE_QUERIES):
        response = client.get("/en/")

    assert response.status_code == 200
    assert len(re.findall(r'class="section-block"', text_of(response))) == sections


# --- section, tag and author pages --------------------------------------------------------


def test_section_page_lists_only_its_published_articles(client):
    world = make_section(name="World", slug="world")
    other = make_section(name="Sport", slug="sport")
    mine = [make_article(headline=f"World story {n}", section=world) for n in range(2)]
    make_article(headline="Sport story", section=other)
    draft(headline="World draft", section=world)
    scheduled(headline="World embargo", section=world)

    response = client.get("/en/section/world/")

    assert response.status_code == 200
    assertContains(response, "<h1>World</h1>", html=True)
    for article in mine:
        assertContains(response, article.headline)
    for absent in ("Sport story", "World draft", "World embargo"):
        assertNotContains(response, absent)


def test_section_page_marks_its_section_in_the_navigation(client):
    make_section(name="World", slug="world")
    make_section(name="Sport", slug="sport")

    response = client.get("/en/section/world/")

    assertContains(
        response, '<a href="/en/section/world/" aria-current="page">World</a>', html=True
    )
    assertContains(response, '<a href="/en/section/sport/">Sport</a>', html=True)


def test_the_navigation_shows_a_section_saved_or_deleted_while_it_is_cached(client):
    make_section(name="World", slug="world")
    doomed = make_section(name="Sport", slug="sport")
    assertContains(
        client.get("/en/section/world/"), '<a href="/en/section/sport/">Sport</a>', html=True
    )

    doomed.delete()
    make_section(name="Culture", slug="culture")
    renamed = Section.objects.get(slug="world")
    renamed.name = "The World"
    renamed.save()

    response = client.get("/en/section/world/")
    assertNotContains(response, '<a href="/en/section/sport/">')
    assertContains(response, '<a href="/en/section/culture/">Culture</a>', html=True)
    assertContains(response, ">The World</a>")


def test_tag_page_lists_only_articles_with_that_tag(client):
    oil = make_tag(name="Oil", slug="oil")
    water = make_tag(name="Water", slug="water")
    tagged = make_article(headline="Oil exports rise", tags=[oil, water])
    make_article(headline="Water shortage", tags=[water])
    draft(headline="Oil draft", tags=[oil])

    response = client.get("/en/tag/oil/")

    assertContains(response, "<h1>Oil</h1>", html=True)
    assertContains(response, tagged.headline)
    assertNotContains(response, "Water shortage")
    assertNotContains(response, "Oil draft")


def test_author_page_lists_only_their_published_articles_and_shows_the_bio(client):
    reporter = make_author(name="Dana Reporter", slug="dana", bio="Covers energy.")
    colleague = make_author(name="Sam Colleague", slug="sam")
    shared = make_article(headline="Joint investigation", authors=[reporter, colleague])
    make_article(headline="Sam alone", authors=[colleague])
    scheduled(headline="Dana embargo", authors=[reporter])

    response = client.get("/en/author/dana/")

    assertContains(response, "<h1>Dana Reporter</h1>", html=True)
    assertContains(response, "Covers energy.")
    assertContains(response, shared.headline)
    assertNotContains(response, "Sam alone")
    assertNotContains(response, "Dana embargo")


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_list_page_for_unknown_slug_is_not_found(client, kind):
    response = client.get(f"/en/{kind}/no-such-thing/")

    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_list_pages_paginate_newest_first(client, monkeypatch, kind):
    monkeypatch.setattr(views.ArticleListView, "paginate_by", 2)
    section, tag, author = make_section(), make_tag(), make_author()
    owner = {"section": section, "tag": tag, "author": author}[kind]
    for hours in range(5, 0, -1):
        make_article(
            headline=f"Paged story {hours}h",
            section=section,
            tags=[tag],
            authors=[author],
            published_at=hours_ago(hours),
        )
    url = owner.get_absolute_url()

    first = client.get(url)
    second = client.get(url, {"page": 2})
    third = client.get(url, {"page": 3})

    assert card_headlines(text_of(first)) == ["Paged story 1h", "Paged story 2h"]
    assertContains(first, '<a rel="next" href="?page=2">Older →</a>', html=True)
    assertContains(first, "Page 1 of 3")
    assertNotContains(first, "← Newer")
    assert card_headlines(text_of(second)) == ["Paged story 3h", "Paged story 4h"]
    assertContains(second, '<a rel="prev" href="?page=1">← Newer</a>', html=True)
    assertContains(second, '<meta name="robots" content="noindex, follow">', html=True)
    assert card_headlines(text_of(third)) == ["Paged story 5h"]
    assertNotContains(third, "Older →")


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc"])
def test_list_page_out_of_range_is_a_client_error_not_a_crash(client, monkeypatch, page):
    monkeypatch.setattr(views.ArticleListView, "paginate_by", 2)
    section = make_section()
    for _ in range(3):
        make_article(section=section)

    response = client.get(section.get_absolute_url(), {"page": page})

    assert 400 <= response.status_code < 500


def test_list_page_with_no_articles_says_so(client):
    section = make_section(name="Empty", slug="empty")

    response = client.get(section.get_absolute_url())

    assertContains(response, "No articles here yet.")


# The section with the count of its published articles (one query), the page of articles
# with their comment counts, their authors, and, as the cache is empty here, the
# navigation's sections and the sidebar (each kept in the shared cache once fetched).
SECTION_PAGE_QUERIES = 5


@pytest.mark.parametrize(("other_sections", "articles"), [(1, 2), (6, 12)])
def test_section_page_query_count_does_not_grow(
    client, django_assert_num_queries, other_sections, articles
):
    for _ in range(other_sections):
        make_section()
    section = make_section()
    photo = make_photo(480, 320)
    for _ in range(articles):
        make_article(
            section=section,
            authors=[make_author(), make_author(), make_author()],
            tags=[make_tag()],
            lead_photo=photo,
        )

    with django_assert_num_queries(SECTION_PAGE_QUERIES):
        response = client.get(section.get_absolute_url())

    assert len(card_headlines(text_of(response))) == articles


# --- the article page -----------------------------------------------------------------------


def test_article_page_shows_headline_standfirst_and_linked_byline(client):
    first = make_author(name="Alan Adams", slug="alan-adams")
    second = make_author(name="Beth Brown", slug="beth-brown")
    article = make_article(
        headline="Dam talks resume",
        standfirst="Negotiators return to the table.",
        authors=[second, first],
    )

    response = client.get(article.get_absolute_url())

    assertContains(response, '<h1 class="headline">Dam talks resume</h1>', html=True)
    assertContains(
        response, '<p class="standfirst">Negotiators return to the table.</p>', html=True
    )
    assertContains(
        response,
        '<p class="byline">By <a href="/en/author/alan-adams/">Alan Adams</a> and '
        '<a href="/en/author/beth-brown/">Beth Brown</a></p>',
        html=True,
    )


def test_article_page_byline_with_three_authors(client):
    authors = [make_author(name=name, slug=name.lower()) for name in ("Cara", "Amir", "Bo")]
    article = make_article(authors=authors)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<p class="byline">By <a href="/en/author/amir/">Amir</a>, <a href="/en/author/bo/">Bo</a> '
        'and <a href="/en/author/cara/">Cara</a></p>',
        html=True,
    )


def test_article_page_shows_publication_time(client):
    published = hours_ago(5)
    article = make_article(published_at=published)

    response = client.get(article.get_absolute_url())

    assertContains(response, f'<time datetime="{iso_local(published)}">')
    assertNotContains(response, "Updated")
    assertNotContains(response, "Correction / update")


def test_article_page_shows_update_time_and_note(client):
    article = make_article(
        published_at=hours_ago(5), update_note="An earlier version misspelt the minister's name."
    )
    article.refresh_from_db()

    response = client.get(article.get_absolute_url())

    assert article.updated_at is not None
    assertContains(response, f'<time datetime="{iso_local(article.published_at)}">')
    html = text_of(response)
    updated = block(html, r'<span class="updated">(.*?)</span>')
    assert f'<time datetime="{iso_local(article.updated_at)}">' in updated
    assert updated.startswith("Updated ")
    note = block(html, r'<div class="update-note" role="note">(.*?)</div>')
    assert "An earlier version misspelt the minister&#x27;s name." in note


def test_article_page_lead_photo_is_a_captioned_responsive_figure(client):
    photo = make_photo(
        width=1200,
        height=800,
        alt_text="Fishermen at dawn",
        caption="Fishermen haul nets on the lake.",
        credit="Newsroom/Jane Doe",
    )
    article = make_article(lead_photo=photo)

    html = text_of(client.get(article.get_absolute_url()))

    figure = block(html, r'<figure class="lead-photo">(.*?)</figure>')
    caption = block(figure, r"<figcaption>(.*?)</figcaption>")
    assert "Fishermen haul nets on the lake." in caption
    assert '<span class="credit">Photo: Newsroom/Jane Doe</span>' in caption
    [img] = tags_named(figure, "img")
    assert img["src"] == photo.url
    assert img["alt"] == "Fishermen at dawn"
    assert (img["width"], img["height"]) == ("1200", "800")
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == ["480w", "960w", "1200w"]
    assert all(entry.split()[0].endswith(".jpg") for entry in img["srcset"].split(", "))
    [source] = tags_named(figure, "source")
    assert source["type"] == "image/webp"
    assert all(entry.split()[0].endswith(".webp") for entry in source["srcset"].split(", "))


def test_article_page_without_photo_has_no_figure(client):
    article = make_article()

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "<figure")
    assertNotContains(response, "<img")


def test_article_page_opens_the_body_with_the_dateline(client):
    article = make_article(
        dateline="ERBIL, Kurdistan Region",
        body="Officials met on Monday.\n\nThey agreed to meet again.",
    )

    html = text_of(client.get(article.get_absolute_url()))

    body = block(html, r'<div class="article-body">(.*?)</div>')
    first_paragraph = block(body, r"<p>(.*?)</p>")
    assert first_paragraph == (
        '<span class="dateline">ERBIL, Kurdistan Region –</span> Officials met on Monday.'
    )
    assert body.count('class="dateline"') == 1


def test_article_page_links_its_tags(client):
    tags = [make_tag(name="Oil", slug="oil"), make_tag(name="Water", slug="water")]
    article = make_article(tags=tags)

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        '<ul class="tags" aria-label="Topics"><li><a href="/en/tag/oil/">Oil</a></li>'
        '<li><a href="/en/tag/water/">Water</a></li></ul>',
        html=True,
    )


def test_article_page_elsewhere_lists_related_published_articles_only(client):
    world, sport = make_section(), make_section()
    oil = make_tag()
    article = make_article(section=world, tags=[oil])
    same_section = make_article(headline="Same section story", section=world)
    shared_tag = make_article(headline="Shared tag story", section=sport, tags=[oil])
    make_article(headline="Unrelated story", section=sport)
    draft(headline="Related draft", section=world, tags=[oil])
    scheduled(headline="Related embargo", section=world)

    html = text_of(client.get(article.get_absolute_url()))

    elsewhere = block(html, r'<section class="elsewhere"[^>]*>(.*?)</section>')
    assert f'<a href="{same_section.get_absolute_url()}">Same section story</a>' in elsewhere
    assert f'<a href="{shared_tag.get_absolute_url()}">Shared tag story</a>' in elsewhere
    for absent in ("Unrelated story", "Related draft", "Related embargo", article.headline):
        assert absent not in elsewhere


def test_article_page_elsewhere_shows_the_four_newest_related(client):
    section = make_section()
    article = make_article(section=section, published_at=hours_ago(10))
    for hours in range(1, 7):
        make_article(
            headline=f"Related {hours}h ago", section=section, published_at=hours_ago(hours)
        )

    html = text_of(client.get(article.get_absolute_url()))

    elsewhere = block(html, r'<section class="elsewhere"[^>]*>(.*?)</section>')
    assert re.findall(r">(Related \dh ago)<", elsewhere) == [
        "Related 1h ago",
        "Related 2h ago",
        "Related 3h ago",
        "Related 4h ago",
    ]


def test_article_page_without_related_articles_has_no_elsewhere_block(client):
    article = make_article()

    response = client.get(article.get_absolute_url())

    assertNotContains(response, "Elsewhere")


# The article with its section, photo and comment counts, its authors and tags (one
# query), related articles and, as the cache is empty here, the navigation's sections and
# the sidebar (each kept in the shared cache once fetched); with no comments there is no
# page of threads to fetch.
ARTICLE_PAGE_QUERIES = 5


def test_article_page_query_count_with_one_author_and_nothing_related(
    client, django_assert_num_queries
):
    article = make_article(authors=[make_author()])

    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200


def test_article_page_query_count_is_the_same_with_many_authors_tags_and_related(
    client, django_assert_num_queries
):
    section = make_section()
    tags = [make_tag() for _ in range(5)]
    article = make_article(
        section=section,
        authors=[make_author(), make_author(kind=Author.Kind.ORGANIZATION), make_author()],
        tags=tags,
        lead_photo=make_photo(480, 320),
        dateline="ERBIL",
        update_note="Corrected.",
    )
    for n in range(3):
        make_article(section=section, lead_photo=make_photo(480, 320))
        make_article(tags=[tags[n]])
    for _ in range(4):
        make_section()

    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())

    html = text_of(response)
    assert html.count('<li><a href="/en/tag/') == 5
    elsewhere = block(html, r'<section class="elsewhere"[^>]*>(.*?)</section>')
    assert elsewhere.count("<li>") == 4


def test_wrong_slug_redirects_permanently_to_the_canonical_address(client):
    article = make_article(headline="Correct headline")

    response = client.get(f"/en/news/{article.pk}/old-headline/")

    assertRedirects(response, article.get_absolute_url(), status_code=301)


def test_short_link_redirects_permanently_to_the_canonical_address(client):
    article = make_article(headline="Short link target")

    response = client.get(f"/en/news/{article.pk}/")

    assertRedirects(response, f"/en/news/{article.pk}/short-link-target/", status_code=301)


def test_article_page_declares_its_canonical_address(client):
    article = make_article(headline="Canonical story")

    response = client.get(article.get_absolute_url())

    assertContains(
        response,
        f'<link rel="canonical" href="http://testserver/en/news/{article.pk}/canonical-story/">',
        html=True,
    )


def test_unknown_article_is_not_found(client):
    assert client.get("/en/news/987654/anything/").status_code == 404
    assert client.get("/en/news/987654/").status_code == 404


@pytest.mark.parametrize("make", [draft, scheduled], ids=["draft", "scheduled"])
def test_unpublished_article_is_not_found_even_by_short_link(client, make):
    article = make(headline="Not for readers yet")

    assert client.get(f"/en/news/{article.pk}/not-for-readers-yet/").status_code == 404
    assert client.get(f"/en/news/{article.pk}/").status_code == 404


def test_scheduled_article_appears_once_its_time_arrives(client, monkeypatch):
    article = scheduled(headline="Embargoed until noon")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404

    later = timezone.now() + timedelta(hours=4)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = client.get(url)
    assertContains(response, "Embargoed until noon")
    assertContains(client.get("/en/"), "Embargoed until noon")


def test_article_page_escapes_hostile_text_everywhere(client):
    photo = make_photo(
        width=480, height=320, caption=f"Caption {HOSTILE}", alt_text=f"Alt {HOSTILE}"
    )
    article = make_article(
        headline=f"Headline {HOSTILE}",
        standfirst=f"Standfirst {HOSTILE}",
        lead_photo=photo,
        update_note=f"Note {HOSTILE}",
    )

    response = client.get(article.get_absolute_url())

    assertNotContains(response, HOSTILE)
    html = text_of(response)
    # Only the JSON-LD block and the comment form's own scripts (the edition's words for
    # it, then the static script), nothing injected.
    scripts = tags_named(html, "script")
    assert [attrs.get("type") or attrs.get("src") for attrs in scripts] == [
        "application/ld+json",
        "/en/jsi18n/",
        "/static/js/comment-form.js",
    ]
    assert html.count("</script>") == 3
    assertContains(response, f'<h1 class="headline">Headline {HOSTILE_ESCAPED}</h1>', html=True)
    assertContains(response, f"Standfirst {HOSTILE_ESCAPED}")
    assertContains(response, f"Caption {HOSTILE_ESCAPED}")
    assertContains(response, f"Note {HOSTILE_ESCAPED}")
    [payload] = json_ld_payloads(html)
    assert "<" not in payload
    data = json.loads(payload)
    assert data["headline"] == f"Headline {HOSTILE}"
    assert data["description"] == f"Standfirst {HOSTILE}"
    assert data["image"]["caption"] == f"Caption {HOSTILE}"


def test_staff_preview_shows_a_draft_without_letting_it_be_indexed(admin_client):
    article = draft(headline="Draft under review")

    response = admin_client.get(f"/en/news/{article.pk}/preview/")

    assertContains(response, '<h1 class="headline">Draft under review</h1>', html=True)
    assertContains(response, "Preview: this draft is not public.")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=True)
    assertNotContains(response, 'rel="canonical"')
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_staff_preview_of_a_scheduled_article_says_when_it_goes_public(admin_client):
    article = scheduled(headline="Embargoed report")

    response = admin_client.get(f"/en/news/{article.pk}/preview/")

    assertContains(response, "Preview: scheduled for")
    assertContains(response, "readers cannot see it yet.")


def test_readers_cannot_preview(client):
    article = draft(headline="Draft under review")

    response = client.get(f"/en/news/{article.pk}/preview/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assertNotContains(response, "Draft under review", status_code=302)


# --- search ---------------------------------------------------------------------------------


def test_search_finds_a_published_article_by_a_word_in_its_headline(client):
    found = make_article(headline="Pipeline talks resume in Erbil", body="Nothing else.")
    make_article(headline="Football results", body="Goals galore.")
    draft(headline="Pipeline draft in Erbil", body="Draft text.")
    scheduled(headline="Pipeline embargo in Erbil", body="Embargoed text.")

    response = client.get("/en/search/", {"q": "pipeline"})

    assert card_headlines(text_of(response)) == [found.headline]
    assertContains(response, "1 result for “pipeline”")
    assertContains(response, '<meta name="robots" content="noindex, follow">', html=True)


def test_search_with_several_words_finds_only_articles_with_all_of_them(client):
    found = make_article(headline="Pipeline talks resume in Erbil", body="Nothing else.")
    make_article(headline="Pipeline burst near Basra", body="Repairs begin.")
    make_article(headline="Football results", body="Goals galore.")
    draft(headline="Pipeline draft in Erbil", body="Draft text.")

    response = client.get("/en/search/", {"q": "pipeline Erbil"})

    assert card_headlines(text_of(response)) == [found.headline]
    assertContains(response, "1 result for “pipeline Erbil”")


def test_search_with_no_match_says_so(client):
    make_article(headline="Pipeline talks resume")

    response = client.get("/en/search/", {"q": "volcano"})

    assertContains(response, "0 results for “volcano”")
    assertContains(response, "Nothing matched.")


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_search_without_words_shows_only_the_form(client, params):
    make_article(headline="Anything at all")

    response = client.get("/en/search/", params)

    assert response.status_code == 200
    assertContains(response, "<h1>Search</h1>", html=True)
    assertContains(response, 'id="search-q"')
    assertNotContains(response, "result-count")
    assertNotContains(response, "article-list")
    assertNotContains(response, "Anything at all")


@pytest.mark.parametrize(
    "query",
    [
        "x" * 1000,
        ("pipeline " * 200)[:1000],
        "\"' OR 1=1 -- ! & | ( ) : * < > % _ \\",
        "-pipeline",
        '"',
        "🛢️ نەوت",
    ],
    ids=["one-long-word", "many-words", "punctuation", "negation", "lone-quote", "unicode"],
)
def test_search_copes_with_odd_queries(client, query):
    make_article(headline="Pipeline talks resume")

    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    assertContains(response, '<p class="result-count" role="status">')


def test_search_with_a_nul_character_is_not_a_server_error(client):
    make_article(headline="Pipeline talks resume")
    client.raise_request_exception = False  # see the response a reader would get

    response = client.get("/en/search/?q=pipe%00line")

    assert response.status_code < 500


def test_search_results_paginate(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for hours in range(1, 6):
        make_article(headline=f"Harvest report {hours}", published_at=hours_ago(hours))
    make_article(headline="Unrelated")

    pages = [client.get("/en/search/", {"q": "harvest", "page": n}) for n in (1, 2, 3)]

    assertContains(pages[0], "5 results for “harvest”")
    assertContains(pages[0], '<a rel="next" href="?q=harvest&amp;page=2">Older →</a>', html=True)
    assertContains(pages[2], "Page 3 of 3")
    found = [card_headlines(text_of(page)) for page in pages]
    assert [len(headlines) for headlines in found] == [2, 2, 1]
    assert sorted(headline for page in found for headline in page) == [
        f"Harvest report {n}" for n in range(1, 6)
    ]


def test_search_echoes_a_hostile_query_escaped(client):
    response = client.get("/en/search/", {"q": HOSTILE})

    assert response.status_code == 200
    assertNotContains(response, HOSTILE)
    assertContains(response, HOSTILE_ESCAPED)


# --- error page, robots.txt, health check ---------------------------------------------------


def test_not_found_page_uses_the_site_layout(client):
    make_section(name="World", slug="world")

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assertContains(response, "We couldn't find that page", status_code=404)
    assertContains(response, '<header class="site-header">', status_code=404)
    assertContains(response, '<a href="/en/section/world/">World</a>', status_code=404, html=True)
    assertContains(response, '<form class="search-form"', status_code=404)


def test_robots_txt_points_to_both_sitemaps_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_robots_txt_answers_head_requests(client):
    assert client.head("/robots.txt").status_code == 200


def test_health_check_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode().strip() == "ok"
    assert "no-cache" in response["Cache-Control"]


# --- every reader page ----------------------------------------------------------------------


def _reader_pages():
    """One of each kind of HTML page, with the status it should answer."""
    section = make_section()
    tag = make_tag()
    author = make_author()
    article = make_article(
        section=section, tags=[tag], authors=[author], lead_photo=make_photo(480, 320)
    )
    make_article(section=section)
    return [
        ("/en/", 200),
        (section.get_absolute_url(), 200),
        (tag.get_absolute_url(), 200),
        (author.get_absolute_url(), 200),
        (article.get_absolute_url(), 200),
        ("/en/search/", 200),
        (f"/en/search/?q={article.headline.split()[0]}", 200),
        ("/no-such-page/", 404),
    ]


def test_every_page_has_exactly_one_h1(client):
    for url, status in _reader_pages():
        response = client.get(url)
        assert response.status_code == status, url
        assert len(tags_named(text_of(response), "h1")) == 1, url


def test_every_page_sends_a_content_security_policy(client):
    for url, status in _reader_pages():
        response = client.get(url)
        assert response.status_code == status, url
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'none'" in policy, url
        assert "object-src 'none'" in policy, url
        assert "'unsafe-inline'" not in policy, url


def test_no_page_has_an_inline_script_other_than_json_ld(client):
    for url, _status in _reader_pages():
        html = text_of(client.get(url))
        for script in tags_named(html, "script"):
            assert "src" in script or script.get("type") == "application/ld+json", (url, script)
