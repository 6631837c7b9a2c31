from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import models
        from .context_processors import forget_navigation_sections
        from .page_cache import forget_pages

        def content_changed(**kwargs):
            # Whatever the editors change (in the admin or elsewhere) shows on many pages:
            # the cached ones are all made stale, in every process.
            forget_pages()

        def sections_changed(**kwargs):
            # Every page's navigation lists the sections, kept apart from the pages.
            forget_navigation_sections()

        # Connected first, so the sections are dropped before the pages that list them.
        for signal in (post_save, post_delete):
            signal.connect(sections_changed, sender=models.Section, weak=False)
        for model in (models.Article, models.Section, models.Author, models.Tag, models.Photo):
            for signal in (post_save, post_delete):
                signal.connect(content_changed, sender=model, weak=False)
        for through in (models.Article.authors.through, models.Article.tags.through):
            m2m_changed.connect(content_changed, sender=through, weak=False)
