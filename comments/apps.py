from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.signals import member_leaving
        from articles.models import Article, ArticleQuerySet
        from articles.page_cache import own_pages_cookie, per_reader_field

        from .caching import comments_changed
        from .forms import new_form_token
        from .guests import COOKIE_NAME as CONFIRMED_GUEST_COOKIE
        from .models import BlockedWord, Comment
        from .policy import forget_blocked_words
        from .receivers import forget_leaving_member
        from .threads import POSTED_COOKIE, approved_count, forget_recent_comments

        def article_changed(**kwargs):
            # An article unpublished or deleted takes its comments out of the sidebar.
            forget_recent_comments()

        def comment_deleted(instance, **kwargs):
            # Deleted outright (in the admin, or with its account): gone from every page.
            comments_changed([instance.article_id])

        def blocked_words_changed(**kwargs):
            forget_blocked_words()

        for signal in (post_save, post_delete):
            signal.connect(article_changed, sender=Article, weak=False)
            signal.connect(blocked_words_changed, sender=BlockedWord, weak=False)
        post_delete.connect(comment_deleted, sender=Comment, weak=False)
        member_leaving.connect(forget_leaving_member)
        # Article pages and cards fetch their counts with their articles: the article
        # page its comments and threads (the paginator of its threads needs that), cards
        # only the comments.
        ArticleQuerySet.add_figure("approved_comment_count", approved_count)
        ArticleQuerySet.add_figure(
            "approved_thread_count", lambda: approved_count(threads_only=True), on_cards=False
        )
        # Each rendering of the comment form has a token of its own (a form sent twice
        # saves one comment): a cached article page must not hand everyone the same one.
        per_reader_field("issued", lambda request: new_form_token())
        # A guest who commented sees their comments awaiting a moderator on the page.
        own_pages_cookie(POSTED_COOKIE)
        # A guest whose browser confirmed an address finds its name and email filled in
        # the comment form: a page for them alone, never kept for other readers.
        own_pages_cookie(CONFIRMED_GUEST_COOKIE)
