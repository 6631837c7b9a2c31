"""Who sees which comment, as one table of readers and comment states: the queryset
`Comment.objects.visible_to(reader)` and the single comment's `is_visible_to(reader)`
must give the same answer in every cell, since pages use the one and permalinks the other.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from articles.models import Article
from comments.models import Comment
from comments.readers import ANONYMOUS, Reader
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status
UNCONFIRMED = Status.UNCONFIRMED
WITHDRAWN = Status.WITHDRAWN


# --- the comment states (rows) ---------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A comment as it may stand, built by `make(**author)`, and who should see it."""

    phrase: str
    make: Callable
    seen_by_everyone: bool
    seen_by_its_author: bool


def with_status(status):
    return lambda **author: make_comment(status=status, **author)


def reply_under(parent_status, status=APPROVED):
    def make(**author):
        parent = make_comment(status=parent_status)
        return make_comment(parent.article, parent=parent, status=status, **author)

    return make


def on_a_draft(status):
    return lambda **author: make_comment(
        make_article(status=Article.Status.DRAFT), status=status, **author
    )


STATES = [
    State("an approved comment", with_status(APPROVED), True, True),
    State("a pending comment", with_status(PENDING), False, True),
    State("a comment caught as spam", with_status(SPAM), False, True),
    State("an unconfirmed comment", with_status(UNCONFIRMED), False, True),
    State("a rejected comment", with_status(REJECTED), False, False),
    State("a withdrawn comment", with_status(WITHDRAWN), False, False),
    State("an approved reply under a rejected comment", reply_under(REJECTED), False, False),
    # Held is held whatever its parent became: its author still sees it waiting.
    State("a pending reply under a rejected comment", reply_under(REJECTED, PENDING), False, True),
    State("an approved comment on a draft", on_a_draft(APPROVED), False, False),
    State("a pending comment on a draft", on_a_draft(PENDING), False, False),
]


# --- the readers (columns) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A reader, told apart by how they stand to the comment: `by_member` says whether the
    comment is written by a member (else by a guest), `reader(comment, people)` builds the
    reader, `is_author` whether they wrote it."""

    phrase: str
    by_member: bool
    reader: Callable
    is_author: bool = False


@dataclass(frozen=True)
class People:
    writer: object  # the member whose comments the member-written cells show
    other_member: object
    moderator: object
    other_guests_comment: Comment  # what "another guest" posted from their browser


ROLES = [
    Role("nobody in particular", False, lambda comment, people: ANONYMOUS),
    Role(
        "the guest browser that posted it",
        False,
        lambda comment, people: Reader(posted_ids=frozenset({comment.pk})),
        is_author=True,
    ),
    Role(
        "another guest's browser",
        False,
        lambda comment, people: Reader(posted_ids=frozenset({people.other_guests_comment.pk})),
    ),
    Role(
        "the member who wrote it",
        True,
        lambda comment, people: Reader(user=people.writer),
        is_author=True,
    ),
    Role("another member", True, lambda comment, people: Reader(user=people.other_member)),
    # Moderators see others' held comments in the queue, never on readers' pages.
    Role("a moderator", True, lambda comment, people: Reader(user=people.moderator)),
    # A guest cookie naming a member's comment id is no claim to it.
    Role(
        "a guest browser holding the member's comment id",
        True,
        lambda comment, people: Reader(posted_ids=frozenset({comment.pk})),
    ),
]


def cells():
    """Every reader against every state, each with the answer both checks must give."""
    for state in STATES:
        for role in ROLES:
            seen = state.seen_by_everyone or (role.is_author and state.seen_by_its_author)
            verb = "is seen by" if seen else "is hidden from"
            written = "a member's" if role.by_member else "a guest's"
            yield pytest.param(
                state, role, seen, id=f"{state.phrase} ({written}) {verb} {role.phrase}"
            )


@pytest.fixture
def people(moderator):
    return People(
        writer=make_member(),
        other_member=make_member(),
        moderator=moderator,
        other_guests_comment=make_comment(status=PENDING),
    )


def seen_by_query(comment, reader) -> bool:
    return Comment.objects.visible_to(reader).filter(pk=comment.pk).exists()


def seen_one_by_one(comment, reader) -> bool:
    # Fetched as a permalink fetches it: with its article and parent.
    fetched = Comment.objects.select_related("article", "parent").get(pk=comment.pk)
    return fetched.is_visible_to(reader)


@pytest.mark.parametrize(("state", "role", "seen"), list(cells()))
def test_visible_to_and_is_visible_to_agree(state, role, seen, people):
    author = {"user": people.writer} if role.by_member else {}
    comment = state.make(**author)
    reader = role.reader(comment, people)

    assert seen_by_query(comment, reader) is seen
    assert seen_one_by_one(comment, reader) is seen


# --- the queryset's other definitions --------------------------------------------------------


@pytest.fixture
def one_of_each(people):
    """One comment in every state of the table, by a guest and by a member."""
    return [state.make(**author) for state in STATES for author in ({}, {"user": people.writer})]


@pytest.mark.parametrize(
    "nobody",
    [
        pytest.param(ANONYMOUS, id="nobody in particular"),
        pytest.param(Reader(), id="a reader built with nothing"),
        pytest.param(Reader(address_hashes=("ab" * 32,)), id="a guest who posted nothing"),
    ],
)
def test_what_a_reader_with_no_comments_of_their_own_sees_is_what_is_public(nobody, one_of_each):
    assert set(Comment.objects.visible_to(nobody)) == set(Comment.objects.public())
    assert Comment.objects.public().exists()


def test_held_holds_exactly_the_pending_spam_and_unconfirmed_comments(one_of_each):
    everything = set(Comment.objects.all())
    held = set(Comment.objects.held())

    assert {comment.status for comment in everything} == set(Status.values)
    assert held == {c for c in everything if c.status in (PENDING, SPAM, UNCONFIRMED)}
    # The single comment's answer agrees with the queryset's.
    assert {c for c in everything if c.is_held} == held


def test_a_moderator_finds_others_held_comments_in_the_queue_not_among_what_they_see(moderator):
    waiting = make_comment(status=PENDING)

    assert waiting in Comment.objects.held()
    assert waiting not in Comment.objects.visible_to(Reader(user=moderator))


@pytest.mark.parametrize(
    ("written_by_member", "wrote"),
    [
        pytest.param(False, True, id="a guest's comment is written by the browser naming it"),
        pytest.param(True, False, id="a member's comment is not, whatever id the browser names"),
    ],
)
def test_written_by_matches_guest_comments_by_id_only(written_by_member, wrote):
    comment = make_comment(status=PENDING, user=make_member() if written_by_member else None)
    browser = Reader(posted_ids=frozenset({comment.pk}))

    assert (comment in Comment.objects.written_by(browser)) is wrote
    assert browser.wrote(comment) is wrote


def test_a_members_written_by_is_their_account_and_not_another_members():
    writer, other = make_member(), make_member()
    theirs = make_comment(status=PENDING, user=writer)
    others = make_comment(status=PENDING, user=other)

    written = set(Comment.objects.written_by(Reader(user=writer)))

    assert theirs in written
    assert others not in written
