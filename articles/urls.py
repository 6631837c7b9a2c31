from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("news/<int:pk>/", views.article_short_link, name="short-link"),
    path("news/<int:pk>/preview/", views.article_preview, name="preview"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("search/", views.search, name="search"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed-latest"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="feed-latest-atom"),
    path("feeds/section/<slug:slug>/", feeds.SectionFeed(), name="feed-section"),
    path("feeds/section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="feed-section-atom"),
    path("feeds/author/<slug:slug>/", feeds.AuthorFeed(), name="feed-author"),
    path("feeds/author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="feed-author-atom"),
    path("feeds/tag/<slug:slug>/", feeds.TagFeed(), name="feed-tag"),
    path("feeds/tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="feed-tag-atom"),
]
