"""Guests' emails are stored lowercased, and indexed with the status for the trust rule."""

from django.db import migrations, models
from django.db.models.functions import Lower


def lowercase_guest_emails(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(user__isnull=True).update(author_email=Lower("author_email"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_comment_form_token")]

    operations = [
        # The index first: PostgreSQL refuses to build one on a table with updates whose
        # deferred checks are still pending in the same transaction.
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(user__isnull=True),
                fields=["author_email", "status"],
                name="comment_guest_email_idx",
            ),
        ),
        migrations.RunPython(lowercase_guest_emails, migrations.RunPython.noop),
    ]
