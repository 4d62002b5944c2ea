"""Sign-in, sign-out and the error pages every part of the workspace shares."""

from __future__ import annotations

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger("bancheng.web")


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    log.warning("denied %s %s user=%s", request.method, request.path, getattr(request.user, "pk", None))
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form was stale (an old page, an expired sign-in): say so in Chinese instead of Django's page."""
    log.warning("csrf failure %s %s: %s", request.method, request.path, reason)
    return render(request, "web/csrf_failure.html", status=403)
