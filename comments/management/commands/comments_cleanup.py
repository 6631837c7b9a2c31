"""Retention for comments: run it daily (cron, a systemd timer, the platform's scheduler)."""

from django.core.management.base import BaseCommand

from comments.services import comments_cleanup


class Command(BaseCommand):
    help = (
        "Delete unconfirmed guest comments past their week, and clear client-address hashes "
        "past the retention period (bans in force keep theirs)."
    )

    def handle(self, *args, **options):
        done = comments_cleanup()
        self.stdout.write(
            f"Deleted {done.unconfirmed_deleted} unconfirmed comment(s); cleared the address "
            f"hash of {done.comment_hashes_cleared} comment(s), {done.ban_hashes_cleared} "
            f"finished ban(s) and {done.report_hashes_cleared} report(s)."
        )
