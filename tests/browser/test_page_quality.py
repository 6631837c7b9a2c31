"""The quality gate: every page type is valid HTML and accessible, on a phone and a desktop.

Each page a reader, member, editor or moderator can reach is opened in Chromium with
realistic content (a lead photo with caption and credit, comments and replies from
guests and members, Arabic and Kurdish text, long names and links, held and reported
comments, bans and a moderation log), in English and, for the pages a reader meets
first, in the other editions (Sorani and Arabic right to left, Kurmanji and Turkish).
Each page of an edition says its language and direction on <html>. Its HTML, as the
server sent it, goes through the Nu HTML checker (0 errors allowed), and axe-core runs
on it at 390 and 1280 px wide (0 violations allowed). A page type added to the site
joins `PAGES` when it is made.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page

from accounts.models import User
from accounts.services import Registration, registration_token
from articles import editions
from articles.models import Article
from comments import guests, services
from comments.models import Ban, Comment, ModerationReason
from comments.readers import Reader
from tests.accounts.factories import make_member
from tests.articles.factories import make_article, make_author, make_photo, make_section, make_tag
from tests.browser.conftest import PHONE, BrowserErrors, check_a11y, role_group
from tests.comments.factories import make_comment
from tests.nu_checker import NuChecker, missing_parts

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280)
HEADLINE = "Peshmerga reopen the road to Makhmour after a week of closures"
ARABIC_TEXT = "شكراً على التقرير. الطريق مغلق منذ ٣ أيام، متى يفتح طريق Erbil–Makhmour؟"
SORANI_TEXT = "زۆر سوپاس بۆ ئەم هەواڵە، ڕێگاکە زۆر گرنگە بۆ جوتیاران."
LONG_NAME = "Hêvîdar Abdulrahman Mustafa Barzinji-Kurdistanî"


@dataclass(frozen=True)
class EditionContent:
    """One edition's section, story, photo and readers' comments, in its own language."""

    section: str
    reporter: str
    headline: str
    standfirst: str
    body: str
    photo_alt: str
    photo_caption: str
    comments: tuple[tuple[str, str], ...]  # (name, text); the second replies to the first
    older: str


# The other editions: Sorani and Arabic (right to left) are checked on their front,
# article, section and sign-in pages; Kurmanji and Turkish on their front pages.
EDITIONS = {
    "ckb": EditionContent(
        section="کوردستان",
        reporter="هێڤی ئەحمەد",
        headline="ڕێگای مەخموور دوای هەفتەیەک داخستن دووبارە کرایەوە",
        standfirst=(
            "هاتوچۆ لە باشووری ڕۆژئاوای هەولێر دەستی پێکردەوە؛ جوتیاران زیانەکانیان دەژمێرن."
        ),
        body=(
            "ڕێگاکە بەیانیی دووشەممە دوای گفتوگۆ لە هەولێر کرایەوە.\n\n"
            "شۆفێرەکان دەڵێن بە چەند کاتژمێر لە بازگەکە ڕاوەستابوون."
        ),
        photo_alt="چەند پیاوێکی چەکدار لە تەنیشت بەربەستێک لەسەر ڕێگایەکی بیابانی",
        photo_caption="هێزەکانی پێشمەرگە لە بازگەیەک نزیک مەخموور",
        comments=(
            ("ڕێبین", SORANI_TEXT),
            ("هێڤیدار عەبدولڕەحمان مستەفا بەرزنجی", "ڕاستە، هەفتەیەک زۆرە بۆ ڕێگایەکی وا گرنگ."),
            ("Karwan Salih", "Good news for the farmers, at last."),
        ),
        older="ئەنجومەنی هەولێر باس لە ڕێڕەوی پاسەکان دەکات",
    ),
    "ar": EditionContent(
        section="إقليم كردستان",
        reporter="هيفي أحمد",
        headline="البيشمركة تعيد فتح طريق مخمور بعد أسبوع من الإغلاق",
        standfirst="عادت الحركة جنوب غربي أربيل، والمزارعون يحصون خسائرهم.",
        body=(
            "أعيد فتح الطريق صباح الاثنين بعد محادثات في أربيل.\n\n"
            "قال سائقون إن الشاحنات انتظرت ساعات عند نقطة التفتيش."
        ),
        photo_alt="رجال مسلحون بالزي العسكري قرب حاجز على طريق صحراوي",
        photo_caption="قوات البيشمركة عند نقطة تفتيش قرب مخمور",
        comments=(
            ("ديلان", ARABIC_TEXT),
            (
                "هيفيدار عبد الرحمن مصطفى البرزنجي",
                "أسبوع كامل من الإغلاق كثير على طريق بهذه الأهمية.",
            ),
            ("Karwan Salih", "Good news for the farmers, at last."),
        ),
        older="مجلس أربيل يناقش مسارات الحافلات",
    ),
    "kmr": EditionContent(
        section="Kurdistan",
        reporter="Hêvî Ehmed",
        headline="Rêya Mexmûrê piştî hefteyek girtinê dîsa hat vekirin",
        standfirst="Hatûçûn li başûrê rojavayê Hewlêrê dest pê kir; cotkar ziyanên xwe dihejmêrin.",
        body="Rê sibeha duşemê piştî danûstandinan li Hewlêrê hat vekirin.",
        photo_alt="Zilamên çekdar li kêleka bendekê li ser rêyeke çolê",
        photo_caption="Hêzên pêşmerge li nuqteyeke kontrolê nêzîkî Mexmûrê",
        comments=(("Rêbîn", "Spas ji bo nûçeyê. Ev rê ji bo cotkaran gelek girîng e."),),
        older="Meclîsa Hewlêrê rêyên otobusan nîqaş dike",
    ),
    "tr": EditionContent(
        section="Gündem",
        reporter="Hevi Ahmet",
        headline="Mahmur yolu bir haftalık kapanmanın ardından yeniden açıldı",
        standfirst="Erbil'in güneybatısında trafik yeniden akıyor; çiftçiler zararlarını sayıyor.",
        body="Yol, Erbil'deki görüşmelerin ardından pazartesi sabahı yeniden açıldı.",
        photo_alt="Çöl yolunda bir bariyerin yanında üniformalı silahlı adamlar",
        photo_caption="Mahmur yakınlarında bir kontrol noktasında Peşmerge güçleri",
        comments=(("Şirin", "Haber için teşekkürler. Bu yol çiftçiler için çok önemli."),),
        older="Erbil meclisi otobüs şeritlerini tartışıyor",
    ),
}


def make_edition_article(code: str, content: EditionContent) -> Article:
    """The edition's lead story, with its photo and comments, and an older one beside it."""
    section = make_section(language=code, name=content.section, slug="kurdistan")
    author = make_author(name=content.reporter)
    make_article(
        language=code,
        headline=content.older,
        section=section,
        authors=[author],
        published_at=timezone.now() - timedelta(hours=5),
    )
    article = make_article(
        language=code,
        headline=content.headline,
        standfirst=content.standfirst,
        body=content.body,
        section=section,
        authors=[author],
        lead_photo=make_photo(
            alt_text=content.photo_alt, caption=content.photo_caption, credit="AFP"
        ),
        published_at=timezone.now() - timedelta(hours=2),
    )
    (first_name, first_text), *others = content.comments
    first = make_comment(article, author_name=first_name, body=first_text)
    for n, (name, text) in enumerate(others):
        make_comment(article, parent=first if n == 0 else None, author_name=name, body=text)
    return article


