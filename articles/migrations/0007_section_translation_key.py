import uuid

from django.db import migrations, models


def give_each_section_a_key(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    for pk in Section.objects.filter(translation_key__isnull=True).values_list("pk", flat=True):
        Section.objects.filter(pk=pk).update(translation_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0006_search_text"),
    ]

    operations = [
        # A key of its own for each existing section, then the field as the model has it.
        migrations.AddField(
            model_name="section",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_section_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="section",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "language"), name="one_section_per_edition"
            ),
        ),
    ]
