from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hyeopchi.reports"
    label = "reports"
    verbose_name = "Reports"
