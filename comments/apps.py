from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        """Connect the comments app to the others through their declared interfaces: the
        signals it listens to (see receivers.py), the figures it shows beside articles
        (articles.figures) and the checks that the page cache keeps its readers apart."""
        from django.db.models.signals import post_delete, post_save

        from accounts.signals import member_leaving
        from articles import figures
        from articles.models import Article

        from . import checks, receivers
        from .models import BlockedWord, Comment
        from .threads import approved_count

        checks.register()
        for signal in (post_save, post_delete):
            signal.connect(receivers.article_changed, sender=Article, weak=False)
            signal.connect(receivers.blocked_words_changed, sender=BlockedWord, weak=False)
        post_delete.connect(receivers.comment_deleted, sender=Comment, weak=False)
        member_leaving.connect(receivers.forget_leaving_member, weak=False)
        # Article pages and cards fetch their counts with their articles: the article
        # page its comments and threads (the paginator of its threads needs that), cards
        # only the comments.
        figures.declare("approved_comment_count", approved_count)
        figures.declare(
            "approved_thread_count", lambda: approved_count(threads_only=True), on_cards=False
        )
