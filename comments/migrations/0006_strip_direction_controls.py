"""Comments saved before their direction controls were removed lose them now, as new ones
do on save (comments.text.strip_direction_controls): an override stored earlier would
otherwise keep showing its text reversed. The implicit marks (LRM, RLM, ALM) are kept."""

import re
from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q

# The same characters as comments.text.DIRECTION_CONTROLS, written out here so this
# migration does not change if that module does.
CONTROLS = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
PATTERN = re.compile("[" + "".join(CONTROLS) + "]")


def _holding(*fields):
    return reduce(or_, (Q(**{f"{field}__contains": c}) for field in fields for c in CONTROLS))


def strip_direction_controls(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    CommentVersion = apps.get_model("comments", "CommentVersion")
    found = Comment.objects.filter(_holding("body", "author_name"))
    for comment in found.only("pk", "body", "body_html", "author_name").iterator():
        # The rendered body is the escaped text with the same characters in it.
        Comment.objects.filter(pk=comment.pk).update(
            body=PATTERN.sub("", comment.body),
            body_html=PATTERN.sub("", comment.body_html),
            author_name=PATTERN.sub("", comment.author_name),
        )
    for version in CommentVersion.objects.filter(_holding("body")).only("pk", "body").iterator():
        CommentVersion.objects.filter(pk=version.pk).update(body=PATTERN.sub("", version.body))


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_guest_email")]

    operations = [migrations.RunPython(strip_direction_controls, migrations.RunPython.noop)]
