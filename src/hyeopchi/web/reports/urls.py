"""A site's dashboards and their tables as files."""

from django.urls import path

from hyeopchi.web.reports import views

urlpatterns = [
    path("<slug:site>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:site>/dashboard/<slug:key>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
]
