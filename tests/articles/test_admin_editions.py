"""The editors' side of editions in the admin: each article's edition in the list, the
change form and its filters; translating articles into another edition as linked drafts;
sections and their counterparts in the other editions."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.models import Article, Section

from .factories import make_article, make_author, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, django_user_model):
    """Staff who may read and change articles, but not add any."""
    user = django_user_model.objects.create_user("reviewer", password="unused", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "change_article", "view_section"],
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def world():
    """The section "World" in English, its counterpart in Arabic, and a Turkish section
    that is not its counterpart."""
    english = make_section(name="World", slug="world", language="en")
    arabic = make_section(
        name="العالم", slug="alalam", language="ar", translation_key=english.translation_key
    )
    turkish = make_section(name="Gündem", slug="gundem", language="tr")
    return {"en": english, "ar": arabic, "tr": turkish}


def changelist_url(model="article"):
    return reverse(f"admin:articles_{model}_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def translate(client, articles, edition, **extra):
    """Choose the edition on the action's confirmation page and send it."""
    return client.post(
        changelist_url(),
        {
            "action": "translate_selected",
            "_selected_action": [article.pk for article in articles],
            "post": "yes",
            "edition": edition,
        },
        **extra,
    )


def section_options(html: str) -> list[str]:
    select = re.search(r'<select name="section".*?</select>', html, re.DOTALL).group(0)
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)


def article_form(section, **fields):
    """What the article add page sends, for `section`."""
    data = {
        "headline": "Talks resume in Baghdad",
        "slug": "talks-resume",
        "standfirst": "",
        "language": section.language,
        "section": section.pk,
        "authors": [make_author().pk],
        "dateline": "",
        "body": "Text.",
        "tags": [],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "update_note": "",
        "updated_at_0": "",
        "updated_at_1": "",
    }
    data.update(fields)
    return data


# --- the article list ---------------------------------------------------------------------


def test_filtering_by_edition_lists_only_that_editions_articles(editor_client, world):
    make_article(headline="Talks resume in Baghdad", section=world["en"])
    make_article(headline="استئناف المحادثات في بغداد", language="ar", section=world["ar"])
    make_article(headline="Bağdat'ta görüşmeler", language="tr", section=world["tr"])

    response = editor_client.get(changelist_url(), {"language__exact": "ar"})

    assert response.status_code == 200
    assert "استئناف المحادثات في بغداد" in response.text
    assert "Talks resume in Baghdad" not in response.text
    assert "Bağdat" not in response.text
    assert response.text.count('class="action-select"') == 1


def test_the_list_shows_each_articles_edition_beside_its_section(editor_client, world):
    make_article(headline="استئناف المحادثات", language="ar", section=world["ar"])

    response = editor_client.get(changelist_url())

    assert '<abbr class="article-edition" title="Arabic">ar</abbr> <bdi>العالم</bdi>' in (
        response.text
    )
    # The edition filter is offered, and the section filter names each section's edition.
    assert "?language__exact=ar" in response.text
    assert "World (en)" in response.text


# --- the change form -------------------------------------------------------------------------


def test_editing_an_article_offers_only_its_own_editions_sections(editor_client, world):
    article = make_article(language="ar", section=world["ar"])

    response = editor_client.get(change_url(article))

    assert response.status_code == 200
    assert 'name="language"' in response.text
    assert section_options(response.text) == ["العالم"]


def test_a_new_article_offers_every_section_under_its_edition(editor_client, world):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert response.status_code == 200
    assert 'name="language"' in response.text
    assert '<optgroup label="English">' in response.text
    assert '<optgroup label="Arabic">' in response.text
    assert '<optgroup label="Turkish">' in response.text
    assert set(section_options(response.text)) == {"World", "العالم", "Gündem"}


def test_a_section_of_another_edition_is_a_form_error_on_the_section(editor_client, world):
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(world["en"], language="ar")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["section"]
    assert (
        "“World” is a section of the English edition, and this article is in the Arabic"
        in errors["section"][0]
    )
    assert "is a section of the English edition" in response.text
    assert not Article.objects.exists()


def test_moving_an_article_into_another_edition_needs_a_section_there(editor_client, world):
    article = make_article(section=world["en"], status=Article.Status.DRAFT)
    data = article_form(world["en"], language="tr", headline=article.headline, slug=article.slug)

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "Choose a section of the Turkish edition" in response.text
    article.refresh_from_db()
    assert article.language == "en"

    response = editor_client.post(change_url(article), {**data, "section": world["tr"].pk})

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.language, article.section) == ("tr", world["tr"])


def test_moving_an_article_into_an_edition_it_has_a_version_in_is_a_form_error(
    editor_client, world
):
    english = make_article(section=world["en"], status=Article.Status.DRAFT)
    make_article(
        headline="نسخة عربية",
        language="ar",
        section=world["ar"],
        translation_key=english.translation_key,
    )

    response = editor_client.post(
        change_url(english), article_form(world["ar"], headline=english.headline)
    )

    assert response.status_code == 200
    assert "This article already has a version in the Arabic edition: “نسخة عربية”." in (
        response.text
    )
    english.refresh_from_db()
    assert english.language == "en"


