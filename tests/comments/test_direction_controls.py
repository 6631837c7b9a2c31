"""Bidirectional controls never reach a saved comment, every comment reads in its own
direction, and right-to-left and mixed-direction comments read as they were written."""

import importlib
import re
from html import unescape

import pytest
from django.apps import apps
from django.test import Client

from comments.guests import status_url
from comments.models import BlockedWord, Comment, CommentVersion
from comments.text import strip_direction_controls
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import PENDING, make_comment
from .helpers import comments_section, form_html, post_comment, sidebar, text_of
from .safety import QUEUE, fresh, queue_item, textarea_text

pytestmark = pytest.mark.django_db

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
CONTROLS = [LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI]
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ANY_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Arabic with an English word and figures, and Sorani Kurdish: the marks and the order
# of the words are the writer's and must come back exactly.
ARABIC = f"أعتقد أن خطة Erbil الجديدة ستكلف 250 مليون دينار{RLM}، وليس 2024 فقط."
SORANI = "ڕێگای ٦٠ مەتری لە هەولێر پێویستی بە هێڵی پاسە."
ARABIC_NAME = "کاروان صالح"


def body_blocks(html: str) -> list[tuple[str, str]]:
    """(opening tag, inside) of each comment body on a page."""
    return re.findall(
        r'(<(?:div|blockquote)\b[^>]*class="comment-body"[^>]*>)(.*?)</(?:div|blockquote)>',
        html,
        re.DOTALL,
    )


def body_tag_of(html: str, text: str) -> str:
    """The opening tag of the comment body that holds `text`."""
    tags = [tag for tag, inside in body_blocks(html) if text in unescape(inside)]
    assert len(tags) == 1, f"{len(tags)} bodies hold {text[:30]!r}"
    return tags[0]


def isolated(tag: str) -> bool:
    return re.search(r'\bdir="auto"', tag) is not None


# --- the one function ----------------------------------------------------------------------------


def test_the_embedding_override_and_isolate_controls_are_removed():
    text = "".join(f"{control}x" for control in CONTROLS)

    assert strip_direction_controls(text) == "x" * len(CONTROLS)
    assert strip_direction_controls(f"Evil{RLO}gnp.exe") == "Evilgnp.exe"


def test_the_implicit_marks_and_right_to_left_text_are_kept():
    for text in (ARABIC, SORANI, f"{LRM}(C++){RLM}", f"{ALM}١٢٣"):
        assert strip_direction_controls(text) == text


# --- every write path ----------------------------------------------------------------------------


def test_a_guests_comment_is_saved_without_controls_in_its_name_or_text(client):
    article = make_article()

    response = post_comment(
        client,
        article,
        author_name=f"Evil{RLO}gnp.exe",
        body=f"Open {RLO}gnp.exe{PDF} now {LRI}x{PDI}",
    )

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author_name == "Evilgnp.exe"
    assert comment.body == "Open gnp.exe now x"
    assert not ANY_CONTROL.search(comment.body_html)


def test_a_name_made_only_of_controls_is_refused_and_the_text_kept(client):
    response = post_comment(
        client, make_article(), author_name=f"{RLO}{LRI} {PDI}", body="My careful text."
    )

    assert response.status_code == 400
    assert "This field is required." in text_of(response)
    assert textarea_text(form_html(text_of(response))) == "My careful text."
    assert not Comment.objects.exists()


def test_an_edited_comment_is_saved_without_controls(client):
    article = make_article()
    post_comment(client, article, body="The first version of my view.")
    comment = Comment.objects.get()

    response = client.post(
        f"/en/comments/{comment.pk}/edit/", {"body": f"The second {RLO}noisrev{PDF} of my view."}
    )

    assert response.status_code == 302
    assert fresh(comment).body == "The second noisrev of my view."


def test_a_members_display_name_reaches_their_comments_without_controls(client):
    member = make_member(display_name=f"Admin{RLO}nimda")
    client.force_login(member)

    post_comment(client, make_article(), body="A member's view.")

    assert Comment.objects.get().author_name == "Adminnimda"


def test_a_comment_saved_any_other_way_loses_them_too():
    """The admin, the services and the factories all save through Comment.save()."""
    comment = make_comment(author_name=f"{RLE}Guest{PDF}", body=f"{LRO}abc{PDF} and {FSI}d{PDI}")

    stored = Comment.objects.values("author_name", "body", "body_html").get(pk=comment.pk)
    assert stored["author_name"] == "Guest"
    assert stored["body"] == "abc and d"
    assert not ANY_CONTROL.search(stored["body_html"])


def test_a_blocked_word_split_by_a_control_is_still_held(client):
    """The text is cleaned before the moderation policy reads it, not only before saving."""
    BlockedWord.objects.create(word="casino")
    member = make_member()
    make_comment(user=member)  # trusted: would go straight through
    client.force_login(member)

    post_comment(client, make_article(), body=f"Visit my cas{RLO}ino today.")

    comment = Comment.objects.get(body="Visit my casino today.")
    assert comment.status == PENDING
    assert "blocklist" in comment.reasons


