from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hyeopchi.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from hyeopchi.reports import search_index  # noqa: PLC0415 (models are ready now)

        search_index.connect()
