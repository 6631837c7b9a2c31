"""The test configuration: speed-ups and isolation that only the suite needs."""

import pytest
from django.test import override_settings


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Give SQLite's test database a file instead of Django's default in-memory database.

    With an in-memory database Django hands the live server the test's own connection,
    and the live server answers each request in a thread of its own: two requests at
    once (a browser fetching select2's suggestions while it types, say) then share one
    SQLite connection across threads and read garbage. With a file every thread opens
    its own connection, as production does.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True, scope="session")
def test_configuration(tmp_path_factory):
    """Fast hashing, plain static storage (no collectstatic), throwaway media and static roots."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        STATIC_ROOT=tmp_path_factory.mktemp("staticfiles"),
    ):
        yield


@pytest.fixture(autouse=True)
def _default_edition():
    """Each test starts in the default edition: a request activates its edition's language
    in the thread, as the test client's requests do, and it would outlive the test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, whichever backend CI chose."""
    from django.core.cache import cache

    cache.clear()
    yield
