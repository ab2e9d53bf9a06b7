from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "hyeopchi.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A person's part of their data download.
        from hyeopchi.core import accounts  # noqa: PLC0415
        from hyeopchi.meetings import personal_data  # noqa: PLC0415

        accounts.register_personal_data("meetings", personal_data.collect)