def test_comments_stored_before_are_cleaned_by_the_migration():
    comment = make_comment(body="placeholder", author_name="placeholder")
    # As a comment saved before the cleaning was: controls in every stored form.
    Comment.objects.filter(pk=comment.pk).update(
        author_name=f"Evil{RLO}gnp.exe",
        body=f"Look: {RLO}gnp.exe and {ARABIC}",
        body_html=f"<p>Look: {RLO}gnp.exe and {ARABIC}</p>",
    )
    version = CommentVersion.objects.create(
        comment=comment, body=f"Earlier {LRO}txet", written_at=comment.submitted_at
    )
    untouched = make_comment(body=SORANI)
    migration = importlib.import_module("comments.migrations.0006_strip_direction_controls")

    migration.strip_direction_controls(apps, schema_editor=None)

    comment = fresh(comment)
    assert comment.author_name == "Evilgnp.exe"
    assert comment.body == f"Look: gnp.exe and {ARABIC}"
    assert comment.body_html == f"<p>Look: gnp.exe and {ARABIC}</p>"
    assert CommentVersion.objects.get(pk=version.pk).body == "Earlier txet"
    assert fresh(untouched).body == SORANI


# --- right-to-left and mixed comments ------------------------------------------------------------


@pytest.mark.parametrize("text", [ARABIC, SORANI], ids=["arabic-mixed", "sorani"])
def test_a_right_to_left_comment_is_kept_exactly_and_shown_in_its_own_direction(client, text):
    article = make_article()

    post_comment(client, article, author_name=ARABIC_NAME, body=text)
    comment = Comment.objects.get()
    comment.status = Comment.Status.APPROVED
    comment.save()

    assert (comment.author_name, comment.body) == (ARABIC_NAME, text)
    html = text_of(Client().get(article.get_absolute_url()))
    section = comments_section(html)
    assert isolated(body_tag_of(section, text))
    assert f'<bdi class="comment-author">{ARABIC_NAME}</bdi>' in section
    assert text in unescape(section)


# --- every page that shows a comment -------------------------------------------------------------


def test_the_thread_isolates_each_body_and_name(client):
    article = make_article()
    make_comment(article, author_name="Dilan", body="An English comment.")
    make_comment(article, author_name=ARABIC_NAME, body=ARABIC)

    section = comments_section(text_of(client.get(article.get_absolute_url())))

    blocks = body_blocks(section)
    assert len(blocks) == 2
    assert all(isolated(tag) for tag, _ in blocks)
    assert '<bdi class="comment-author">Dilan</bdi>' in section
    assert f'<bdi class="comment-author">{ARABIC_NAME}</bdi>' in section


def test_the_what_you_say_sidebar_isolates_each_excerpt_and_name(client):
    make_comment(author_name=ARABIC_NAME, body=ARABIC)

    recent = sidebar(text_of(client.get("/en/")))

    assert f'<bdi class="comment-author">{ARABIC_NAME}</bdi>' in recent
    excerpts = re.findall(r'<p class="excerpt"[^>]*>', recent)
    assert excerpts and all(isolated(tag) for tag in excerpts)


def test_the_status_page_isolates_the_body(client):
    comment = make_comment(status=PENDING, body=ARABIC)

    html = text_of(client.get(status_url(comment)))

    assert isolated(body_tag_of(html, ARABIC))


def test_the_moderation_queue_isolates_names_bodies_and_earlier_versions(moderator_client):
    comment = make_comment(status=PENDING, author_name=ARABIC_NAME, body=ARABIC)
    CommentVersion.objects.create(comment=comment, body=SORANI, written_at=comment.submitted_at)
    Comment.objects.filter(pk=comment.pk).update(edited_at=comment.submitted_at)

    item = queue_item(text_of(moderator_client.get(QUEUE)), comment)

    assert isolated(body_tag_of(item, ARABIC))
    assert f"Select comment by <bdi>{ARABIC_NAME}</bdi>" in item
    assert f"<strong><bdi>{ARABIC_NAME}</bdi></strong>" in item
    assert f'<q dir="auto">{SORANI}</q>' in item


def test_a_signed_in_members_name_above_the_form_is_isolated(client):
    client.force_login(make_member(display_name=ARABIC_NAME))

    html = text_of(client.get(make_article().get_absolute_url()))

    assert f"Signed in as <strong><bdi>{ARABIC_NAME}</bdi></strong>." in html


def test_the_comment_box_and_name_take_the_writers_direction(client):
    form = form_html(text_of(client.get(make_article().get_absolute_url())))

    for name in ("author_name", "body"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', form).group(0)
        assert isolated(tag), tag
