"""The hostile corpus through every reader form outside the comments, and an editor's body.

Expected everywhere: no 500; where input is refused, a message says why; and whatever
comes back is inert: no element that runs script, no event-handler attribute, no
javascript:/data: URL, no frame, as an HTML parser reads the page.

Each test walks the whole corpus and reports every string that failed, not just the
first (one request per string keeps the suite quick).
"""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import User
from articles.models import Article
from tests.articles.factories import make_author, make_section
from tests.hostile_corpus import HOSTILE_STRINGS, INVALID_UTF8_QUERIES, label
from tests.pages import start_tags, text_of

pytestmark = pytest.mark.django_db

# The site's own scripts: its static files, and the edition's words for them.
JAVASCRIPT_CATALOGUE = re.compile(r"/[a-z]{2,3}/jsi18n/")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}
RUNNABLE_URL = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)
NEVER_FROM_INPUT = {"iframe", "frame", "frameset", "object", "embed", "base", "svg", "math"}
# Field errors (crispy-bootstrap5) or form-wide errors (templates/bootstrap5/errors.html).
ERROR_MESSAGE = re.compile(r'class="invalid-feedback|role="alert"')


def problems_in(html: str) -> list[str]:
    """What in `html` could run script, as a browser would parse it."""
    found = []
    for tag, attrs in start_tags(html):
        if tag in NEVER_FROM_INPUT:
            found.append(f"<{tag}> element")
        if tag == "script" and not (
            attrs.get("type") == "application/ld+json"
            or (attrs.get("src") or "").startswith("/static/")
            or JAVASCRIPT_CATALOGUE.fullmatch(attrs.get("src") or "")
        ):
            found.append(f"script element {attrs}")
        if tag == "meta" and "http-equiv" in attrs:
            found.append(f"meta http-equiv {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...> handler")
            if name in URL_ATTRIBUTES and value:
                # Browsers ignore whitespace and control characters inside a scheme.
                squeezed = "".join(ch for ch in value if ch.isprintable() and not ch.isspace())
                if RUNNABLE_URL.match(squeezed):
                    found.append(f"<{tag} {name}={value[:60]!r}>")
    return found


def walk_corpus(check: Callable[[str], None], corpus=HOSTILE_STRINGS) -> None:
    """Run `check` on every string; fail once at the end, listing each string that failed."""
    __tracebackhide__ = True
    failures = []
    for text in corpus:
        try:
            check(text)
        except AssertionError as error:
            failures.append(f"{label(text)}: {error}")
    if failures:
        pytest.fail(f"{len(failures)} hostile strings failed:\n" + "\n".join(failures[:40]))


def assert_inert(response) -> str:
    page = text_of(response)
    problems = problems_in(page)
    assert not problems, problems
    return page


def test_the_corpus_is_large_and_varied():
    assert len(HOSTILE_STRINGS) >= 200
    assert len(set(HOSTILE_STRINGS)) == len(HOSTILE_STRINGS), "no duplicates"
    assert any(len(text) >= 100_000 for text in HOSTILE_STRINGS)
    assert any("\x00" in text for text in HOSTILE_STRINGS)
    assert any("\u202e" in text for text in HOSTILE_STRINGS)


def test_the_checker_catches_what_it_looks_for():
    # The control for every test below: a page with any of these would fail them.
    for markup in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<iframe src=/></iframe>",
        "<svg><circle/></svg>",
        '<meta http-equiv="refresh" content="0">',
    ):
        assert problems_in(f"<p>{markup}</p>"), markup
    assert not problems_in('<script src="/static/js/moderation.js"></script><p>fine</p>')


# --- search ------------------------------------------------------------------------------------


def test_search_takes_the_corpus_without_error_and_echoes_it_inert(client):
    def check(text):
        response = client.get(reverse("articles:search"), {"q": text})
        assert response.status_code == 200, response.status_code
        assert_inert(response)

    walk_corpus(check)


def test_search_shows_a_query_with_markup_as_text(client):
    response = client.get(reverse("articles:search"), {"q": "<script>alert(1)</script>"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text_of(response)


def test_search_takes_query_strings_that_are_not_utf8(client):
    def check(query_string):
        response = client.get(reverse("articles:search"), QUERY_STRING=query_string)
        assert response.status_code == 200, response.status_code
        assert_inert(response)

    walk_corpus(check, corpus=INVALID_UTF8_QUERIES)


# --- accounts ----------------------------------------------------------------------------------


def refused_with_a_message(response) -> None:
    """A refusal the reader can see: the form back with its errors, or the 400 page."""
    __tracebackhide__ = True
    assert response.status_code in (200, 400), response.status_code
    page = assert_inert(response)
    if response.status_code == 200:
        assert ERROR_MESSAGE.search(page), "the form came back without saying why"
    else:
        assert "We couldn't understand that request" in page


def test_registration_refuses_the_corpus_with_messages(client):
    def check(text):
        response = client.post(
            reverse("accounts:register"),
            {
                "username": text,
                "email": text,
                "display_name": text,
                "password1": text,
                "password2": text,
            },
        )
        refused_with_a_message(response)

    walk_corpus(check)
    assert not User.objects.exists()


def test_sign_in_refuses_the_corpus_with_messages():
    def check(text):
        # A new address each time, so the throttle's 429 does not hide the form's answer.
        address = f"10.{len(text) % 250}.{ord(text[0]) % 250 if text else 0}.{hash(text) % 250}"
        client = Client(REMOTE_ADDR=address)
        response = client.post(reverse("accounts:login"), {"username": text, "password": text})
        if response.status_code == 429:
            assert_inert(response)
            return
        refused_with_a_message(response)

    walk_corpus(check)


def test_password_reset_takes_the_corpus_and_sends_nothing(client, mailoutbox):
    def check(text):
        response = client.post(reverse("accounts:password_reset"), {"email": text})
        if response.status_code == 302:  # a well-formed address: "sent, if it is ours"
            assert response["Location"] == reverse("accounts:password_reset_done")
            return
        refused_with_a_message(response)

    walk_corpus(check)
    assert mailoutbox == []


# --- the article body an editor saves -----------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_an_editors_hostile_body_is_saved_clean_or_refused_with_a_message(editor_client):
    section, author = make_section(), make_author()
    reader = Client()
    saved = []

    def check(text):
        slug = f"hostile-{len(saved)}-{abs(hash(text)) % 10**8}"
        response = editor_client.post(
            reverse("admin:articles_article_add"),
            {
                "language": "en",
                "headline": "A hostile body",
                "slug": slug,
                "standfirst": "",
                "section": section.pk,
                "authors": [author.pk],
                "dateline": "",
                "body": text,
                "status": "published",
                "published_at_0": "2020-01-01",
                "published_at_1": "10:00:00",
                "comments_enabled": "on",
                "update_note": "",
            },
        )
        if response.status_code == 200:  # refused: the admin says why beside the field
            assert 'class="errorlist' in text_of(response), "refused without a message"
            return
        assert response.status_code == 302, response.status_code
        article = Article.objects.get(slug=slug)
        saved.append(article)
        page = reader.get(article.get_absolute_url())
        assert page.status_code == 200, page.status_code
        assert_inert(page)

    walk_corpus(check)
    assert len(saved) > 200, "most of the corpus is text an editor may save, cleaned"
