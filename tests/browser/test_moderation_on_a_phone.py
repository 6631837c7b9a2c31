"""The moderators' pages (queue, log, bans) fit a 390 px phone and a 1280 px laptop without
sideways scrolling, with the long names, addresses, links and notes real moderation has."""

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from comments.models import Ban, Comment, ModerationEvent, ModerationReason
from comments.readers import Reader
from comments.services import ban_create, ban_lift, comment_report, comments_decide
from tests.accounts.factories import make_member
from tests.articles.factories import make_article
from tests.browser.conftest import DESKTOP, role_group
from tests.browser.test_comment_journey import sign_in
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}
# Set NEWSROOM_SCREENSHOTS=/tmp/somewhere to keep a picture of each page checked.
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")

LONG_NAME = "Hêvîdar Abdulrahman Mustafa-Barzinji al-Sulaimani"
LONG_EMAIL = "hevidar.abdulrahman.mustafa-barzinji@correspondents.example-newsroom.org"
LONG_URL = (
    "https://www.example.org/news/2026/03/12/kurdistan-region-parliament-extension-vote-"
    "analysis-and-reactions?utm_source=newsletter&utm_medium=email&utm_campaign=spring"
)
HEADLINE = (
    "Kurdistan Region's parliament votes to extend its term by a year after months of "
    "talks between the two largest parties collapse"
)
LONG_NOTE = (
    "Repeats the same claim under every article this week and links to a site that "
    "copies our reporting without credit; see also "
    "https://archive.example.net/snapshots/2026-03-11/copied-reporting-index.html"
)
PAGES = [
    pytest.param("/en/comments/moderation/", id="queue"),
    pytest.param("/en/comments/moderation/?tab=reported", id="queue-reported"),
    pytest.param("/en/comments/moderation/log/", id="log"),
    pytest.param("/en/comments/moderation/bans/", id="bans"),
    pytest.param("/en/comments/moderation/bans/?comment={held}", id="ban-a-comments-author"),
]


@pytest.fixture
def moderator():
    user = make_member(
        username="night-desk-moderator-for-the-kurdistan-edition",
        display_name="Night desk moderator for the Kurdistan edition",
        is_staff=True,
    )
    user.groups.add(role_group("Moderators"))
    return user


@pytest.fixture
def busy_moderation(moderator):
    """A week's moderation: held comments with reports and history, decisions, bans."""
    reasons = [
        ModerationReason.objects.update_or_create(
            label=label, defaults={"explanation": f"{label}: see the house rules."}
        )[0]
        for label in ("Off-topic", "Personal attack", "Spam or advertising", "Misinformation")
    ]
    article = make_article(headline=HEADLINE)
    member = make_member(
        username="a-member-whose-username-is-much-longer-than-anyone-expects",
        display_name="Rêbîn Kakeyî Zangana-Hawramani",
        email="rebin.kakeyi.zangana-hawramani@university-of-sulaimani.example.edu",
    )
    held = make_comment(
        article=article,
        status=Comment.Status.PENDING,
        author_name=LONG_NAME,
        author_email=LONG_EMAIL,
        body=(
            f"The full results are here: {LONG_URL} and the committee's statement at "
            f"{LONG_URL}&page=2 — Pneumonoultramicroscopicsilicovolcanoconiosis-levels-of-"
            "unbroken-text-that-no-line-can-wrap-without-help.\n\nSecond paragraph."
        ),
        reasons=[
            Comment.Reason.GUEST,
            Comment.Reason.LINKS,
            Comment.Reason.BLOCKLIST,
            Comment.Reason.EDITED,
        ],
        client_hash="f" * 64,
    )
    make_comment(
        article=article,
        status=Comment.Status.PENDING,
        user=member,
        body="هذا تعليق باللغة العربية عن التصويت في البرلمان، مع رابط " + LONG_URL,
        reasons=[Comment.Reason.FIRST_COMMENT],
        client_hash="e" * 64,
    )
    reported = make_comment(article=article, author_name=LONG_NAME, body=f"See {LONG_URL}")
    for number in range(3):
        comment_report(
            comment=reported,
            reader=Reader(address_hashes=(f"{number:064d}",)),
            reason="abusive" if number else "spam",
            note=LONG_NOTE,
        )
    for number, reason in enumerate(reasons * 3):
        decided = make_comment(
            article=article,
            status=Comment.Status.PENDING,
            author_name=f"{LONG_NAME} {number}",
            body=f"Comment {number}: {LONG_URL}",
        )
        comments_decide(
            comments=Comment.objects.filter(pk=decided.pk),
            status=Comment.Status.REJECTED if number % 2 else Comment.Status.APPROVED,
            moderator=moderator,
            reason=reason,
            note=LONG_NOTE,
        )
    ban_create(
        kind=Ban.Kind.EMAIL,
        email=LONG_EMAIL,
        moderator=moderator,
        period=timedelta(days=7),
        reason=reasons[1],
        note=LONG_NOTE,
        comment=held,
    )
    ban_create(kind=Ban.Kind.ACCOUNT, user=member, moderator=moderator, reason=reasons[0])
    ban_create(
        kind=Ban.Kind.ADDRESS,
        address_hash="f" * 64,
        moderator=moderator,
        period=timedelta(days=30),
        reason=reasons[2],
        note=LONG_NOTE,
    )
    lifted = ban_create(
        kind=Ban.Kind.EMAIL,
        email="x" + LONG_EMAIL,
        moderator=moderator,
        reason=reasons[3],
        note=LONG_NOTE,
    )
    ban_lift(ban=lifted, moderator=moderator, note="Appealed by email; apologised.")
    assert ModerationEvent.objects.count() > 15
    return {"moderator": moderator, "held": held.pk}


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def widest_elements(page) -> list[str]:
    """The elements that reach past the window's right edge, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 8)
            .map(el => `${el.tagName}.${el.className}`)"""
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    "viewport",
    [pytest.param(PHONE_390, id="phone-390"), pytest.param(DESKTOP, id="laptop-1280")],
)
def test_a_moderation_page_fits_the_screen(new_journey, busy_moderation, path, viewport):
    phone = viewport == PHONE_390
    journey = new_journey(viewport=viewport, is_mobile=phone, has_touch=phone)
    sign_in(journey, busy_moderation["moderator"], path.format(**busy_moderation))
    expect(journey.page.get_by_role("heading", level=1)).to_be_visible()
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
    shoot(journey.page, f"{name.format(**busy_moderation)}-{viewport['width']}")

    assert journey.horizontal_overflow() == 0, widest_elements(journey.page)


def test_the_log_on_a_phone_labels_each_value(new_journey, busy_moderation):
    journey = new_journey(viewport=PHONE_390, is_mobile=True, has_touch=True)
    sign_in(journey, busy_moderation["moderator"], "/en/comments/moderation/log/")
    decision = journey.page.locator("table.moderation-log tbody tr", has_text="Rejected").first
    # Stacked on a phone, each value says what it is, as the column heading did.
    for label in ("When", "Action", "By", "On", "Status", "Reason and note"):
        expect(decision.locator(".cell-label").get_by_text(label, exact=True)).to_be_visible()
    assert journey.horizontal_overflow() == 0
