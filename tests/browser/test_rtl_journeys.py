"""The right-to-left editions (Sorani Kurdish, Arabic) in a real browser, on a phone and a desktop.

A guest opens an article of the edition from its front page, comments in its language,
confirms their address from the mailed link; a moderator approves the comment from the
edition's queue, and a new reader then finds it under the article and in "What you say".
At every page: axe-core finds nothing, the page does not scroll sideways, the document
says its language and direction, and a screenshot is kept in the test's tmp_path. The
layout must be the mirror of the English one (the column beside the main one on the
left, replies set in from the right, the navigation starting at the right) and no
headline, comment or sidebar item may be cut off.

Everything the test looks for by its words it looks up in the edition's catalogue
(`gettext` under `translation.override`), so it holds before and after the translators
fill the catalogues.

The Arabic-script fonts: a Sorani page is drawn in the Noto fonts the site serves, and
an English page (Arabic script only in its editions menu) never fetches them.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import Locator, Page, expect

from articles.models import Article
from comments.models import Comment
from tests.accounts.factories import PASSWORD, make_member
from tests.articles.factories import make_article, make_author, make_section
from tests.browser.conftest import DESKTOP, Journey, role_group
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": DESKTOP},
}
# The comment form's labels are words with more than one sense: translated in context.
NAME_CONTEXT = "a commenter's name"
COMMENT_CONTEXT = "noun: the text of a comment"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Story:
    """What one edition's readers and reporters write, in its own language."""

    section: str
    author: str
    headline: str
    standfirst: str
    body: str
    other_headlines: tuple[str, ...]
    first_name: str
    first_text: str
    reply_name: str
    reply_text: str
    guest_name: str
    guest_text: str


STORIES = {
    "ckb": Story(
        section="کوردستان",
        author="هێڤی ئەحمەد",
        headline="هەولێر ڕێڕەوی تایبەت بۆ پاسەکان لە شەقامی شەست مەتری دادەنێت",
        standfirst="شارەوانی دەڵێت ڕێڕەوەکان کاتی گەشتی پاس لە کاتی قەرەباڵغیدا کەم دەکەنەوە.",
        body=(
            "ئەنجومەنی پارێزگا ئەمڕۆ بە زۆرینەی دەنگ پلانەکەی پەسەند کرد.\n\n"
            "کارەکە مانگی داهاتوو دەست پێ دەکات و شەش مانگ دەخایەنێت."
        ),
        other_headlines=(
            "باران لە سلێمانی چەند ڕێگایەکی داخست",
            "قوتابخانەکانی دهۆک دوو ڕۆژ دادەخرێن",
        ),
        first_name="دیلان",
        first_text="ئەی تەکسییەکان؟ کێ ڕێگریان لێ دەکات لە ڕێڕەوەکەدا بوەستن؟",
        reply_name="ڕێبین",
        reply_text="پۆلیسی هاتوچۆ، ئەگەر بیەوێت.",
        guest_name="کاروان ساڵح",
        guest_text=(
            "زۆر باشە. ڕێڕەوێکی تایبەت دەتوانێت کاتی گەشتی پاس لە عەینکاوەوە بە نیوە کەم بکاتەوە."
        ),
    ),
    "ar": Story(
        section="إقليم كردستان",
        author="هيفي أحمد",
        headline="أربيل تخصص مسارات للحافلات على شارع الستين متري",
        standfirst="تقول البلدية إن المسارات ستختصر زمن الرحلة في ساعات الذروة.",
        body=(
            "وافق مجلس المحافظة على الخطة بأغلبية الأصوات صباح اليوم.\n\n"
            "تبدأ الأعمال الشهر المقبل وتستمر ستة أشهر."
        ),
        other_headlines=(
            "الأمطار تغلق عدداً من الطرق في السليمانية",
            "إغلاق مدارس دهوك ليومين",
        ),
        first_name="ديلان",
        first_text="وماذا عن سيارات الأجرة؟ من سيمنعها من الوقوف في المسار؟",
        reply_name="ريبين",
        reply_text="شرطة المرور، إن أرادت.",
        guest_name="كاروان صالح",
        guest_text="أخيراً. مسار خاص قد يختصر رحلة الحافلة من عنكاوا إلى النصف.",
    ),
}


