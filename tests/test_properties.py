"""Property tests: random text (Hypothesis) through the public forms and the body cleaner.

The corpus in tests/hostile_corpus.py holds the attacks people know; these find the
inputs nobody thought of. For any text: no form raises, no page answers 500, and
nothing the cleaner or a page returns can run script.
"""

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import RegistrationForm, SignInForm
from articles.html import sanitise_body
from tests.test_hostile_input import problems_in

# The database fixture is shared by every example of a test: each only reads, or
# writes rows that the test's transaction discards.
examples = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any Unicode text, NUL and other control characters included (lone surrogates left out:
# they cannot travel in a UTF-8 request at all).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)

# Text built from pieces of markup, so the cleaner meets tags, attributes and URLs
# far more often than random characters would give it.
_markup_pieces = st.sampled_from(
    [
        "<", ">", "</", "/>", "<!--", "-->", "=", '"', "'", " ", "\n", "&", "#", ";",
        "script", "SCRIPT", "img", "svg", "math", "a", "p", "b", "iframe", "style",
        "template", "noscript", "textarea", "table", "td", "href", "src", "onerror",
        "onload", "style", "javascript:", "JaVaScRiPt:", "data:", "alert(1)", "x",
        "&#106;", "&lt;", "&amp;", "\x00", "\u202e", "\t",
    ]
)  # fmt: skip
markup = st.lists(st.one_of(_markup_pieces, any_text), max_size=60).map("".join)


@examples
@given(source=st.one_of(markup, any_text))
def test_the_body_cleaner_never_raises_and_never_returns_runnable_markup(source):
    cleaned = sanitise_body(source)
    assert problems_in(cleaned) == []
    assert "<script" not in cleaned.lower()


@pytest.mark.django_db
@examples
@given(query=st.one_of(markup, any_text))
def test_search_answers_any_query_with_an_inert_page(query):
    response = Client().get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert problems_in(response.content.decode()) == []


@pytest.mark.django_db
@examples
@given(
    username=any_text,
    email=st.one_of(any_text, st.emails()),
    display_name=any_text,
    password=st.one_of(markup, any_text),
)
def test_the_registration_form_judges_any_input_without_raising(
    username, email, display_name, password
):
    form = RegistrationForm(
        data={
            "username": username,
            "email": email,
            "display_name": display_name,
            "password1": password,
            "password2": password,
        }
    )
    if not form.is_valid():
        assert all(message.strip() for messages in form.errors.values() for message in messages)


@pytest.mark.django_db
@examples
@given(username=st.one_of(markup, any_text), password=any_text)
def test_the_sign_in_form_refuses_any_unknown_account_with_a_message(rf, username, password):
    request = rf.post(reverse("accounts:login"))
    form = SignInForm(request, data={"username": username, "password": password})
    assert not form.is_valid()
    assert form.errors


@pytest.mark.django_db
@examples
@given(email=st.one_of(any_text, st.emails()))
def test_the_password_reset_form_takes_any_input(email):
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        assert form.errors["email"]


@pytest.mark.django_db
@examples
@given(username=st.one_of(markup, any_text), password=any_text, address=st.ip_addresses(v=4))
def test_sign_in_answers_any_input_without_a_server_error(username, password, address):
    # Each example from its own address, so the throttle's 429 rarely stands in the way.
    response = Client(REMOTE_ADDR=str(address)).post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    assert response.status_code in (200, 429)
    assert problems_in(response.content.decode()) == []
