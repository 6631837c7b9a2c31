from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    """The project itself, installed as an app for its site-wide management commands."""

    name = "newsroom"
    default = True


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own AdminSite; named in INSTALLED_APPS explicitly."""

    default = False
    default_site = "newsroom.admin.NewsroomAdminSite"
