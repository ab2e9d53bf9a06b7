"""A site's dashboards and their tables as files; its open-data catalogue."""

from django.urls import path

from hyeopchi.web.reports import views

urlpatterns = [
    path("<slug:site>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:site>/dashboard/<slug:key>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("<slug:site>/data/", views.open_data, name="open_data"),
    path("<slug:site>/data/catalog.jsonld", views.open_data_catalogue, name="open_data_catalogue"),
]