def words(code: str, text: str, context: str = "") -> str:
    """`text` as edition `code` says it (itself until the catalogue translates it)."""
    with translation.override(code):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def make_story(code: str) -> Article:
    """The edition's article (with a comment and a reply to it), and two older ones."""
    story = STORIES[code]
    section = make_section(language=code, name=story.section, slug="kurdistan")
    author = make_author(name=story.author)
    for n, headline in enumerate(story.other_headlines):
        make_article(
            language=code,
            section=section,
            authors=[author],
            headline=headline,
            published_at=timezone.now() - timedelta(hours=n + 2),
        )
    article = make_article(
        language=code,
        section=section,
        authors=[author],
        headline=story.headline,
        standfirst=story.standfirst,
        body=story.body,
        published_at=timezone.now() - timedelta(minutes=10),
    )
    first = make_comment(article, author_name=story.first_name, body=story.first_text)
    make_comment(article, parent=first, author_name=story.reply_name, body=story.reply_text)
    return article


# --- What is checked on every page ----------------------------------------------------------


class Screenshots:
    """Full-page screenshots of one journey, numbered in the order they were taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    def take(self, page: Page, step: str) -> None:
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, f"{path} is not a picture"
        self.taken.append(path)


def looks_right(journey: Journey, code: str, shots: Screenshots, step: str) -> None:
    """The page just loaded (axe-core has run on it) is in the edition's language and
    direction, fits the window, and is photographed."""
    __tracebackhide__ = True
    page = journey.page
    root = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    assert root == [code, "rtl"], f"{page.url}: <html lang dir> is {root}, not [{code!r}, 'rtl']"
    assert journey.horizontal_overflow() == 0, f"{page.url} scrolls sideways ({step})"
    shots.take(page, step)


def not_clipped(elements: Locator) -> None:
    """Each of `elements` shows all of its text: none is wider inside than its box."""
    __tracebackhide__ = True
    assert elements.count() > 0, f"nothing matches {elements}"
    clipped = elements.evaluate_all(
        "elements => elements"
        ".filter(element => element.scrollWidth > element.clientWidth + 1)"
        ".map(element => `${element.scrollWidth} > ${element.clientWidth}: "
        "${element.textContent.trim().slice(0, 60)}`)"
    )
    assert not clipped, f"text cut off: {clipped}"


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found | {"right": found["x"] + found["width"]}


def is_left_of(aside: Locator, main: Locator) -> None:
    """`aside` is beside `main`, on its left: the mirror of the left-to-right layout."""
    __tracebackhide__ = True
    side, column = box(aside), box(main)
    assert side["right"] <= column["x"], f"{aside} {side} is not left of {main} {column}"
    # Beside it, not under it.
    assert side["y"] < column["y"] + column["height"], f"{aside} is under {main}"


def navigation_starts_at_the_right(page: Page, width: int) -> None:
    __tracebackhide__ = True
    links = page.locator("nav.section-nav").get_by_role("link")
    assert links.count() >= 2
    first, second = box(links.first), box(links.nth(1))
    assert first["x"] > second["x"], f"the first section link {first} is left of the next one"
    assert width / 2 < first["right"] <= width, (
        f"the first section link is not at the right {first}"
    )


# --- The steps ------------------------------------------------------------------------------


def field(page: Page, code: str, label: str, context: str = "") -> Locator:
    """The form field labelled `label` in the edition's words, marked required (*) or not."""
    said = re.escape(words(code, label, context))
    return page.get_by_label(re.compile(rf"^\s*{said}\s*\*?\s*$"))


def sign_in(journey: Journey, code: str, user, next_path: str, shots: Screenshots) -> None:
    page = journey.page
    journey.goto(f"/{code}/accounts/login/?next={next_path}")
    looks_right(journey, code, shots, "sign-in")
    field(page, code, "Username or email").fill(user.username)
    field(page, code, "Password").fill(PASSWORD)
    journey.click(page.get_by_role("main").get_by_role("button", name=words(code, "Sign in")))


