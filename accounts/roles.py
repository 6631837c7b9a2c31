"""The staff roles: which permissions the Editors and Moderators groups carry.

Staff status plus one of these groups is all an editor or moderator needs. This is
the one place a role grows: add a codename here, then a migration that calls
`sync_role_groups` (a permission whose app or model does not exist yet is skipped, and
picked up by the next sync once it does).
"""

from django.contrib.auth.management import create_permissions

_EDITED_MODELS = ("article", "photo", "author", "section", "tag")

ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    "Editors": {
        "articles": [
            f"{action}_{model}"
            for model in _EDITED_MODELS
            for action in ("view", "add", "change", "delete")
        ]
        + ["publish_article"],
        "comments": ["view_comment"],
    },
    "Moderators": {
        "comments": [
            "view_comment",
            "change_comment",
            "moderate_comment",
            *(
                f"{action}_{model}"
                for model in ("blockedword", "moderationreason")
                for action in ("view", "add", "change", "delete")
            ),
            # Bans are lifted, never deleted; reports and the log are only read.
            *(f"{action}_ban" for action in ("view", "add", "change")),
            "view_report",
            "view_moderationevent",
            "view_commentversion",
        ],
        # What the site mailed, and what failed for good (confirmation mails included).
        "mailing": ["view_outgoingmail"],
    },
}


def sync_role_groups(apps) -> None:
    """Create the role groups and give them every listed permission that exists.

    `apps` is a migration's historical app registry. Permissions are normally created
    after all migrations have run; they are created here first so groups can hold them.
    """
    for app_config in apps.get_app_configs():
        # create_permissions() skips an app whose models_module is unset, as it is in
        # a migration's registry; set it for the call and put back what was there.
        saved = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = saved
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in permissions.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
