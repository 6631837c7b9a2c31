"""The data set `make bench` measures (build()), built once, topped up after.

5,000 published articles, one of them busy (500 approved comments, some of them replies,
plus pending and spam ones), and 20,000 comments site-wide. Rows are made with
bulk_create, so it takes seconds; their HTML is rendered once per distinct text, as
save() would. Run again, it only adds what is missing, removes what earlier benchmark
POSTs and photo uploads left (comments, mails, jobs, photos and their files), and moves
the busy article's date forward so its comments stay open.

Imported once Django is set up (bench/run.py does that, on the benchmark's database).
"""

import io
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles import editions
from articles.html import sanitise_body
from articles.models import Article, Author, Section, Tag
from articles.page_cache import forget_pages
from comments.models import Comment
from comments.text import render_comment_body

ARTICLES = 5_000
COMMENTS = 20_000
BUSY_SLUG = "benchmark-busy-article"
BUSY_THREADS, BUSY_REPLIES, BUSY_PENDING, BUSY_SPAM = 450, 50, 40, 20
# Where the comment POSTs of `make bench` come from; their rows are removed on each run.
POSTER_EMAIL = "poster@bench.example.com"
READER_EMAIL = "reader@bench.example.com"
# The unconfirmed guests of the rows that measure the confirmation mail: one address per
# POST, all at this domain; their comments and mails are removed on each run.
GUEST_DOMAIN = "guests.bench.example.com"
# The photos an editor uploads in the photo upload rows; removed, files and all, on each run.
UPLOAD_ALT_TEXT = "Benchmark upload"

PARAGRAPHS = (
    "The council met on Tuesday to agree the budget for the coming year, with roads, "
    "schools and the water supply at the top of the list.",
    "Residents said the new bus routes had made the morning journey shorter, though "
    "some asked for later services in the evening.",
    "Officials expect the work to finish before the winter rains, weather permitting, "
    "and promised to publish the figures each month.",
    "Traders in the old market welcomed the plan but warned that parking remains the "
    "biggest worry for shoppers coming from the villages.",
)
REMARKS = (
    "Good to see this reported properly at last.",
    "I drive this road every day and it is worse than the article says.",
    "Has anyone asked how much this will cost in the end?\nThe figures keep changing.",
    "My grandmother remembers when the market was twice the size.",
    "More of this kind of reporting, please: https://example.com/local-news",
    "The evening buses are the real problem, not the morning ones.",
    "Thank you for the clear explanation of the budget.",
    "Who decided this, and when do we get to vote on it?",
)


def build() -> str:
    """Build (or top up) the data set: 5,000 articles and 20,000 comments; say what is there."""
    # The demo sections, authors, tags and a few articles with drawn photos.
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        Comment.objects.filter(author_email=POSTER_EMAIL).delete()
        _remove_background_work()
        busy = _busy_article(now)
        _add_articles(now)
        _add_busy_comments(busy)
        _add_other_comments(busy, now)
    # bulk_create sends no signal: pages cached (in Redis) before this run are dropped.
    forget_pages()
    return (
        f"bench data: {Article.objects.count()} articles, {Comment.objects.count()} "
        f"comments; busy article {busy.get_absolute_url()}"
    )


def _remove_background_work():
    """What an earlier run's guest POSTs and photo uploads left: their comments, their
    mails, the queue's record of jobs done or left undone for them, and the photos with
    their files. No worker runs yet, so a job left waiting cannot start meanwhile."""
    from django.core.files.storage import default_storage
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from articles.models import Photo
    from articles.photos import delete_renditions
    from mailing.models import OutgoingMail

    Comment.objects.filter(author_email__endswith=f"@{GUEST_DOMAIN}").delete()
    OutgoingMail.objects.filter(recipient__endswith=f"@{GUEST_DOMAIN}").delete()
    # Their jobs now find nothing to do; the finished ones are only history.
    DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    ).delete()
    DBTaskResult.objects.filter(status=TaskResultStatus.READY, queue_name="mail").delete()
    for photo in Photo.objects.filter(alt_text=UPLOAD_ALT_TEXT):
        delete_renditions(photo.renditions, default_storage)
        photo.image.delete(save=False)
        photo.delete()


