from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hyeopchi.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each domain's personal_data module adds its part of a person's download and of what an
        # account's deletion destroys (core.accounts), as Django's admin finds admin modules.
        autodiscover_modules("personal_data")
