"""The staff roles the migrations create, and the admin's pages about users."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, sync_role_groups

from .factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

USERS = reverse("admin:accounts_user_changelist")


def existing_permissions(group_name):
    """The (app, codename) pairs ROLE_PERMISSIONS lists for a group that exist today."""
    wanted = {
        (app_label, codename)
        for app_label, codenames in ROLE_PERMISSIONS[group_name].items()
        for codename in codenames
    }
    existing = set(Permission.objects.values_list("content_type__app_label", "codename"))
    return wanted & existing


def held_permissions(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


@pytest.fixture
def live_registry_restored():
    """Undo what sync_role_groups does to the live app registry (see the xfail below)."""
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    yield
    for config in apps.get_app_configs():
        config.models_module = saved[config.label]


# --- the groups --------------------------------------------------------------------------------


def test_the_migrations_create_editors_and_moderators():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Moderators"}


def test_editors_hold_exactly_the_listed_permissions_that_exist():
    expected = existing_permissions("Editors")

    assert held_permissions("Editors") == expected
    # 20 = view/add/change/delete on articles, photos, authors, sections and tags,
    # plus publishing, plus reading (not deciding on) comments.
    assert len(expected) == 22
    assert ("articles", "publish_article") in expected
    assert ("comments", "view_comment") in expected
    assert ("comments", "moderate_comment") not in expected
    assert {codename for _, codename in expected} >= {
        f"{action}_{model}"
        for model in ("article", "photo", "author", "section", "tag")
        for action in ("view", "add", "change", "delete")
    }


def test_moderators_hold_the_comment_permissions_and_nothing_of_the_articles():
    held = held_permissions("Moderators")
    assert held == existing_permissions("Moderators")
    # Besides the comments, they read the outgoing mail list (a confirmation that failed).
    mail = {("mailing", "view_outgoingmail")}
    assert held & mail == mail
    held -= mail
    assert {codename for _, codename in held} == {
        "view_comment",
        "change_comment",
        "moderate_comment",
        "view_blockedword",
        "add_blockedword",
        "change_blockedword",
        "delete_blockedword",
        "view_moderationreason",
        "add_moderationreason",
        "change_moderationreason",
        "delete_moderationreason",
        "view_ban",
        "add_ban",
        "change_ban",
        "view_report",
        "view_moderationevent",
        "view_commentversion",
    }
    assert all(app_label == "comments" for app_label, _ in held)


def test_syncing_again_changes_nothing(live_registry_restored):
    groups = Group.objects.count()
    permissions = Permission.objects.count()
    before = {name: held_permissions(name) for name in ROLE_PERMISSIONS}

    sync_role_groups(apps)
    sync_role_groups(apps)

    assert Group.objects.count() == groups
    assert Group.objects.filter(name="Editors").count() == 1
    assert Permission.objects.count() == permissions
    assert {name: held_permissions(name) for name in ROLE_PERMISSIONS} == before


def test_syncing_restores_a_permission_taken_from_a_group(live_registry_restored):
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(Permission.objects.get(codename="publish_article"))

    sync_role_groups(apps)

    assert ("articles", "publish_article") in held_permissions("Editors")


def test_syncing_with_the_live_registry_leaves_it_as_it_was(live_registry_restored):
    before = {config.label: config.models_module for config in apps.get_app_configs()}

    sync_role_groups(apps)

    assert {config.label: config.models_module for config in apps.get_app_configs()} == before


# --- the admin desk as an editor -------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    editor = make_member(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_an_editor_can_add_an_article(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200


def test_an_editor_cannot_open_the_users(editor_client):
    assert editor_client.get(USERS).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


# --- the admin's user pages --------------------------------------------------------------------


def column_headings(html):
    """{column: heading} of the admin changelist's table."""
    return dict(
        re.findall(
            r'<th scope="col" class="[^"]*column-(\w+)[^"]*">\s*'
            r'<div class="text">(?:<a [^>]*>|<span>)([^<]*)<',
            html,
        )
    )


def test_the_user_list_shows_groups_last_login_and_date_joined(admin_client):
    editor = make_member(username="sara", is_staff=True, last_login=timezone.now())
    editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))

    response = admin_client.get(USERS, {"q": "sara"})

    assert response.status_code == 200
    headings = column_headings(response.text)
    assert headings["group_names"] == "Groups"
    assert headings["last_login"] == "Last login"
    assert headings["date_joined"] == "Date joined"
    assert '<td class="field-group_names">Editors, Moderators</td>' in response.text
    # Both dates are filled in for a member who has signed in.
    assert re.search(r'<td class="field-last_login[^"]*">[^<-][^<]*</td>', response.text)
    assert re.search(r'<td class="field-date_joined[^"]*">[^<-][^<]*</td>', response.text)


@pytest.mark.parametrize(
    ("query", "field"),
    [("rq_user", "username"), ("postbox77", "email"), ("Qasim", "display name")],
)
def test_the_user_list_finds_users_by_username_email_or_display_name(admin_client, query, field):
    # Each query matches the account through one field only.
    make_member(username="rq_user", email="postbox77@example.com", display_name="Rania Qasim")
    make_member(username="other", email="someone@example.com", display_name="Someone Else")

    response = admin_client.get(USERS, {"q": query.upper()})

    shown = {user.username for user in response.context["cl"].result_list}
    assert shown == {"rq_user"}, field


def test_the_user_page_lets_staff_edit_the_display_name(admin_client):
    member = make_member(display_name="Before")
    response = admin_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert response.status_code == 200
    assert 'name="display_name" value="Before"' in response.text


# --- one email per account -----------------------------------------------------------------------


def test_an_email_used_by_another_account_in_another_case_is_invalid():
    make_member(email="dup@example.com")
    twin = User(username="twin", email="DUP@example.com")
    twin.set_password(PASSWORD)

    with pytest.raises(ValidationError) as raised:
        twin.full_clean()

    assert (
        "Constraint “user_email_unique_any_case” is violated."
        in (raised.value.message_dict["__all__"])
    )


def test_the_database_refuses_a_duplicate_email_in_another_case():
    make_member(email="dup@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="twin", email="DUP@EXAMPLE.COM")


def test_many_accounts_may_have_no_email():
    # Accounts made in the admin or by createsuperuser may leave it blank.
    User.objects.create(username="one", email="")
    User.objects.create(username="two", email="")
    assert User.objects.filter(email="").count() == 2
