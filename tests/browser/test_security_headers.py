"""The security headers as Chromium reads them: nothing in them it does not understand.

A Permissions-Policy naming a feature Chromium does not know (`bluetooth` was one) makes
it log "Unrecognized feature" on every page, at a level the harness's error watch does
not catch; this test listens to every console message.
"""

import pytest
from django.urls import reverse

from tests.articles.factories import make_article, make_photo

pytestmark = pytest.mark.django_db(transaction=True)


def test_chromium_recognises_every_feature_the_permissions_policy_names(page):
    article = make_article(lead_photo=make_photo())
    said = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))

    for path in ("/en/", article.get_absolute_url(), reverse("admin:login")):
        response = page.goto(path)
        assert response.ok, path
        assert response.headers["permissions-policy"], path

    unrecognised = [text for text in said if "Permissions-Policy" in text or "feature" in text]
    assert unrecognised == []
