from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import Article

        from .models import Comment
        from .threads import forget_recent_comments

        def public_comments_changed(**kwargs):
            # An article unpublished or deleted takes its comments out of the sidebar, and
            # so does a comment deleted outright (in the admin, or with its account).
            forget_recent_comments()

        for signal in (post_save, post_delete):
            signal.connect(public_comments_changed, sender=Article, weak=False)
        post_delete.connect(public_comments_changed, sender=Comment, weak=False)
