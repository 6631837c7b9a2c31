"""Writes to articles that span several rows: a version of an article in another edition.

A write a rule stops raises the refusal that names the rule and saves nothing; the admin
turns refusals into words.
"""

from django.db import IntegrityError, transaction

from . import editions
from .models import Article, Section


class TranslationRefused(Exception):
    """No draft was made of `article` in edition `language`."""

    def __init__(self, article: Article, language: str):
        super().__init__(article, language)
        self.article = article
        self.language = language


class AlreadyInEdition(TranslationRefused):
    """The article has its version in that edition already (`existing`, which is the
    article itself when it is in that edition)."""

    def __init__(self, article: Article, language: str, existing: Article):
        super().__init__(article, language)
        self.existing = existing


class NoCounterpartSection(TranslationRefused):
    """The article's section has no counterpart (no section sharing its translation key)
    in that edition, so the draft would have nowhere to go."""


def _version_in(article: Article, language: str) -> Article | None:
    return Article.objects.filter(
        translation_key=article.translation_key, language=language
    ).first()


def article_translate(*, article: Article, language: str) -> Article:
    """Make and return a draft of `article` in edition `language`, linked to it.

    The draft shares the article's translation key and goes into the counterpart of its
    section; headline, standfirst, body and dateline are copied as they are, for the
    translator to overwrite, and the lead photo, authors and tags carry over. It stays a
    draft until an editor publishes it.
    """
    if language not in editions.codes():
        raise ValueError(f"{language!r} is not one of the editions {editions.codes()}")
    if existing := _version_in(article, language):
        raise AlreadyInEdition(article, language, existing)
    section = Section.objects.filter(
        translation_key=article.section.translation_key, language=language
    ).first()
    if section is None:
        raise NoCounterpartSection(article, language)
    draft = Article(
        language=language,
        translation_key=article.translation_key,
        headline=article.headline,
        # The address holds the pk as well, so the source's slug may stand until the
        # editor changes it with the headline.
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        dateline=article.dateline,
        section=section,
        lead_photo_id=article.lead_photo_id,
        comments_enabled=article.comments_enabled,
        status=Article.Status.DRAFT,
    )
    try:
        with transaction.atomic():
            draft.save()
            draft.authors.set(article.authors.all())
            draft.tags.set(article.tags.all())
    except IntegrityError:
        # Another editor made that version between the check above and the insert.
        if existing := _version_in(article, language):
            raise AlreadyInEdition(article, language, existing) from None
        raise
    return draft
