from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "home.html")


@require_GET
def healthz(request):
    """For load balancers and compose healthchecks: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def rate_limited_message() -> str:
    return _("Too many attempts in a short time. Please wait a while and try again.")


def rate_limited(request, exception=None):
    """settings.RATELIMIT_VIEW: a request that django-ratelimit blocked (before the view ran, so
    nothing was stored). HTML pages get the 429 page, the API a JSON body. (Inside a DRF view
    the API's exception handler answers the same.)"""
    message = rate_limited_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)