def _add_articles(now):
    missing = ARTICLES - Article.objects.count()
    if missing <= 0:
        return
    # The benchmark's articles are in the default edition, so are their sections.
    sections = list(Section.objects.in_edition(editions.default()))
    authors = list(Author.objects.all())
    tags = list(Tag.objects.all())
    start = Article.objects.filter(slug__startswith="bench-story-").count()
    body = "\n\n".join(PARAGRAPHS)
    body_html = sanitise_body(body)
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Benchmark story {n}: the council agrees the budget",
            slug=f"bench-story-{n}",
            standfirst="Roads, schools and the water supply come first, officials say.",
            body=body,
            body_html=body_html,
            section=sections[n % len(sections)],
            status=Article.Status.PUBLISHED,
            # Older than the demo's articles, so the front page still leads with those.
            published_at=now - timedelta(days=3, hours=n),
        )
        for n in range(start, start + missing)
    )
    # bulk_create skips save(): the search documents are stored here (PostgreSQL).
    Article.objects.filter(pk__in=[article.pk for article in articles]).refresh_search_documents()
    Article.authors.through.objects.bulk_create(
        Article.authors.through(article_id=article.pk, author_id=authors[n % len(authors)].pk)
        for n, article in enumerate(articles)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=tags[(n + k) % len(tags)].pk)
        for n, article in enumerate(articles)
        for k in range(n % 3)
    )


def _busy_article(now):
    busy = Article.objects.filter(slug=BUSY_SLUG).first()
    if busy is None:
        busy = Article.objects.create(
            headline="The budget: what readers say",
            slug=BUSY_SLUG,
            standfirst="Five hundred comments and counting on the council's plans.",
            body="\n\n".join(PARAGRAPHS * 3),
            section=Section.objects.in_edition(editions.default()).first(),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=1),
            comments_enabled=True,
        )
        busy.authors.set(Author.objects.all()[:2])
        busy.tags.set(Tag.objects.all()[:3])
    elif busy.published_at < now - timedelta(days=7):
        # Comments close after COMMENTS_CLOSE_AFTER_DAYS; the POST benchmark needs them open.
        Article.objects.filter(pk=busy.pk).update(published_at=now - timedelta(days=1))
        busy.refresh_from_db()
    return busy


def _add_busy_comments(busy):
    existing = Comment.objects.filter(article=busy)
    if existing.exists():
        return
    start = busy.published_at + timedelta(minutes=1)
    threads = Comment.objects.bulk_create(
        _comments(busy, BUSY_THREADS, Comment.Status.APPROVED, start)
    )
    replies = _comments(busy, BUSY_REPLIES, Comment.Status.APPROVED, start, offset=1)
    for reply, parent in zip(replies, threads, strict=False):
        reply.parent = parent
    Comment.objects.bulk_create(replies)
    held = ((Comment.Status.PENDING, BUSY_PENDING), (Comment.Status.SPAM, BUSY_SPAM))
    for status, count in held:
        Comment.objects.bulk_create(_comments(busy, count, status, start, offset=2))


def _add_other_comments(busy, now):
    missing = COMMENTS - Comment.objects.count()
    if missing <= 0:
        return
    # Spread over the newest articles, as readers do; about one in ten waits or is spam.
    articles = list(Article.objects.published().exclude(pk=busy.pk)[:400])
    statuses = [Comment.Status.APPROVED] * 9 + [Comment.Status.PENDING] * 2
    statuses.append(Comment.Status.SPAM)
    rows = []
    for n in range(missing):
        article = articles[n % len(articles)]
        row = _comment(article, n, statuses[n % len(statuses)])
        row.submitted_at = min(article.published_at + timedelta(minutes=1 + n % 600), now)
        rows.append(row)
    Comment.objects.bulk_create(rows, batch_size=2_000)


def _comments(article, count, status, start, offset=0):
    rows = []
    for n in range(count):
        row = _comment(article, n + offset, status)
        row.submitted_at = start + timedelta(seconds=120 * n + offset)
        rows.append(row)
    return rows


# Each remark's HTML, rendered once per run as save() would render it.
_html: dict[str, str] = {}


def _comment(article, n, status):
    body = REMARKS[n % len(REMARKS)]
    if body not in _html:
        _html[body] = render_comment_body(body)
    return Comment(
        article=article,
        author_name=f"Reader {n}",
        author_email=READER_EMAIL,
        body=body,
        body_html=_html[body],
        link_count=_html[body].count("<a "),
        status=status,
        held_reasons=" guest " if status != Comment.Status.APPROVED else "",
        client_hash=f"{n:064x}",
    )
