"""Northern Kurdish (Kurmanji), which Django has no formats for: day, month name, year
("25 Cotmeh 2006", the month names from the site's catalogue), 24-hour times, and numbers
grouped with a dot as in Turkish ("1.234,5")."""

DATE_FORMAT = "j F Y"  # '25 Cotmeh 2006'
TIME_FORMAT = "H:i"  # '13:05'
DATETIME_FORMAT = "j F Y, H:i"  # '25 Cotmeh 2006, 13:05'
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"  # '25.10.2006'
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
