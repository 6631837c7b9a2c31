"""The comments app's pages, one module for each who uses them:

- posting: readers posting, a comment's permalink, and the guests' signed links
  (confirming an address, following a comment's status);
- authors: what commenters do with their own comments (edit, delete, export);
- reports: readers reporting a comment;
- moderation: the moderators' queue, log and bans.

Views read a form, call one service (comments.services) and render: the rules live in
the services, and each refusal's words in the templates (comments/refusal.html).
"""


def is_row_id(value: str) -> bool:
    """Whether `value` can be a row id: digits only, and few enough for any database."""
    return value.isascii() and value.isdigit() and len(value) <= 18
