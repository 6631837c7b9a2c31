
import articles.editions
import uuid
from django.db import migrations, models


def give_each_article_a_key(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for pk in Article.objects.filter(translation_key__isnull=True).values_list("pk", flat=True):
        Article.objects.filter(pk=pk).update(translation_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_search_document'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_listing_idx',
        ),
        migrations.AddField(
            model_name='article',
            name='language',
            field=models.CharField(choices=articles.editions.choices, default='en', max_length=12, verbose_name='edition'),
        ),
        # A key of its own for each existing article (a default would give all one key),
        # then the field as the model has it.
        migrations.AddField(
            model_name='article',
            name='translation_key',
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_article_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name='section',
            name='language',
            field=models.CharField(choices=articles.editions.choices, default='en', max_length=12, verbose_name='edition'),
        ),
        # What existed before editions is English, whichever editions run now; new rows
        # take the default edition (the first of NEWSROOM_EDITIONS).
        migrations.AlterField(
            model_name='article',
            name='language',
            field=models.CharField(choices=articles.editions.choices, default=articles.editions.default, max_length=12, verbose_name='edition'),
        ),
        migrations.AlterField(
            model_name='section',
            name='language',
            field=models.CharField(choices=articles.editions.choices, default=articles.editions.default, max_length=12, verbose_name='edition'),
        ),
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text='Part of the address. Changing it later redirects the old one.', max_length=200),
        ),
        migrations.AlterField(
            model_name='section',
            name='name',
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name='section',
            name='slug',
            field=models.SlugField(allow_unicode=True, max_length=60),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['language', 'status', '-published_at'], name='article_listing_idx'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('translation_key', 'language'), name='one_version_per_edition'),
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.UniqueConstraint(fields=('language', 'slug'), name='section_slug_per_edition'),
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.UniqueConstraint(fields=('language', 'name'), name='section_name_per_edition'),
        ),
    ]