@dataclass
class Site:
    """What the pages show, made once per test: ids, slugs and signed links to reach them."""

    article: Article
    draft: Article
    section_slug: str
    tag_slug: str
    author_slug: str
    member: User
    moderator: User
    editor: User
    member_comment: Comment
    guest_comment: Comment
    links: dict[str, str] = field(default_factory=dict)
    # The lead story of each other edition (its section is the edition's section page).
    editions: dict[str, Article] = field(default_factory=dict)


@pytest.fixture
def site() -> Site:
    section = make_section(name="Kurdistan", slug="kurdistan")
    tag = make_tag(name="Roads", slug="roads")
    author = make_author(name="Dilan Ahmed", slug="dilan-ahmed")
    photo = make_photo(
        alt_text="Armed men in uniform beside a barrier on a desert road",
        caption="Peshmerga forces at a checkpoint near Makhmour",
        credit="AFP/file",
    )
    article = make_article(
        headline=HEADLINE,
        standfirst="Traffic moves again south-west of Erbil; farmers count the cost.",
        body=(
            "The road was reopened on Monday morning after talks in Erbil.\n\n"
            "Lorries queued for hours at the checkpoint, drivers said.\n\n"
            "<p>Farmers said the closure cost them a week of the harvest.</p>"
        ),
        dateline="ERBIL, Kurdistan Region",
        section=section,
        authors=[author],
        tags=[tag],
        lead_photo=photo,
        published_at=timezone.now() - timedelta(hours=3, microseconds=123_456),
    )
    for n in range(5):
        make_article(
            headline=f"Erbil council debates the bus lanes, part {n + 1}",
            section=section,
            authors=[author],
            tags=[tag],
            lead_photo=make_photo() if n == 0 else None,
        )
    draft = make_article(
        headline="Unpublished: the budget talks", status=Article.Status.DRAFT, section=section
    )

    member = make_member(username="shirin", display_name="Shirin Ahmed")
    moderator = make_member(username="desk", display_name="Desk Moderator", is_staff=True)
    moderator.groups.add(role_group("Moderators"))
    editor = make_member(username="editor", display_name="Desk Editor", is_staff=True)
    editor.groups.add(role_group("Editors"))

    first = make_comment(
        article,
        author_name="Karwan Salih",
        body="Finally. Nobody told us for a week why the road was shut: https://example.com/x",
    )
    make_comment(article, parent=first, user=member, author_name=member.public_name)
    make_comment(article, parent=first, author_name=LONG_NAME, body=ARABIC_TEXT)
    make_comment(article, author_name="Rêbîn", body=SORANI_TEXT)
    guest_comment = make_comment(
        article, status=Comment.Status.PENDING, reasons=[Comment.Reason.GUEST]
    )
    make_comment(
        article,
        status=Comment.Status.PENDING,
        reasons=[Comment.Reason.LINKS, Comment.Reason.GUEST],
        body="Cheap flights http://spam.example/a http://spam.example/b http://spam.example/c",
    )
    make_comment(
        article,
        status=Comment.Status.SPAM,
        reasons=[Comment.Reason.HONEYPOT],
        author_name="Best Prices",
        body="Buy followers now at https://spam.example/followers",
    )
    reported = make_comment(article, body="Everyone at the checkpoint is a thief.")
    for n in range(3):
        services.comment_report(
            comment=reported,
            reader=Reader(address_hashes=(str(n),)),
            reason="abusive",
            note="Insults",
        )
    disputed = make_comment(article, body="The checkpoint was closed for ten days, not seven.")
    services.comment_report(
        comment=disputed,
        reader=Reader(address_hashes=("reader",)),
        reason="other",
        note="Wrong figure?",
    )
    member_comment = make_comment(article, user=member, author_name=member.public_name)
    unconfirmed = make_comment(
        article, status=Comment.Status.UNCONFIRMED, reasons=[Comment.Reason.UNCONFIRMED]
    )
    reason = ModerationReason.objects.create(label="Off topic")
    services.comments_decide(
        comments=Comment.objects.filter(pk=reported.pk),
        status=Comment.Status.REJECTED,
        moderator=moderator,
        reason=reason,
        note="Insults readers",
    )
    services.ban_create(
        kind=Ban.Kind.EMAIL,
        moderator=moderator,
        email="troll@example.com",
        period=timedelta(days=7),
        reason=reason,
        note="Repeated insults",
    )
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    other_editions = {
        code: make_edition_article(code, content) for code, content in EDITIONS.items()
    }
    return Site(
        article=article,
        draft=draft,
        section_slug=section.slug,
        tag_slug=tag.slug,
        author_slug=author.slug,
        member=member,
        moderator=moderator,
        editor=editor,
        member_comment=member_comment,
        guest_comment=guest_comment,
        links={
            "status": guests.status_url(guest_comment),
            "confirm": f"/en/comments/confirm/{guests.confirmation_token(unconfirmed)}/",
            "reset": f"/en/accounts/reset/{uid}/{default_token_generator.make_token(member)}/",
            "register": "/en/accounts/register/finish/{}/".format(
                registration_token(
                    Registration(
                        username="newreader",
                        email="new.reader@example.com",
                        display_name="Nîgar Hussein",
                        next_url="",
                    )
                )
            ),
        },
        editions=other_editions,
    )


