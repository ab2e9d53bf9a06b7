from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "hyeopchi.tasks"
    label = "tasks"
    verbose_name = _("Tasks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A person's part of their data download and what their account deletion destroys.
        from hyeopchi.core import accounts  # noqa: PLC0415
        from hyeopchi.tasks import personal_data  # noqa: PLC0415

        accounts.register_personal_data("tasks", personal_data.collect)
        accounts.account_deleted.connect(personal_data.forget, dispatch_uid="tasks.forget")