def comment_item(page: Page, text: str) -> Locator:
    """The comment (not a reply inside it) whose body holds `text`."""
    return page.locator("#comments li.comment").filter(
        has=page.locator(":scope > .comment-body", has_text=text)
    )


def article_is_mirrored_and_whole(journey: Journey, code: str, width: int) -> None:
    """On the article page: the sidebar on the left, replies set in from the right,
    nothing cut off."""
    __tracebackhide__ = True
    page = journey.page
    story = STORIES[code]
    sidebar = page.locator("aside.sidebar")
    if width >= 1280:
        is_left_of(sidebar, page.locator(".article-layout > .article"))
    navigation_starts_at_the_right(page, width)
    parent = comment_item(page, story.first_text)
    reply = parent.locator(".comment-replies > li.comment")
    expect(reply).to_contain_text(story.reply_text)
    outer, inner = box(parent), box(reply)
    assert inner["right"] < outer["right"] - 8, f"the reply {inner} is not set in from the right"
    assert abs(inner["x"] - outer["x"]) <= 1, f"the reply {inner} is set in from the left"
    not_clipped(page.locator("h1.headline"))
    not_clipped(page.locator("#comments .comment-body"))
    not_clipped(sidebar.locator(".what-you-say-list > li"))


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("code", STORIES)
def test_guest_comment_in_a_right_to_left_edition(code, width, new_journey, live_server, tmp_path):
    story = STORIES[code]
    article = make_story(code)
    url = article.get_absolute_url()
    assert url.startswith(f"/{code}/")
    moderator = make_member(username="desk", display_name="Desk Moderator", is_staff=True)
    moderator.groups.add(role_group("Moderators"))
    shots = Screenshots(tmp_path)
    browser = VIEWPORTS[width] | {"locale": f"{code}-IQ"}

    # A guest opens the edition's front page: the Latest column is down its left side.
    guest = new_journey(**browser)
    page = guest.page
    guest.goto(f"/{code}/")
    looks_right(guest, code, shots, "front")
    navigation_starts_at_the_right(page, width)
    if width >= 1280:
        is_left_of(page.locator("section.latest"), page.locator(".lead-story"))
    not_clipped(page.locator(".lead-headline"))
    not_clipped(page.locator("aside.site-sidebar .what-you-say-list > li"))

    # They open the article and write a comment in the edition's language.
    guest.click(page.locator(".lead-headline").get_by_role("link", name=story.headline))
    assert page.url == f"{live_server.url}{url}"
    looks_right(guest, code, shots, "article")
    article_is_mirrored_and_whole(guest, code, width)
    expect(page.get_by_role("heading", level=1)).to_have_text(story.headline)
    field(page, code, "Name", NAME_CONTEXT).fill(story.guest_name)
    field(page, code, "Email").fill("karwan.salih@example.com")
    field(page, code, "Comment", COMMENT_CONTEXT).fill(story.guest_text)
    guest.click(page.locator("#comments").get_by_role("button", name=words(code, "Post comment")))
    comment = Comment.objects.get(author_name=story.guest_name)
    assert (comment.status, comment.body) == (Comment.Status.UNCONFIRMED, story.guest_text)
    assert page.url == f"{live_server.url}{url}#{comment.anchor}"
    looks_right(guest, code, shots, "sent")
    mine = page.locator(f"#{comment.anchor}")
    expect(mine).to_have_class(re.compile(r"\bcomment-pending\b"))
    not_clipped(mine.locator(".comment-body"))

    # The link in the mail leads to the edition's confirmation page.
    (message,) = mail.outbox
    assert message.to == ["karwan.salih@example.com"]
    confirm_path = re.search(rf"/{code}/comments/confirm/\S+/", message.body).group(0)
    guest.goto(confirm_path)
    looks_right(guest, code, shots, "confirm")
    guest.click(
        page.get_by_role("main").get_by_role("button", name=words(code, "Confirm my address"))
    )
    looks_right(guest, code, shots, "confirmed")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    # A moderator signs in and approves it from the edition's queue.
    desk = new_journey(**browser)
    queue_path = f"/{code}/comments/moderation/"
    sign_in(desk, code, moderator, queue_path, shots)
    assert desk.page.url == f"{live_server.url}{queue_path}"
    looks_right(desk, code, shots, "queue")
    item = desk.page.locator(f"#{comment.anchor}")
    expect(item.locator(".comment-body")).to_have_text(story.guest_text)
    expect(item.get_by_role("link", name=story.headline)).to_have_attribute("href", url)
    not_clipped(item.locator(".comment-body"))
    desk.click(item.locator(f'button[name="decide"][value="approve:{comment.pk}"]'))
    looks_right(desk, code, shots, "approved")
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == (Comment.Status.APPROVED, moderator)
    expect(desk.page.locator(f"#{comment.anchor}")).to_have_count(0)

    # A new reader finds it under the article and in "What you say".
    reader = new_journey(**browser)
    reader.goto(url)
    looks_right(reader, code, shots, "published")
    shown = comment_item(reader.page, story.guest_text)
    expect(shown).to_have_count(1)
    expect(shown).not_to_have_class(re.compile(r"\bcomment-pending\b"))
    expect(shown.locator(".comment-author")).to_have_text(story.guest_name)
    sidebar = reader.page.locator("aside.sidebar section.what-you-say")
    expect(sidebar).to_be_visible()
    expect(sidebar).to_contain_text(story.guest_name)
    expect(sidebar.get_by_role("link", name=story.guest_text[:30])).to_be_visible()
    article_is_mirrored_and_whole(reader, code, width)
    assert len(shots.taken) == 9


