"""The one way templates write a time for machines: `<time datetime="{{ t|machine_time }}">`.

Django's `date:"c"` keeps microseconds ("…T00:36:25.464933+00:00"), which the HTML
standard does not allow in a `datetime` attribute (at most three digits of a second's
fraction), so every page showing a comment was invalid HTML. Whole seconds are all a
reader or a crawler needs.
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value) -> str:
    """`value` as a valid HTML date or global date-and-time string; "" for no value."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
