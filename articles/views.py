"""Reader pages: front, lists, the article, search; plus robots.txt and the health check."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from . import editions
from .models import Article, Author, Section, Tag, load_authors_and_tags
from .structured_data import news_article

FRONT_LATEST_COUNT = 9
FRONT_PER_SECTION = 4
SEARCH_MAX_LENGTH = 200
JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner


def alternates(request, paths: dict, x_default: str | None = None) -> list[dict]:
    """The page's versions in the editions (`paths`: {edition: path}), as the absolute
    hreflang alternates of its head; none for a page in one edition only."""
    if len(paths) < 2:
        return []
    links = [
        {"hreflang": code, "href": request.build_absolute_uri(path)}
        for code, path in sorted(paths.items())
    ]
    x_default = x_default or paths.get(editions.default())
    if x_default:
        links.append({"hreflang": "x-default", "href": request.build_absolute_uri(x_default)})
    return links


def in_every_edition(name: str, **kwargs) -> dict:
    """{edition: path} of the URL pattern `name` in every edition."""
    paths = {}
    for code in editions.codes():
        with translation.override(code):
            paths[code] = reverse(name, kwargs=kwargs)
    return paths


def front_page(request):
    """Lead story, the latest across sections, and the newest of each section.

    One query fetches every article the page shows: the newest few overall and the
    newest few of each section, chosen by window functions in the database.
    """
    ranked = (
        Article.objects.published()
        .in_edition()
        .annotate(
            overall_rank=Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()]),
            section_rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
        )
    )
    shown = list(
        ranked.filter(
            Q(overall_rank__lte=FRONT_LATEST_COUNT + 1) | Q(section_rank__lte=FRONT_PER_SECTION)
        ).for_cards()
    )
    latest = sorted(
        (a for a in shown if a.overall_rank <= FRONT_LATEST_COUNT + 1),
        key=lambda a: a.overall_rank,
    )
    lead = next((a for a in latest if a.lead_photo_id), latest[0] if latest else None)
    by_section = {}
    for article in sorted(shown, key=lambda a: a.section_rank):
        if article.section_rank <= FRONT_PER_SECTION:
            by_section.setdefault(article.section, []).append(article)
    sections = sorted(by_section.items(), key=lambda item: (item[0].order, item[0].name))
    return render(
        request,
        "articles/front.html",
        {
            "lead": lead,
            "latest": [a for a in latest if a != lead][:FRONT_LATEST_COUNT],
            "sections": sections,
            "shown": shown,
            # The bare "/" sends a reader of none of the editions' languages on.
            "alternates": alternates(request, in_every_edition("articles:front"), "/"),
        },
    )


class ArticleListView(ListView):
    """A paginated list of the edition's published articles belonging to one section, tag
    or author (sections belong to one edition; tags and authors to all)."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"
    owner_model = None
    owner_filter = ""
    kind = ""

    def get_queryset(self):
        # The owner comes with the number of its published articles, which the paginator
        # would otherwise ask for in a query of its own.
        articles = Article.objects.published().in_edition()
        owners = self.owner_model.objects.annotate(
            published_count=articles.count_for_each(self.owner_filter)
        )
        if self.owner_model is Section:
            owners = owners.in_edition()
        self.owner = get_object_or_404(owners, slug=self.kwargs["slug"])
        return articles.filter(**{self.owner_filter: self.owner}).for_cards()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.owner.published_count
        return paginator

    def get_context_data(self, **kwargs):
        # A tag's or an author's page is in each edition with an article of theirs; a
        # section is in its own only.
        paths = {}
        if self.owner_model is not Section:
            having = set(
                Article.objects.published()
                .filter(**{self.owner_filter: self.owner}, language__in=editions.codes())
                .values_list("language", flat=True)
                .distinct()
            )
            every = in_every_edition(f"articles:{self.kind}", slug=self.owner.slug)
            paths = {code: path for code, path in every.items() if code in having}
        return super().get_context_data(
            alternates=alternates(self.request, paths),
            owner=self.owner,
            kind=self.kind,
            current_section=self.owner if self.kind == "section" else None,
            **kwargs,
        )


class SectionView(ArticleListView):
    owner_model, owner_filter, kind = Section, "section", "section"


