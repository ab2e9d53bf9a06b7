"""Evaluation rounds: public results, a target's report, the evaluator's sheets, the office."""

from django.urls import path

from hyeopchi.web.evaluations import views

# Evaluation rounds belong to their office, not to one site: a national round spans many.
urlpatterns = [
    path("evaluations/", views.rounds_index, name="evaluations"),
    path("evaluations/<slug:slug>/", views.round_detail, name="evaluation"),
    path(
        "evaluations/<slug:slug>/results.<str:fmt>",
        views.results_export,
        name="evaluation_export",
    ),
    path(
        "evaluations/<slug:slug>/versions/<int:number>/",
        views.version_detail,
        name="evaluation_version",
    ),
    path(
        "evaluations/<slug:slug>/targets/<str:code>/",
        views.target_report,
        name="evaluation_target",
    ),
    path(
        "evaluations/<slug:slug>/targets/<str:code>/appeal/",
        views.appeal_new,
        name="evaluation_appeal_new",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/",
        views.evaluator_workspace,
        name="evaluation_workspace",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/<str:code>/",
        views.rate_target,
        name="evaluation_rate",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/<str:code>/recuse/",
        views.recuse,
        name="evaluation_recuse",
    ),
    path("evaluations/<slug:slug>/office/", views.office, name="evaluation_office"),
    path(
        "evaluations/<slug:slug>/office/<slug:action>/",
        views.office_action,
        name="evaluation_office_action",
    ),
    path(
        "evaluations/<slug:slug>/office/conflicts/<int:pk>/",
        views.decide_conflict,
        name="evaluation_decide_conflict",
    ),
    path(
        "evaluations/<slug:slug>/office/appeals/<int:pk>/",
        views.decide_appeal,
        name="evaluation_decide_appeal",
    ),
]
