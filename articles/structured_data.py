"""schema.org data for search engines, built from an article and the request."""

from django.conf import settings
from django.templatetags.static import static


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def news_article(article, request) -> dict:
    """A schema.org NewsArticle describing `article`, with absolute URLs."""
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "inLanguage": article.language,
        "description": article.standfirst,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.date_modified),
        "articleSection": article.section.name,
        "author": [
            {
                "@type": "Organization" if author.kind == author.Kind.ORGANIZATION else "Person",
                "name": author.name,
                "url": absolute(author.get_absolute_url()),
            }
            for author in article.author_list
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": absolute("/"),
            "logo": {"@type": "ImageObject", "url": absolute(static("img/logo.png"))},
        },
        "keywords": [tag.name for tag in article.tag_list],
    }
    if article.dateline:
        data["dateline"] = article.dateline
    photo = article.lead_photo
    if photo:
        image = {
            "@type": "ImageObject",
            "url": absolute(photo.url),
            "contentUrl": absolute(photo.url),
            "width": photo.display_width,
            "height": photo.display_height,
            "caption": photo.caption,
        }
        if photo.credit:
            image["creditText"] = photo.credit
        if photo.photographer:
            image["creator"] = {"@type": "Person", "name": photo.photographer}
        if photo.copyright_notice:
            image["copyrightNotice"] = photo.copyright_notice
        data["image"] = image
    return data
