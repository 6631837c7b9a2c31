"""Let Moderators read the outgoing mail list (see accounts.roles), now that it exists."""

from django.db import migrations

from accounts.roles import sync_role_groups


def grant_mail_permissions(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_comment_roles"),
        ("mailing", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_mail_permissions, migrations.RunPython.noop)]
