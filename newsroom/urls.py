from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from articles.page_cache import reader_page
from articles.sitemaps import SITEMAPS, NewsSitemap
from articles.views import choose_edition, edition_picker, healthz, robots_txt
from comments.feeds import LatestCommentsFeed

# The site's own error pages (newsroom/views.py), in its look and leaking nothing.
handler400 = "newsroom.views.bad_request"
handler403 = "newsroom.views.permission_denied"
handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

# The catalogue changes only with a deployment.
JAVASCRIPT_CATALOGUE_SECONDS = 24 * 60 * 60

# What readers read and do, in each edition under its prefix (/en/, /ckb/, ...): the bare
# "/" and any address without a prefix redirect to the reader's edition (LocaleMiddleware).
urlpatterns = i18n_patterns(
    path("", include("articles.urls")),
    path("accounts/", include("accounts.urls")),
    path("comments/", include("comments.urls")),
    path("feeds/comments/", reader_page(LatestCommentsFeed()), name="feed-comments"),
    # The edition's words for the site's scripts (locale/<code>/LC_MESSAGES/djangojs.po).
    path(
        "jsi18n/",
        cache_page(JAVASCRIPT_CATALOGUE_SECONDS)(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
)

urlpatterns += [
    # The bare "/", answered at once (other addresses without a prefix are redirected by
    # LocaleMiddleware once they are found missing).
    path("", edition_picker, name="edition-picker"),
    # A reader's choice of edition, remembered in a cookie (Django's set_language view).
    path("i18n/", include("django.conf.urls.i18n")),
    # The same from a link: the editions' links in every page's header.
    path("edition/<str:code>/", choose_edition, name="choose-edition"),
    # The admin's "Forgotten your password?" link leads to the site's own reset.
    path(
        "admin/password-reset/",
        RedirectView.as_view(pattern_name="accounts:password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "news-sitemap.xml",
        sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news_sitemap.xml"},
        name="news-sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
]


def serve_media(request, path):
    """Uploaded photos, from MEDIA_ROOT as it is now (the test suite swaps it).

    A stored file never changes under its name, so it may be kept for a year without
    asking again; and other sites may show it (a feed reader showing the feeds' photos),
    which the site's own Cross-Origin-Resource-Policy would forbid.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code in (200, 304):
        patch_cache_control(
            response, public=True, max_age=settings.MEDIA_CACHE_SECONDS, immutable=True
        )
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


if settings.SERVE_MEDIA:
    # For one machine only; production serves media from object storage or the web server.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_media)]
