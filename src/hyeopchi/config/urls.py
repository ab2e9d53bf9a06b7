from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path

from hyeopchi.api.api import api


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the back office's)."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("favicon.ico", favicon),
]
# Korean pages live at the root, English ones under /en/, so each language has stable addresses.
# The site's own sign-in and sign-out (web:login, web:logout) come first; django-allauth gives the
# rest of the account pages: sign-up, e-mail confirmation, password reset and change, e-mail
# addresses, Kakao and Naver sign-in (when configured) and two-factor authentication.
urlpatterns += i18n_patterns(
    path("", include("hyeopchi.web.urls")), path("accounts/", include("allauth.urls")), prefix_default_language=False
)
handler403 = "hyeopchi.web.common.views.permission_denied"
handler404 = "hyeopchi.web.common.views.page_not_found"
