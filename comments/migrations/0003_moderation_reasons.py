"""Start the moderators' list of reasons, and give Moderators the new models' permissions."""

from django.db import migrations

from accounts.roles import sync_role_groups

REASONS = [
    ("Off-topic", "It is not about the article or the discussion under it."),
    ("Abusive", "It attacks or insults people rather than arguing with their views."),
    ("Spam", "It advertises or repeats itself rather than taking part."),
    ("Personal information", "It shares details about someone that they have not made public."),
    ("Misleading", "It presents as fact something that is known to be false."),
    ("Duplicate", "The same comment was already posted."),
]


def add_reasons(apps, schema_editor):
    ModerationReason = apps.get_model("comments", "ModerationReason")
    for position, (label, explanation) in enumerate(REASONS):
        ModerationReason.objects.get_or_create(
            label=label, defaults={"explanation": explanation, "position": position}
        )


def grant_permissions(apps, schema_editor):
    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_comment_roles"),
        ("comments", "0002_trust_and_safety"),
    ]

    operations = [
        migrations.RunPython(add_reasons, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
