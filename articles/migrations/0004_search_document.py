"""A stored full-text search document for each article, indexed with GIN on PostgreSQL:
computing it per search took about 0.3 s a query over 5,000 articles."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "article_search_document_gin"


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    # The index before the update: PostgreSQL will not build one after updates whose
    # deferred checks are still pending in the same transaction.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING gin (search_document)"
    )
    Article = apps.get_model("articles", "Article")
    Article.objects.update(
        search_document=SearchVector("headline", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_body_tag_limit")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_and_index, drop_index),
    ]
