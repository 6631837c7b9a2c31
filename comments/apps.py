from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article

        from .threads import forget_recent_comments

        def article_changed(**kwargs):
            # An article unpublished or deleted takes its comments out of the sidebar.
            forget_recent_comments()

        for signal in (post_save, post_delete):
            signal.connect(article_changed, sender=Article, weak=False)
