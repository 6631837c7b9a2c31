"""No English left on another edition's pages: each page a reader of the Sorani,
Kurmanji, Arabic or Turkish edition meets is scanned for the English of the site's own
strings (every msgid of that edition's catalogue), in its text and in the attributes a
reader hears or sees (alt, title, placeholder, aria-label).

A string the translator chose to keep as it is (the same msgstr as msgid, as a name)
is not looked for. Proper nouns in the articles are the writers', not the site's.
"""

import re
from html import unescape

import pytest
from django.conf import settings

from tests.accounts.factories import make_member
from tests.articles.factories import make_article, make_author, make_section, make_tag
from tests.catalogues import catalogue, entries
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db

EDITIONS = [code for code, _ in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}")
ATTRIBUTES = re.compile(r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"')


def reader_text(html: str, edition: str) -> str:
    """What a reader reads or hears of the page in its edition's language: its text and
    its labelling attributes, leaving out what is marked as another language (the
    editions menu names each edition in its own: "English")."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    html = re.sub(
        rf'<(\w+)\b[^>]*\blang="(?!{edition}")[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.DOTALL
    )
    attributes = " | ".join(ATTRIBUTES.findall(html))
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(f"{text} | {attributes}").split())


def english_fragments(edition: str) -> set[str]:
    """The English the catalogue translates, in pieces between its placeholders: a piece
    of two words or more, or one word of four letters or more."""
    fragments = set()
    for entry in entries(catalogue(edition)):
        if entry.msgid in entry.translations:
            continue  # kept as it is by the translator
        for english in filter(None, (entry.msgid, entry.plural)):
            for piece in PLACEHOLDER.split(english):
                piece = " ".join(re.sub(r"<[^>]+>", " ", piece).split()).strip(" .,:;!?()“”\"'")
                if len(piece.split()) >= 2 or (len(piece) >= 4 and piece.isalpha()):
                    fragments.add(piece)
    return fragments


def english_left(html: str, edition: str) -> list[str]:
    text = reader_text(html, edition)
    return sorted(
        fragment
        for fragment in english_fragments(edition)
        if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text)
    )


@pytest.fixture
def edition_site(request):
    """An edition with what its pages show: a section, an article with a photo-less body,
    a comment and a reply, an author and a tag."""
    edition = request.param
    section = make_section(language=edition, name=f"Bajar {edition}", slug=f"bajar-{edition}")
    author = make_author(name="Hêvî Ebdo", slug=f"hevi-{edition}")
    tag = make_tag(name="Hewlêr", slug=f"hewler-{edition}")
    article = make_article(
        language=edition,
        section=section,
        authors=[author],
        tags=[tag],
        headline="Pira nû ya Hewlêrê",
        body="Pira nû hate vekirin.\n\nXelk kêfxweş in.",
    )
    parent = make_comment(article, author_name="Rêbîn", body="Pir baş e!")
    make_comment(article, author_name="Şêrko", body="Erê, rast e.", parent=parent)
    return edition, section, author, tag, article


def pages(client, edition, section, author, tag, article) -> dict[str, str]:
    prefix = f"/{edition}"
    paths = {
        "front": f"{prefix}/",
        "section": section.get_absolute_url(),
        "author": f"{prefix}/author/{author.slug}/",
        "tag": f"{prefix}/tag/{tag.slug}/",
        "article": article.get_absolute_url(),
        "search": f"{prefix}/search/?q=pira",
        "search form": f"{prefix}/search/",
        "sign in": f"{prefix}/accounts/login/",
        "register": f"{prefix}/accounts/register/",
        "password reset": f"{prefix}/accounts/password-reset/",
        "not found": f"{prefix}/news/999999/nothing/",
    }
    found = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (name, response.status_code)
        found[name] = response.content.decode()
    member = make_member(username=f"hevi{edition}")
    client.force_login(member)
    for name, path in {
        "article as member": article.get_absolute_url(),
        "profile": f"{prefix}/accounts/profile/",
        "password change": f"{prefix}/accounts/password-change/",
    }.items():
        found[name] = client.get(path).content.decode()
    # A comment refused for its empty body: the form comes back with its errors.
    refused = client.post(f"{prefix}/comments/on/{article.pk}/", {"body": ""})
    found["comment refused"] = refused.content.decode()
    client.logout()
    return found


@pytest.mark.parametrize("edition_site", EDITIONS, indirect=True)
def test_no_english_is_left_on_an_editions_pages(client, edition_site):
    edition, *site = edition_site

    left = {
        name: english
        for name, html in pages(client, edition, *site).items()
        if (english := english_left(html, edition))
    }

    assert not left, f"English on the {edition} pages: {left}"


def test_the_scan_finds_english_on_a_page_that_has_some():
    # The check itself: an English page of the site's strings does not pass as translated.
    html = '<p>Sign in</p><input placeholder="Search articles">'
    assert {"Sign in", "Search articles"} & set(english_left(html, EDITIONS[0]))
