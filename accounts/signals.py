"""What the accounts app tells other apps: the extension points it offers.

accounts knows no app that holds a member's content (comments, or any later one); each
such app connects a receiver to these signals in its AppConfig.ready() instead.
"""

from django.dispatch import Signal

# Sent by account deletion once the member has confirmed, before the user row is deleted
# (so their rows can still be found by foreign key), with:
# - user: the member leaving;
# - delete_content: bool, True when they chose to have what they wrote deleted, False
#   when it is to be kept without anything that names them.
# Every app that holds a member's content connects a receiver that does the one or the
# other to its own rows; a receiver that raises stops the deletion.
member_leaving = Signal()