def test_the_change_form_lists_the_articles_versions_in_other_editions(editor_client, world):
    english = make_article(headline="Talks resume", section=world["en"])
    arabic = make_article(
        headline="استئناف المحادثات",
        language="ar",
        section=world["ar"],
        translation_key=english.translation_key,
        status=Article.Status.DRAFT,
    )

    response = editor_client.get(change_url(english))

    assert (
        f'<li>Arabic: <a href="{change_url(arabic)}"><bdi>استئناف المحادثات</bdi></a> (Draft)</li>'
        in response.text
    )


# --- translating -----------------------------------------------------------------------------


def test_the_translate_action_asks_which_edition_first(editor_client, world):
    first = make_article(headline="Talks resume in Baghdad", section=world["en"])
    second = make_article(headline="Markets close higher", section=world["en"])

    response = editor_client.post(
        changelist_url(),
        {"action": "translate_selected", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 200
    assert "admin/articles/article/translate.html" in [t.name for t in response.templates]
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert "Talks resume in Baghdad" in response.text
    assert "Markets close higher" in response.text
    for code in ("ar", "ckb", "kmr", "tr"):
        assert f'name="edition" value="{code}"' in response.text
    # Both are English already: English is not offered.
    assert 'name="edition" value="en"' not in response.text
    assert 'value="translate_selected"' in response.text
    assert response.text.count('name="_selected_action"') == 2
    assert not Article.objects.filter(language="ar").exists()


def test_translating_makes_a_linked_draft_in_the_counterpart_section(client, editor, world):
    photo = make_photo(width=300, height=200)
    authors = [make_author(name="Shilan Karim"), make_author(name="Reuters")]
    tags = [make_tag(name="Iraq"), make_tag(name="Diplomacy")]
    english = make_article(
        headline="Talks resume in Baghdad",
        standfirst="Delegations meet again.",
        body="First paragraph.\n\nSecond paragraph.",
        dateline="BAGHDAD",
        section=world["en"],
        lead_photo=photo,
        authors=authors,
        tags=tags,
    )
    client.force_login(editor)

    response = translate(client, [english], "ar")

    draft = Article.objects.get(language="ar")
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert draft.translation_key == english.translation_key
    assert draft.section == world["ar"]
    assert draft.status == Article.Status.DRAFT
    assert draft.lead_photo == photo
    assert set(draft.authors.all()) == set(authors)
    assert set(draft.tags.all()) == set(tags)
    assert (draft.headline, draft.standfirst, draft.body, draft.dateline) == (
        english.headline,
        english.standfirst,
        english.body,
        english.dateline,
    )
    page = client.get(response["Location"])
    assert "Made a draft of “<bdi>Talks resume in Baghdad</bdi>” in the Arabic edition" in page.text

    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(english.get_absolute_url()).status_code == 200


def test_translating_several_goes_back_to_the_list_with_a_summary(editor_client, world):
    articles = [make_article(section=world["en"]) for _ in range(3)]

    response = translate(editor_client, articles, "ar", follow=True)

    assert response.redirect_chain[-1][0] == changelist_url()
    assert "Made 3 drafts in the Arabic edition; translate them before publishing." in (
        response.text
    )
    assert Article.objects.filter(language="ar", status=Article.Status.DRAFT).count() == 3


def test_translating_without_a_counterpart_section_is_refused(editor_client, world):
    english = make_article(headline="Talks resume in Baghdad", section=world["en"])

    response = translate(editor_client, [english], "tr", follow=True)

    assert response.status_code == 200
    assert (
        "“<bdi>Talks resume in Baghdad</bdi>” was not translated: its section, “<bdi>World</bdi>”, "
        "has no counterpart in the Turkish edition."
    ) in response.text
    add_section = reverse("admin:articles_section_add")
    assert f'href="{add_section}?language=tr&amp;counterpart_of={world["en"].pk}"' in (
        response.text
    )
    assert not Article.objects.filter(language="tr").exists()
    assert Article.objects.count() == 1


def test_translating_twice_into_one_edition_makes_one_draft(editor_client, world):
    english = make_article(headline="Talks resume in Baghdad", section=world["en"])
    translate(editor_client, [english], "ar")
    draft = Article.objects.get(language="ar")

    response = translate(editor_client, [english], "ar", follow=True)

    assert Article.objects.filter(language="ar").count() == 1
    assert "“<bdi>Talks resume in Baghdad</bdi>” was not translated: it has its version in the" in (
        response.text
    )
    assert f'<a href="{change_url(draft)}"><bdi>Talks resume in Baghdad</bdi></a>' in response.text


def test_one_refusal_among_several_still_makes_the_others(editor_client, world):
    done = make_article(headline="Already done", section=world["en"])
    make_article(language="ar", section=world["ar"], translation_key=done.translation_key)
    fresh = make_article(headline="Not yet translated", section=world["en"])

    response = translate(editor_client, [done, fresh], "ar", follow=True)

    assert "Made 1 draft in the Arabic edition" in response.text
    assert "“<bdi>Already done</bdi>” was not translated" in response.text
    assert Article.objects.filter(language="ar").count() == 2
    assert Article.objects.get(language="ar", headline="Not yet translated").section == world["ar"]


def test_the_change_page_links_to_translating_that_article(editor_client, world):
    english = make_article(headline="Talks resume in Baghdad", section=world["en"])
    translate_url = reverse("admin:articles_article_translate", args=[english.pk])

    change = editor_client.get(change_url(english))
    assert f'href="{translate_url}"' in change.text

    page = editor_client.get(translate_url)
    assert page.status_code == 200
    assert "Talks resume in Baghdad" in page.text
    assert 'name="edition" value="ar"' in page.text
    assert 'name="_selected_action"' not in page.text

    response = editor_client.post(translate_url, {"post": "yes", "edition": "ar"})
    draft = Article.objects.get(language="ar")
    assert response["Location"] == change_url(draft)

    # Refused the second time: back to the article, with the reason.
    response = editor_client.post(translate_url, {"post": "yes", "edition": "ar"}, follow=True)
    assert response.redirect_chain[-1][0] == change_url(english)
    assert "it has its version in the Arabic edition already" in response.text


def test_staff_who_may_not_add_articles_cannot_translate(reviewer_client, world):
    english = make_article(section=world["en"])
    translate_url = reverse("admin:articles_article_translate", args=[english.pk])

    assert 'value="translate_selected"' not in reviewer_client.get(changelist_url()).text
    assert translate_url not in reviewer_client.get(change_url(english)).text
    assert reviewer_client.get(translate_url).status_code == 403
    translate(reviewer_client, [english], "ar")
    assert reviewer_client.post(translate_url, {"post": "yes", "edition": "ar"}).status_code == 403
    assert not Article.objects.filter(language="ar").exists()


# --- sections ---------------------------------------------------------------------------------


def test_the_section_list_shows_editions_and_counterparts(editor_client, world):
    response = editor_client.get(changelist_url("section"), {"language__exact": "en"})

    assert response.status_code == 200
    assert "World" in response.text
    assert "Gündem" not in response.text
    counterparts = reverse("admin:articles_section_changelist") + (
        f"?translation_key={world['en'].translation_key}"
    )
    assert f'<a href="{counterparts}" title="This section in every edition">Arabic</a>' in (
        response.text
    )

    response = editor_client.get(counterparts)
    assert response.status_code == 200
    assert "العالم" in response.text and "World" in response.text
    assert "Gündem" not in response.text


def test_a_section_is_linked_to_its_counterpart_in_the_form(editor_client, world):
    response = editor_client.get(
        reverse("admin:articles_section_add"),
        {"language": "tr", "counterpart_of": world["en"].pk},
    )
    assert response.status_code == 200
    assert 'name="language"' in response.text
    assert f'<option value="{world["en"].pk}" selected>World</option>' in response.text

    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {
            "language": "tr",
            "name": "Dünya",
            "slug": "dunya",
            "order": 0,
            "counterpart_of": world["en"].pk,
        },
    )

    assert response.status_code == 302
    assert Section.objects.get(slug="dunya").translation_key == world["en"].translation_key
    # Now the article goes across.
    english = make_article(section=world["en"])
    translate(editor_client, [english], "tr")
    assert Article.objects.get(language="tr").section.slug == "dunya"


def test_a_second_counterpart_in_one_edition_is_a_form_error(editor_client, world):
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {
            "language": "ar",
            "name": "دولي",
            "slug": "dawli",
            "order": 0,
            "counterpart_of": world["en"].pk,
        },
    )

    assert response.status_code == 200
    assert "The Arabic edition has this section’s counterpart already: “العالم”." in response.text
    assert not Section.objects.filter(slug="dawli").exists()


# --- in the editor's language -----------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["article-list", "article-change", "translate", "section-list"],
)
def test_the_pages_read_right_to_left_for_an_arabic_speaking_editor(editor_client, world, page):
    english = make_article(section=world["en"])
    url = {
        "article-list": changelist_url(),
        "article-change": change_url(english),
        "translate": reverse("admin:articles_article_translate", args=[english.pk]),
        "section-list": changelist_url("section"),
    }[page]

    response = editor_client.get(url, HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in response.text


def test_a_section_holding_articles_keeps_its_edition(editor_client, world):
    make_article(headline="Still here", section=world["tr"], language="tr")
    section = world["tr"]

    response = editor_client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"language": "en", "name": section.name, "slug": section.slug, "order": 0},
    )

    assert response.status_code == 200
    assert "move them to another section" in response.text
    section.refresh_from_db()
    assert section.language == "tr"
