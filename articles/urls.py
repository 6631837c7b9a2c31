from django.urls import path, register_converter

from . import feeds, views
from .page_cache import reader_page


class UnicodeSlugConverter:
    """A slug in any script: the sections of the Sorani and Arabic editions have theirs."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", reader_page(views.front_page), name="front"),
    path("section/<uslug:slug>/", reader_page(views.SectionView.as_view()), name="section"),
    path("tag/<uslug:slug>/", reader_page(views.TagView.as_view()), name="tag"),
    path("author/<uslug:slug>/", reader_page(views.AuthorView.as_view()), name="author"),
    path("news/<int:pk>/", views.article_short_link, name="short-link"),
    path("news/<int:pk>/preview/", views.article_preview, name="preview"),
    path("news/<int:pk>/<str:slug>/", reader_page(views.article_detail), name="detail"),
    path("search/", reader_page(views.search), name="search"),
    path("feeds/latest/", reader_page(feeds.LatestArticlesFeed()), name="feed-latest"),
    path(
        "feeds/latest/atom/", reader_page(feeds.LatestArticlesAtomFeed()), name="feed-latest-atom"
    ),
    path("feeds/section/<uslug:slug>/", reader_page(feeds.SectionFeed()), name="feed-section"),
    path(
        "feeds/section/<uslug:slug>/atom/",
        reader_page(feeds.SectionAtomFeed()),
        name="feed-section-atom",
    ),
    path("feeds/author/<uslug:slug>/", reader_page(feeds.AuthorFeed()), name="feed-author"),
    path(
        "feeds/author/<uslug:slug>/atom/",
        reader_page(feeds.AuthorAtomFeed()),
        name="feed-author-atom",
    ),
    path("feeds/tag/<uslug:slug>/", reader_page(feeds.TagFeed()), name="feed-tag"),
    path("feeds/tag/<uslug:slug>/atom/", reader_page(feeds.TagAtomFeed()), name="feed-tag-atom"),
]
