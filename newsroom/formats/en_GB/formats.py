"""British English as the newsroom writes it: 24-hour times ("13:05"), as on the site's pages.

Django's en_GB formats write "1:05 p.m."; only the formats with a time in them change
here, and Django's own module still supplies the rest (input formats, separators).
"""

TIME_FORMAT = "H:i"  # '13:05'
DATETIME_FORMAT = "j M Y, H:i"  # '25 Oct 2006, 13:05'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 13:05'