@dataclass(frozen=True)
class PageType:
    """A page to check: who opens it, its path (from the site's data) and its status."""

    name: str
    path: Callable[[Site], str]
    who: str = "reader"  # reader, member, moderator or editor
    status: int = 200


PAGES = [
    PageType("front", lambda s: "/en/"),
    PageType("section", lambda s: f"/en/section/{s.section_slug}/"),
    PageType("tag", lambda s: f"/en/tag/{s.tag_slug}/"),
    PageType("author", lambda s: f"/en/author/{s.author_slug}/"),
    PageType("article", lambda s: s.article.get_absolute_url()),
    PageType("article as member", lambda s: s.article.get_absolute_url(), who="member"),
    PageType("search with results", lambda s: "/en/search/?q=Makhmour"),
    PageType("search without results", lambda s: "/en/search/?q=zebra+crossing"),
    PageType("search form", lambda s: "/en/search/"),
    PageType("sign in", lambda s: "/en/accounts/login/"),
    PageType("register", lambda s: "/en/accounts/register/"),
    PageType("register sent", lambda s: "/en/accounts/register/sent/"),
    PageType("register finish", lambda s: s.links["register"]),
    PageType("register bad link", lambda s: "/en/accounts/register/finish/not-a-link/", status=400),
    PageType("password reset", lambda s: "/en/accounts/password-reset/"),
    PageType("password reset sent", lambda s: "/en/accounts/password-reset/sent/"),
    PageType("password reset link", lambda s: s.links["reset"]),
    PageType("password reset done", lambda s: "/en/accounts/reset/done/"),
    PageType("profile", lambda s: "/en/accounts/profile/", who="member"),
    PageType("password change", lambda s: "/en/accounts/password-change/", who="member"),
    PageType("delete account", lambda s: "/en/accounts/delete/", who="member"),
    PageType("comment status", lambda s: s.links["status"]),
    PageType("comment confirm", lambda s: s.links["confirm"]),
    PageType("comment edit", lambda s: f"/en/comments/{s.member_comment.pk}/edit/", who="member"),
    PageType(
        "comment delete", lambda s: f"/en/comments/{s.member_comment.pk}/delete/", who="member"
    ),
    PageType("comment report", lambda s: f"/en/comments/{s.member_comment.pk}/report/"),
    PageType("moderation queue", lambda s: "/en/comments/moderation/", who="moderator"),
    *[
        PageType(
            f"moderation {tab}",
            lambda s, tab=tab: f"/en/comments/moderation/?tab={tab}",
            who="moderator",
        )
        for tab in ("reported", "unconfirmed", "spam", "rejected")
    ],
    PageType("moderation log", lambda s: "/en/comments/moderation/log/", who="moderator"),
    PageType("bans", lambda s: "/en/comments/moderation/bans/", who="moderator"),
    PageType("article preview", lambda s: f"/en/news/{s.draft.pk}/preview/", who="editor"),
    PageType("not found", lambda s: "/no-such-page/", status=404),
    PageType("forbidden", lambda s: "/en/comments/moderation/", who="member", status=403),
    PageType("bad link", lambda s: "/en/comments/status/not-a-token/", status=400),
    *[
        page_type
        for code in ("ckb", "ar")
        for page_type in (
            PageType(f"front {code}", lambda s, code=code: f"/{code}/"),
            PageType(f"article {code}", lambda s, code=code: s.editions[code].get_absolute_url()),
            PageType(
                f"section {code}",
                lambda s, code=code: s.editions[code].section.get_absolute_url(),
            ),
            PageType(f"sign in {code}", lambda s, code=code: f"/{code}/accounts/login/"),
        )
    ],
    PageType("front kmr", lambda s: "/kmr/"),
    PageType("front tr", lambda s: "/tr/"),
]


