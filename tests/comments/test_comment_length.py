"""The length limit of a comment is said, counted as the reader counts, and never enforced
by cutting: a text over it comes back whole with the number of characters to remove."""

import re

import pytest

from comments.models import Comment
from tests.articles.factories import make_article

from .helpers import form_html, post_comment, start_tags, text_of, visible_text
from .safety import form_error, textarea_text

pytestmark = pytest.mark.django_db

PASTED = ("A pasted report, far too long for one comment. " * 220)[:10_000]
TOO_LONG = (
    "Your text is 10,000 characters long, over the limit of 3,000: please shorten it by "
    "7,000. Everything you wrote is still in the box."
)


def box_attrs(html: str, name: str = "body") -> dict:
    (attrs,) = [a for tag, a in start_tags(html) if tag == "textarea" and a.get("name") == name]
    return attrs


def hint_of(html: str, attrs: dict) -> str:
    """The text of what the box names as its description (aria-describedby)."""
    said = []
    for ident in attrs.get("aria-describedby", "").split():
        found = re.search(rf'<(\w+)[^>]* id="{ident}"[^>]*>(.*?)</\1>', html, re.DOTALL)
        assert found, f"aria-describedby names #{ident}, which is not on the page"
        said.append(visible_text(found.group(2)))
    return " ".join(said)


def test_a_pasted_text_over_the_limit_reaches_the_server_and_comes_back_whole(client):
    article = make_article()

    response = post_comment(client, article, body=PASTED)

    assert response.status_code == 400
    html = text_of(response)
    assert form_error(html) == "Your comment was not posted: see the notes below."
    assert TOO_LONG in visible_text(form_html(html))
    assert textarea_text(html) == PASTED
    assert not Comment.objects.exists()


def test_the_box_does_not_cut_a_pasted_text_and_says_the_limit_in_words(client):
    html = text_of(client.get(make_article().get_absolute_url()))

    attrs = box_attrs(form_html(html))
    assert "maxlength" not in attrs, "the browser would cut a pasted text silently"
    assert attrs["data-limit"] == "3000"
    assert "Up to 3,000 characters." in hint_of(html, attrs)


def test_the_page_loads_the_counting_script_deferred(client):
    html = text_of(client.get(make_article().get_absolute_url()))

    scripts = [a for tag, a in start_tags(html) if tag == "script" and "src" in a]
    # The edition's words for it first (Django's JavaScript catalogue), then the script.
    assert [a["src"] for a in scripts] == ["/en/jsi18n/", "/static/js/comment-form.js"]
    assert all("defer" in script for script in scripts)


def test_line_breaks_count_once_as_they_do_in_the_box(client):
    """Browsers send each line break as two characters (CR LF); the reader saw one."""
    typed = "\n".join(["p" * 99] * 30)  # 2,999 characters in the box
    sent = typed.replace("\n", "\r\n")  # 3,028 characters on the wire
    assert len(typed) < 3000 < len(sent)

    response = post_comment(client, make_article(), body=sent)

    assert response.status_code == 302
    assert Comment.objects.get().body == typed


def test_an_edit_over_the_limit_is_refused_with_the_text_kept(client):
    article = make_article()
    post_comment(client, article, body="The first version of my view.")
    comment = Comment.objects.get()
    url = f"/en/comments/{comment.pk}/edit/"

    form = text_of(client.get(url))
    response = client.post(url, {"body": PASTED})

    attrs = box_attrs(form)
    assert "maxlength" not in attrs
    assert "Up to 3,000 characters." in hint_of(form, attrs)
    assert '<script src="/static/js/comment-form.js" defer></script>' in form
    assert response.status_code == 400
    html = text_of(response)
    assert TOO_LONG in visible_text(html)
    assert textarea_text(html) == PASTED
    assert Comment.objects.get().body == "The first version of my view."
