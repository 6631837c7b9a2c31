"""Editions: each language at its own prefix, with its own articles, sections, comments,
feeds and search; the bare address picks the reader's edition."""

import json
import re
from datetime import datetime
from urllib.parse import quote

import pytest
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from articles import editions
from comments.models import FORMER_MEMBER, Comment
from tests.comments.factories import make_comment
from tests.comments.helpers import guest_data

from .factories import committed, make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the bare address and the prefixes -------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "edition"),
    [
        ("ar,en;q=0.5", "ar"),
        ("ckb", "ckb"),
        ("tr-TR,tr;q=0.9", "tr"),
        ("kmr", "kmr"),
        ("fr", "en"),
        ("", "en"),
    ],
)
def test_the_bare_address_sends_each_reader_to_their_languages_edition(
    client, accept_language, edition
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == f"/{edition}/"
    # A shared cache must keep the answers to each language (and each choice) apart.
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]


def test_a_remembered_choice_beats_the_browsers_language(client):
    client.post(reverse("set_language"), {"language": "ckb", "next": "/ckb/"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/ckb/"


def test_an_old_address_without_a_prefix_still_leads_to_the_page(client):
    article = make_article(headline="Old link")

    response = client.get(f"/news/{article.pk}/{article.slug}/", follow=True)

    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "Old link" in text_of(response)


def test_an_article_is_at_its_own_editions_prefix(client):
    sorani = make_article(language="ckb", headline="هەواڵی هەولێر")

    assert sorani.get_absolute_url().startswith("/ckb/news/")
    # Asked for under another edition's prefix, it sends the reader to its own.
    with translation.override("en"):
        wrong = reverse("articles:detail", kwargs={"pk": sorani.pk, "slug": sorani.slug})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == sorani.get_absolute_url()


def test_a_headline_in_arabic_script_makes_a_slug_in_it(client):
    article = make_article(language="ar", headline="افتتاح جسر جديد في أربيل")

    assert article.slug == "افتتاح-جسر-جديد-في-أربيل"
    assert "جسر جديد" in text_of(client.get(article.get_absolute_url()))


# --- each edition shows its own ---------------------------------------------------------------


def test_each_front_page_shows_its_editions_articles_only(client):
    make_article(headline="Council approves budget", language="en")
    make_article(headline="Meclis bütçeyi onayladı", language="tr")

    english = text_of(client.get("/en/"))
    turkish = text_of(client.get("/tr/"))

    assert "Council approves budget" in english
    assert "Meclis bütçeyi onayladı" not in english
    assert "Meclis bütçeyi onayladı" in turkish
    assert "Council approves budget" not in turkish


def test_sections_belong_to_one_edition_and_may_share_a_slug(client):
    english = make_section(name="Politics", slug="politics", language="en")
    kurmanji = make_section(name="Siyaset", slug="politics", language="kmr")
    make_article(headline="Vote tonight", section=english)
    make_article(headline="Deng îşev", section=kurmanji, language="kmr")

    en_page = text_of(client.get("/en/section/politics/"))
    kmr_page = text_of(client.get("/kmr/section/politics/"))

    assert "Vote tonight" in en_page and "Deng îşev" not in en_page
    assert "Deng îşev" in kmr_page and "Vote tonight" not in kmr_page
    # The navigation lists the edition's own sections.
    assert ">Siyaset<" in kmr_page and ">Politics<" not in kmr_page


def test_a_section_may_be_addressed_in_its_own_script(client):
    section = make_section(name="کوردستان", slug="کوردستان", language="ckb")
    make_article(headline="بەفر لە سلێمانی", section=section, language="ckb")

    assert section.get_absolute_url() == quote("/ckb/section/کوردستان/")
    assert "بەفر لە سلێمانی" in text_of(client.get(section.get_absolute_url()))


def test_a_section_of_another_edition_is_not_found_under_this_one(client):
    make_section(name="Ekonomi", slug="ekonomi", language="tr")

    assert client.get("/en/section/ekonomi/").status_code == 404


def test_an_article_must_be_filed_in_a_section_of_its_own_edition():
    article = make_article(language="en")
    article.language = "ar"

    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "section" in refused.value.message_dict


def test_a_tag_page_lists_the_editions_articles_only(client):
    tag = make_tag(name="Mosul", slug="mosul")
    make_article(headline="Mosul rebuilds", tags=[tag])
    make_article(headline="الموصل تعيد البناء", tags=[tag], language="ar")

    english = text_of(client.get("/en/tag/mosul/"))
    arabic = text_of(client.get("/ar/tag/mosul/"))

    assert "Mosul rebuilds" in english and "الموصل تعيد البناء" not in english
    assert "الموصل تعيد البناء" in arabic and "Mosul rebuilds" not in arabic


def test_the_sidebar_and_comment_feed_show_the_editions_comments_only(client):
    english = make_article(language="en")
    arabic = make_article(language="ar")
    make_comment(english, body="Well reported, thank you.")
    make_comment(arabic, body="تقرير ممتاز، شكراً")

    en_page = text_of(client.get("/en/"))
    ar_page = text_of(client.get("/ar/"))
    en_feed = text_of(client.get("/en/feeds/comments/"))

    assert "Well reported" in en_page and "تقرير ممتاز" not in en_page
    assert "تقرير ممتاز" in ar_page and "Well reported" not in ar_page
    assert "Well reported" in en_feed and "تقرير ممتاز" not in en_feed
    assert Comment.objects.count() == 2


def test_each_edition_has_its_own_article_feed(client):
    make_article(headline="Snow in Duhok", language="en")
    make_article(headline="Berf li Dihokê", language="kmr")

    channel = ET.fromstring(text_of(client.get("/kmr/feeds/latest/"))).find("channel")

    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == ["Berf li Dihokê"]
    assert channel.findtext("language") == "kmr"
    assert channel.findtext("link") == "http://testserver/kmr/"


def test_search_finds_the_editions_articles_only(client):
    make_article(headline="Bridge opens in Erbil", language="en")
    make_article(headline="Erbil köprüsü açıldı", language="tr")

    english = text_of(client.get("/en/search/", {"q": "Erbil"}))
    turkish = text_of(client.get("/tr/search/", {"q": "Erbil"}))

    assert "Bridge opens in Erbil" in english and "köprüsü" not in english
    assert "Erbil köprüsü açıldı" in turkish and "Bridge opens" not in turkish


def test_robots_txt_keeps_every_editions_private_pages_out(client):
    lines = text_of(client.get("/robots.txt")).splitlines()

    for edition in ("en", "ckb", "kmr", "ar", "tr"):
        assert f"Disallow: /{edition}/accounts/" in lines
        assert f"Disallow: /{edition}/search/" in lines


# --- versions in other editions: sitemaps ------------------------------------------------------

XHTML = "{http://www.w3.org/1999/xhtml}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def sitemap_alternates(client, path="/sitemap.xml") -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of the sitemap at `path`."""
    root = ET.fromstring(client.get(path).content)
    return {
        url.findtext(f"{SM}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }


def linked_versions():
    english = make_article(headline="Dam reopens", language="en")
    arabic = make_article(
        headline="إعادة فتح السد", language="ar", translation_key=english.translation_key
    )
    return english, arabic


def test_the_sitemap_names_each_articles_versions_both_ways(client):
    english, arabic = linked_versions()
    alone = make_article(headline="Only in English")

    urls = sitemap_alternates(client)

    en_url = f"http://testserver{english.get_absolute_url()}"
    ar_url = f"http://testserver{arabic.get_absolute_url()}"
    expected = {"en": en_url, "ar": ar_url, "x-default": en_url}
    assert urls[en_url] == expected
    assert urls[ar_url] == expected
    assert urls[f"http://testserver{alone.get_absolute_url()}"] == {}


def test_the_sitemap_lists_every_editions_front_page_with_the_picker_as_default(client):
    urls = sitemap_alternates(client)

    fronts = {code: f"http://testserver/{code}/" for code in ("en", "ckb", "kmr", "ar", "tr")}
    for url in fronts.values():
        assert urls[url] == {**fronts, "x-default": "http://testserver/"}


def test_the_news_sitemap_gives_each_article_its_editions_language(client):
    english, arabic = linked_versions()

    root = ET.fromstring(client.get("/news-sitemap.xml").content)

    languages = {
        url.findtext(f"{SM}loc"): url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language")
        for url in root.findall(f"{SM}url")
    }
    assert languages == {
        f"http://testserver{english.get_absolute_url()}": "en",
        f"http://testserver{arabic.get_absolute_url()}": "ar",
    }


# --- search in each edition's language -------------------------------------------------------


def search_headlines(client, edition: str, query: str) -> str:
    return text_of(client.get(f"/{edition}/search/", {"q": query}))


@pytest.mark.parametrize(
    "typed",
    [
        "کۆبوونەوەی",  # as Sorani writes it
        "كۆبوونەوەي",  # Arabic kaf and yeh, as an Arabic keyboard types them
        "کۆبوونەوەی",  # the same word stretched with tatweels
        "کۆبوونه\u200cوه\u200cی",  # heh and a non-joiner for ە, as a Persian keyboard types it
    ],
)
def test_a_sorani_word_is_found_however_its_letters_were_typed(client, typed):
    make_article(
        language="ckb",
        headline="کۆبوونەوەی پەرلەمان دواخرا",
        body="پەرلەمانی کوردستان کۆبوونەوەکەی بۆ هەفتەی داهاتوو دواخست.",
    )

    assert "کۆبوونەوەی پەرلەمان دواخرا" in search_headlines(client, "ckb", typed)


def test_an_arabic_word_is_found_without_its_vowel_marks_or_tatweel(client):
    make_article(language="ar", headline="افتتاح مَدرسةٍ جديدة في الموصل")

    assert "في الموصل" in search_headlines(client, "ar", "مدرســة")


def test_a_turkish_search_finds_capital_dotted_i(client):
    make_article(language="tr", headline="ERBİL HAVALİMANI YENİLENİYOR")

    assert "HAVALİMANI" in search_headlines(client, "tr", "erbil")


def test_a_kurmanji_search_finds_words_typed_without_their_marks(client):
    make_article(language="kmr", headline="Li Amedê pira nû hate vekirin")

    assert "pira nû" in search_headlines(client, "kmr", "amede")


# --- what every page says of its edition ------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "direction"),
    [("en", "ltr"), ("ckb", "rtl"), ("kmr", "ltr"), ("ar", "rtl"), ("tr", "ltr")],
)
def test_each_editions_pages_declare_its_language_and_direction(client, edition, direction):
    article = make_article(language=edition)

    for path in (f"/{edition}/", article.get_absolute_url(), f"/{edition}/accounts/login/"):
        html = text_of(client.get(path))
        assert f'<html lang="{edition}" dir="{direction}">' in html, path


def head_alternates(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


def test_the_front_page_names_every_edition_and_the_picker(client):
    alternates = head_alternates(text_of(client.get("/ckb/")))

    assert alternates == {
        "en": "http://testserver/en/",
        "ckb": "http://testserver/ckb/",
        "kmr": "http://testserver/kmr/",
        "ar": "http://testserver/ar/",
        "tr": "http://testserver/tr/",
        "x-default": "http://testserver/",
    }


def test_an_articles_versions_name_each_other_both_ways(client):
    english, arabic = linked_versions()
    en_url = f"http://testserver{english.get_absolute_url()}"
    ar_url = f"http://testserver{arabic.get_absolute_url()}"

    from_english = head_alternates(text_of(client.get(english.get_absolute_url())))
    from_arabic = head_alternates(text_of(client.get(arabic.get_absolute_url())))

    assert from_english == from_arabic == {"en": en_url, "ar": ar_url, "x-default": en_url}


def test_an_article_in_one_edition_only_names_no_alternates(client):
    article = make_article()

    assert head_alternates(text_of(client.get(article.get_absolute_url()))) == {}


def test_the_article_links_its_versions_in_their_own_words(client):
    english, arabic = linked_versions()
    make_article(
        language="ckb",
        headline="بەنداوەکە دەکرێتەوە",
        translation_key=english.translation_key,
        status="draft",
        published_at=None,
    )

    html = text_of(client.get(english.get_absolute_url()))

    links = re.findall(r'<p class="article-translations">(.*?)</p>', html, re.S)
    assert len(links) == 1
    assert f'href="{arabic.get_absolute_url()}"' in links[0]
    assert 'lang="ar" dir="rtl">العربيّة</a>' in links[0]
    # A version not yet published is not offered.
    assert "/ckb/" not in links[0]


def test_every_page_offers_the_editions_in_their_own_words(client):
    html = text_of(client.get("/en/"))

    nav = re.search(r'<nav class="edition-nav".*?</nav>', html, re.S).group(0)
    for code, name in [("ckb", "کوردی"), ("kmr", "Kurmancî"), ("ar", "العربيّة"), ("tr", "Türkçe")]:
        assert f'href="/edition/{code}/" lang="{code}"' in nav
        assert f">{name}</a>" in nav
    assert 'aria-current="true">English</a>' in nav


def test_choosing_an_edition_is_remembered_for_the_bare_address(client):
    chosen = client.get("/edition/ar/")

    assert chosen.status_code == 302
    assert chosen["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ar/"
    assert client.get("/edition/xx/").status_code == 404


# --- mail in the edition's language -------------------------------------------------------------


def test_a_guests_confirmation_mail_is_in_the_editions_language_and_address(client, mailoutbox):
    article = make_article(language="ckb", headline="پردی نوێ")

    with committed():
        response = client.post(
            f"/ckb/comments/on/{article.pk}/",
            guest_data(author_name="ڕێبین", author_email="rebin@example.com", body="زۆر باشە!"),
        )

    assert response.status_code == 302
    (mail,) = mailoutbox
    html = mail.alternatives[0][0]
    assert '<html lang="ckb" dir="rtl">' in html
    assert re.search(r"http://testserver/ckb/comments/confirm/[^/\s]+/", mail.body)
    with translation.override("ckb"):
        subject = translation.gettext("Confirm your email address to comment on %(site)s")
    assert mail.subject == subject % {"site": "Newsroom"}


def test_the_comment_forms_script_gets_the_editions_words(client):
    catalogue = client.get("/ckb/jsi18n/")

    assert catalogue.status_code == 200
    script = catalogue.content.decode()
    assert "پیت ماوە" in script or json.dumps("پیت ماوە")[1:-1] in script
    # The article page loads the edition's words before the script that uses them.
    html = text_of(client.get(make_article(language="ckb").get_absolute_url()))
    assert html.index('src="/ckb/jsi18n/"') < html.index("js/comment-form.js")


def test_a_former_members_comment_is_named_in_the_editions_words(client):
    article = make_article(language="ar")
    make_comment(article, user=None, author_name=FORMER_MEMBER, author_email="", body="تعليق قديم")

    html = text_of(client.get(article.get_absolute_url()))

    with translation.override("ar"):
        assert translation.gettext("Former member") in html
    assert "Former member" not in html


def test_the_bare_address_answers_at_once_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="tr")

    assert response.status_code == 302
    assert response["Location"] == "/tr/"


def test_a_tags_page_names_only_the_editions_that_have_its_articles(client):
    tag = make_tag(name="Zakho", slug="zakho")
    make_article(tags=[tag])
    make_article(tags=[tag], language="kmr")

    alternates = head_alternates(text_of(client.get("/en/tag/zakho/")))

    assert alternates == {
        "en": "http://testserver/en/tag/zakho/",
        "kmr": "http://testserver/kmr/tag/zakho/",
        "x-default": "http://testserver/en/tag/zakho/",
    }


def test_a_comment_sent_under_another_editions_prefix_is_not_found(client):
    article = make_article(language="ar")

    response = client.post(f"/tr/comments/on/{article.pk}/", guest_data())

    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("edition", "march"),
    [("en", "March"), ("ckb", "ئازار"), ("kmr", "Adar"), ("ar", "مارس"), ("tr", "Mart")],
)
def test_an_articles_date_is_written_in_its_editions_month_names(client, edition, march):
    moment = timezone.make_aware(datetime(2026, 3, 15, 10, 30))
    article = make_article(language=edition, published_at=moment)

    html = text_of(client.get(article.get_absolute_url()))

    dates = re.search(r'<p class="meta dates">(.*?)</p>', html, re.S).group(1)
    assert march in dates
    if edition != "en":
        assert "March" not in dates


def test_the_editions_are_named_in_the_editors_language():
    with translation.override("ar"):
        names = dict(editions.choices())

    assert names["ckb"] == "الكردية الوسطى"
    assert names["en"] == "الإنجليزية"