class TagView(ArticleListView):
    owner_model, owner_filter, kind = Tag, "tags", "tag"


class AuthorView(ArticleListView):
    owner_model, owner_filter, kind = Author, "authors", "author"


def detail_queryset():
    """Articles with what their page shows beside the article: see get_article()."""
    return (
        Article.objects.select_related("section", "lead_photo")
        .defer("search_document", "search_text")
        .with_figures()
    )


def get_article(queryset, **lookup) -> Article:
    """The article of `queryset` that `lookup` finds (else 404), with what its page shows:
    its section, photo and figures in one query, its authors and tags in another."""
    article = get_object_or_404(queryset, **lookup)
    load_authors_and_tags([article], versions=True)
    return article


def render_article(request, article, *, preview=False, status=200, extra_context=None):
    """The article page; the comments app calls it to answer a refused comment in place."""
    tag_ids = [tag.pk for tag in article.tag_list]
    related = (
        Article.objects.published()
        .in_edition(article.language)
        .related_to(article, tag_ids)
        .select_related("lead_photo")[: settings.RELATED_ARTICLES_COUNT]
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "preview": preview,
            "current_section": article.section,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "photo_url": (
                request.build_absolute_uri(article.lead_photo.url) if article.lead_photo else ""
            ),
            "structured_data": news_article(article, request),
            "translations": sorted(article.version_list, key=lambda version: version.language),
            "alternates": alternates(
                request,
                {
                    version.language: version.get_absolute_url()
                    for version in [article, *article.version_list]
                },
            ),
            **(extra_context or {}),
        },
        status=status,
    )


def article_page(request, pk, *, status=200, extra_context=None):
    """The article page of article `pk` (published or not), with `extra_context` for the
    templates of the blocks on it: the one interface other apps answer on an article's
    page with (the comments app: a refused comment, with the reader's text in its form)."""
    return render_article(
        request, get_article(detail_queryset(), pk=pk), status=status, extra_context=extra_context
    )


def article_detail(request, pk, slug):
    """The article at its canonical address; an old or mistyped slug, or another
    edition's prefix, redirects (301) there."""
    article = get_article(detail_queryset().published(), pk=pk)
    if slug != article.slug or article.language != editions.current():
        return redirect(article, permanent=True)
    return render_article(request, article)


def article_short_link(request, pk):
    article = get_object_or_404(Article.objects.published().only("pk", "slug", "language"), pk=pk)
    return redirect(article, permanent=True)


@never_cache
@permission_required("articles.view_article")
def article_preview(request, pk):
    """Any article, draft or scheduled, as readers will see it: for staff only."""
    article = get_article(detail_queryset(), pk=pk)
    if article.language != editions.current():
        return redirect(article.get_preview_url())
    response = render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def search(request):
    # Control characters (NUL above all, which PostgreSQL refuses) are never search words.
    raw_query = request.GET.get("q", "")[:SEARCH_MAX_LENGTH]
    # The joiners stay: Sorani and Persian typing puts them inside words.
    query = " ".join(
        "".join(ch if ch.isprintable() or ch in JOINERS else " " for ch in raw_query).split()
    )
    page = None
    if query:
        results = Article.objects.published().in_edition().search(query).for_cards()
        page = Paginator(results, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/search.html", {"query": query, "page_obj": page})


@require_safe
def edition_picker(request):
    """The bare "/": on to the reader's edition, the one they chose (cookie), else their
    browser's language, else the default; a shared cache keeps the answers apart."""
    code = translation.get_language_from_request(request)
    if code not in editions.codes():
        code = editions.default()
    with translation.override(code):
        response = redirect("articles:front")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@never_cache
@require_safe
def choose_edition(request, code):
    """Remember the reader's choice of edition (for the bare "/") and go to its front page."""
    if code not in editions.codes():
        raise Http404("No such edition.")
    with translation.override(code):
        response = redirect("articles:front")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code in editions.codes():
        with translation.override(code):
            prefix = reverse("articles:front")
        lines += [f"Disallow: {prefix}accounts/", f"Disallow: {prefix}search/"]
    lines += [
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    """Liveness for a load balancer: the process answers; touches no database."""
    return HttpResponse("ok\n", content_type="text/plain")
