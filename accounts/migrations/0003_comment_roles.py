"""Give Editors and Moderators their comment permissions, now that comments exist."""

from django.db import migrations

from accounts.roles import sync_role_groups


def grant_comment_permissions(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_comment_permissions, migrations.RunPython.noop)]