@pytest.fixture(scope="module")
def nu_checker():
    problem = missing_parts()
    if problem:
        pytest.fail(f"The Nu HTML checker cannot run: {problem}", pytrace=False)
    checker = NuChecker.start()
    yield checker
    checker.stop()


def signed_in(page: Page, user: User, live_server) -> None:
    """Give the browser the session of `user` signed in, as the sign-in form would."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def says_its_edition(page: Page, path: str) -> None:
    """A page of an edition (/ckb/...) is marked with its language and runs in its direction."""
    __tracebackhide__ = True
    code = path.split("/")[1]
    if code not in editions.codes():
        return
    root = page.evaluate(
        "[document.documentElement.lang, getComputedStyle(document.documentElement).direction]"
    )
    expected = [code, editions.get(code).direction]
    assert root == expected, f"{path}: <html> has lang and direction {root}, not {expected}"


def check_page(
    page: Page, path: str, status: int, nu_checker: NuChecker, browser_errors: BrowserErrors
) -> None:
    """Open `path` at each width: the status it answers, its edition's language and
    direction, valid HTML, no axe violation."""
    __tracebackhide__ = True
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": PHONE["height"] if width < 800 else 900})
        response = page.goto(path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        says_its_edition(page, path)
        if width == WIDTHS[0]:
            errors = nu_checker.errors(response.text())
            assert not errors, f"The Nu HTML checker found {len(errors)} errors on {path}:\n" + (
                "\n".join(str(error) for error in errors)
            )
        check_a11y(page)
    if status >= 400:
        # Chromium logs the error status of the page itself; anything else still fails.
        expected = f"the server responded with a status of {status}"
        browser_errors.messages = [
            message
            for message in browser_errors.messages
            if not (expected in message and path.split("?")[0] in message)
        ]


@pytest.mark.parametrize("page_type", PAGES, ids=[p.name for p in PAGES])
def test_page_is_valid_html_and_accessible(
    page_type, site, new_page, live_server, nu_checker, browser_errors
):
    page = new_page()
    if page_type.who != "reader":
        signed_in(page, getattr(site, page_type.who), live_server)
    check_page(page, page_type.path(site), page_type.status, nu_checker, browser_errors)


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_pages_are_valid_html_and_accessible(
    status, site, new_page, nu_checker, settings, browser_errors
):
    """The pages for a failure inside the site (500) and a database away (503)."""
    settings.ROOT_URLCONF = "tests.error_urls"
    page = new_page()
    check_page(page, f"/test-errors/{status}/", status, nu_checker, browser_errors)


def test_csrf_failure_page_is_valid_html_and_accessible(site, new_page, nu_checker, browser_errors):
    """A form sent after the CSRF cookie is gone (cleared, or blocked) gets the site's page."""
    page = new_page()
    page.goto("/en/accounts/login/")
    page.context.clear_cookies()
    with page.expect_navigation() as navigation:
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
    response = navigation.value
    assert response.status == 403
    errors = nu_checker.errors(response.text())
    assert not errors, "\n".join(str(error) for error in errors)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
    browser_errors.messages = [m for m in browser_errors.messages if "status of 403" not in m]
