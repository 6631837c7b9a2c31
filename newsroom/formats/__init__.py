"""The site's own date and time formats, over Django's for each language (FORMAT_MODULE_PATH)."""
