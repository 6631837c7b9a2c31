"""Form tokens become NULL where there is none, under a plain unique index (which
SQLite's planner uses for lookups, unlike the partial one); guests' emails are stored
lowercased and indexed for the trust rule."""

from django.db import migrations, models
from django.db.models.functions import Lower


def empty_tokens_to_null(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(form_token="").update(form_token=None)


def lowercase_guest_emails(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(user__isnull=True).update(author_email=Lower("author_email"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_comment_form_token")]

    operations = [
        migrations.RemoveConstraint(model_name="comment", name="comment_form_token_unique"),
        migrations.AlterField(
            model_name="comment",
            name="form_token",
            field=models.CharField(
                blank=True, default=None, editable=False, max_length=32, null=True
            ),
        ),
        migrations.RunPython(empty_tokens_to_null, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="comment",
            name="form_token",
            field=models.CharField(
                blank=True, default=None, editable=False, max_length=32, null=True, unique=True
            ),
        ),
        migrations.RunPython(lowercase_guest_emails, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(user__isnull=True),
                fields=["author_email", "status"],
                name="comment_guest_email_idx",
            ),
        ),
    ]
