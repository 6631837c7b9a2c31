"""People the comment tests need: members, a trusted member, an editor and a moderator."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.accounts.factories import make_member

from .factories import make_comment


def make_staff(group_name: str, **fields):
    """A staff member in one of the role groups the migrations create."""
    person = make_member(is_staff=True, **fields)
    person.groups.add(Group.objects.get(name=group_name))
    return person


@pytest.fixture
def member(db):
    """A member who has never had a comment approved."""
    return make_member(username="newbie", display_name="Nadia New", email="nadia@example.com")


@pytest.fixture
def trusted_member(db):
    """A member with one approved comment already, whose comments go straight through."""
    person = make_member(username="regular", display_name="Rami Regular", email="rami@example.com")
    make_comment(user=person)
    return person


@pytest.fixture
def moderator(db):
    return make_staff("Moderators", username="mod", display_name="Mona Moderator")


@pytest.fixture
def editor(db):
    return make_staff("Editors", username="ed", display_name="Eddie Editor")


@pytest.fixture
def moderator_client(moderator):
    """A browser of its own, so `client` stays an anonymous reader in the same test."""
    browser = Client()
    browser.force_login(moderator)
    return browser


@pytest.fixture
def editor_client(editor):
    browser = Client()
    browser.force_login(editor)
    return browser
