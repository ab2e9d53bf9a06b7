from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "hyeopchi.web"
    label = "web"
    verbose_name = _("Public site")

    def ready(self) -> None:
        # The pages that notifications link to; imported here because URLs need the app registry.
        from hyeopchi.web.common.links import register_links  # noqa: PLC0415

        register_links()
