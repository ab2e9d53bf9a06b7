"""Evaluation rounds: public results, a target's report, the evaluator's sheets, the office."""

from django.urls import include, path

from hyeopchi.web.evaluations import views

# Evaluation rounds belong to their office, not to one site: a national round spans many.
urlpatterns = [
    path("evaluations/", views.rounds_index, name="evaluations"),
    path("evaluations/new/", views.new_round, name="evaluation_new"),
    path(
        "evaluations/<slug:slug>/",
        include(
            [
                path("", views.round_detail, name="evaluation"),
                path("results.<str:fmt>", views.results_export, name="evaluation_export"),
                path("versions/<int:number>/", views.version_detail, name="evaluation_version"),
                path("targets/<str:code>/", views.target_report, name="evaluation_target"),
                path("targets/<str:code>/appeal/", views.appeal_new, name="evaluation_appeal_new"),
                path("targets/<str:code>/materials/", views.target_materials, name="evaluation_materials"),
                path("targets/<str:code>/materials/<int:pk>/", views.material_download, name="evaluation_material"),
                path("my-assignments/", views.evaluator_workspace, name="evaluation_workspace"),
                path("panels/<slug:key>/apply/", views.apply_to_panel, name="evaluation_apply"),
                path("my-assignments/<str:code>/", views.rate_target, name="evaluation_rate"),
                path("my-assignments/<str:code>/recuse/", views.recuse, name="evaluation_recuse"),
                path("office/", views.office, name="evaluation_office"),
                path("office/calendar/", views.round_calendar, name="evaluation_calendar"),
                path("office/targets/", views.enrol_targets, name="evaluation_enrol"),
                path("office/evaluators/", views.import_evaluators, name="evaluation_evaluators"),
                path("office/<slug:action>/", views.office_action, name="evaluation_office_action"),
                path("office/conflicts/<int:pk>/", views.decide_conflict, name="evaluation_decide_conflict"),
                path("office/appeals/<int:pk>/", views.decide_appeal, name="evaluation_decide_appeal"),
            ]
        ),
    ),
]
