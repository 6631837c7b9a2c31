import html

from django.db import migrations, models
from django.utils.html import strip_tags


def document(headline, standfirst, body_html, language):
    # The words as they stood when this migration was written: case-folded, markup
    # dropped. The next save of each article stores them as articles.searching has them.
    body = " ".join(html.unescape(strip_tags(body_html)).split())
    return f"{headline}\n{standfirst}\n{body}".casefold()


def fill_search_text(apps, schema_editor):
    # The normalised words of each existing article (PostgreSQL's documents are rebuilt
    # by the next save of each article, in its edition's configuration).
    Article = apps.get_model("articles", "Article")
    fields = ("pk", "language", "headline", "standfirst", "body_html")
    for pk, language, headline, standfirst, body_html in Article.objects.values_list(*fields):
        Article.objects.filter(pk=pk).update(
            search_text=document(headline, standfirst, body_html, language)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_editions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
