"""The site's addresses plus ``/bench/insert/``: a signed-in POST that does one INSERT."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_POST

from hyeopchi.config.urls import urlpatterns as site_urls


@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": "sign in"}, status=401)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline (session, at) VALUES (%s, CURRENT_TIMESTAMP)", [request.session.session_key]
        )
    return JsonResponse({"ok": True})


urlpatterns: list[URLPattern | URLResolver] = [path("bench/insert/", insert), *site_urls]
