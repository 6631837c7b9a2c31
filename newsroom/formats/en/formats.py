"""The English edition's formats: British English as the newsroom writes it, with 24-hour
times ("13:05") as on the site's pages.

Django's "en" formats are American ("Oct. 25, 2006", "1:05 p.m."); the edition's prefix is
/en/, so its formats are set out whole here, day before month.
"""

DATE_FORMAT = "j M Y"  # '25 Oct 2006'
TIME_FORMAT = "H:i"  # '13:05'
DATETIME_FORMAT = "j M Y, H:i"  # '25 Oct 2006, 13:05'
YEAR_MONTH_FORMAT = "F Y"  # 'October 2006'
MONTH_DAY_FORMAT = "j F"  # '25 October'
SHORT_DATE_FORMAT = "d/m/Y"  # '25/10/2006'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 13:05'
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
