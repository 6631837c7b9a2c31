"""Members' pages, on Django's own auth views: sign in, register, passwords, profile."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from .forms import (
    AccountDeletionForm,
    PasswordResetRequestForm,
    ProfileForm,
    RegistrationForm,
    RegistrationPasswordForm,
    SignInForm,
)
from .models import User
from .services import (
    Registration,
    RegistrationUnavailable,
    read_registration_token,
    registration_check,
    registration_finish,
    registration_start,
)
from .signals import member_leaving
from .throttle import SignInAttempt

BACKEND = "accounts.backends.UsernameOrEmailBackend"


def _safe_next(request) -> str:
    """The `next` address when it points into this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # `next` pointing back at this page would send a signed-in member in a loop.
        url = super().get_redirect_url()
        return "" if url.split("?")[0] == self.request.path else url

    def get_context_data(self, **kwargs):
        # LoginView names the site after the request's host; the site has its own name.
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_throttled:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


@csrf_protect
@never_cache
def register(request):
    """The first step of registering: the form, then "check your email" whatever the address.

    Whether the address is new or has an account, the answer is the same redirect to the
    same page; only the mail differs (accounts.services.registration_start).
    """
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:profile")
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            registration_start(
                request=request, registration=Registration(**form.cleaned_data, next_url=next_url)
            )
            return redirect("accounts:register_sent")
    else:
        form = RegistrationForm()
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


def _registration_problem(request, title: str, text: str, status: int):
    return render(
        request, "accounts/register_problem.html", {"title": title, "text": text}, status=status
    )


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def register_finish(request, token):
    """The emailed link: GET shows the password form (mail scanners fetch links), POST
    creates the account, signs the new member in and sends them where they were going."""
    try:
        registration = read_registration_token(token)
    except signing.SignatureExpired:
        return _registration_problem(
            request,
            gettext("This link has expired"),
            gettext(
                "Links to finish registering work for a day. Register again and we will send "
                "you a new one."
            ),
            410,
        )
    except signing.BadSignature:
        return _registration_problem(
            request,
            gettext("This link does not work"),
            gettext(
                "The address may have been cut short or changed. Copy the whole link from the "
                "email into your browser."
            ),
            400,
        )
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    member = User(
        username=registration.username,
        email=registration.email,
        display_name=registration.display_name,
    )
    form = RegistrationPasswordForm(request.POST or None, member=member)
    try:
        registration_check(registration)
        if request.method == "POST" and form.is_valid():
            user = registration_finish(
                registration=registration, password=form.cleaned_data["password1"]
            )
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                gettext("Welcome, %(name)s: your account is ready.") % {"name": user.public_name},
            )
            next_url = registration.next_url
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = ""
            return redirect(next_url or "articles:front")
    except RegistrationUnavailable as refusal:
        return _registration_problem(request, refusal.title, refusal.message, 410)
    return render(
        request,
        "accounts/register_finish.html",
        {"form": form, "registration": registration},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@never_cache
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Your profile was saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@sensitive_post_parameters("password")
@login_required
@never_cache
def delete_account(request):
    """A member deletes their account: their email goes, and their comments are kept under
    "Former member" or deleted, as they choose."""
    form = AccountDeletionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        # Whatever other apps keep of the member (their comments) goes or is anonymised
        # first, while the user row they point at still exists.
        member_leaving.send(
            sender=User,
            user=user,
            delete_content=form.cleaned_data["comments"] == AccountDeletionForm.DELETE,
        )
        logout(request)
        user.delete()
        messages.success(request, gettext("Your account is deleted. Thank you for reading."))
        return redirect("articles:front")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


class RegistrationSentView(TemplateView):
    """ "Check your email": the one answer to every registration form that was filled in."""

    template_name = "accounts/register_sent.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    extra_email_context = {"site_name": settings.SITE_NAME}
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Proving the address by its email lifts the account's slow-down and this
        # address's wait for it (not the address's own count, kept for other accounts).
        SignInAttempt.from_request(self.request, form.user.username).record_reset()
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, gettext("Your password was changed."))
        return super().form_valid(form)
