from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation_reasons")]

    operations = [
        # The token of the form a comment was sent from; NULL for comments made otherwise,
        # which the unique index then leaves alone.
        migrations.AddField(
            model_name="comment",
            name="form_token",
            field=models.CharField(
                blank=True, default=None, editable=False, max_length=32, null=True, unique=True
            ),
        ),
    ]