# --- Fonts ----------------------------------------------------------------------------------

LOADED_FONTS = """async () => {
  await document.fonts.ready;
  return [...document.fonts]
    .filter(face => face.status === "loaded")
    .map(face => `${face.family.replaceAll('"', "")} ${face.weight}`);
}"""


def font_files(page: Page) -> list[str]:
    """The web font files the page asks for, from now on."""
    files: list[str] = []
    page.on("request", lambda request: files.append(request.url) if ".woff2" in request.url else 0)
    return files


def test_a_sorani_article_is_drawn_in_the_sites_arabic_fonts(new_page, browser_errors):
    article = make_story("ckb")
    page = new_page(locale="ckb-IQ")
    requested = font_files(page)
    response = page.goto(article.get_absolute_url())
    assert response is not None and response.ok
    loaded = page.evaluate(LOADED_FONTS)
    assert "Noto Naskh Arabic 400" in loaded, f"fonts loaded: {loaded}; requested: {requested}"
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ڕێ')")
    naskh = [url for url in requested if "noto-naskh-arabic" in url]
    assert naskh, f"no Noto Naskh Arabic file was requested: {requested}"
    headline_font = page.locator("h1.headline").evaluate("h1 => getComputedStyle(h1).fontFamily")
    assert headline_font.startswith('"Noto Naskh Arabic"'), headline_font


def test_an_english_page_fetches_no_arabic_font(new_page, browser_errors):
    article = make_article(headline="Erbil to give buses their own lanes", language="en")
    make_comment(article, author_name="Karwan", body="A lane of their own, at last.")
    page = new_page()
    requested = font_files(page)
    response = page.goto(article.get_absolute_url())
    assert response is not None and response.ok
    loaded = page.evaluate(LOADED_FONTS)
    page.wait_for_load_state("networkidle")
    # Only the editions menu names Sorani and Arabic in their own script; the rest of the
    # page is English. The system's fonts draw those two names.
    own_text = page.locator("body").evaluate(
        """body => {
          const copy = body.cloneNode(true);
          copy.querySelectorAll(".edition-nav").forEach(menu => menu.remove());
          return copy.textContent;
        }"""
    )
    assert not ARABIC_SCRIPT.search(own_text), "the English page has Arabic-script text"
    assert [url for url in requested if "arabic" in url] == [], requested
    assert not [font for font in loaded if "Arabic" in font], loaded
