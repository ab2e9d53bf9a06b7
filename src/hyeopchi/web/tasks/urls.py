"""Tasks, progress reports, milestones, the implementation review, the workspace and spreadsheets."""

from django.urls import include, path

from hyeopchi.web.tasks import views

urlpatterns = [
    path("<slug:site>/tasks/", views.tasks_index, name="tasks"),
    path(
        "<slug:site>/tasks/<int:pk>/",
        include(
            [
                path("", views.task_detail, name="task"),
                path("report/", views.report_progress, name="report_progress"),
                path("subtasks/new/", views.add_subtask, name="add_subtask"),
                path("rollup/", views.set_rollup, name="task_rollup"),
                path("follow/", views.follow_task, name="follow_task"),
                path("request-report/", views.request_report, name="request_report"),
                path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
                path("milestones/new/", views.add_milestone, name="add_milestone"),
                path("milestones/<int:milestone_pk>/done/", views.complete_milestone, name="complete_milestone"),
            ]
        ),
    ),
    path(
        "<slug:site>/organizations/<int:pk>/",
        include(
            [
                path("review/", views.implementation_review, name="review"),
                path("review.<str:fmt>", views.implementation_review, name="review_export"),
            ]
        ),
    ),
    path("<slug:site>/organizations/<int:pk>/tasks/new/", views.create_task, name="create_task"),
    path("<slug:site>/workspace/", views.workspace, name="workspace"),
    path("<slug:site>/import/", views.import_file, name="import_file"),
    path("<slug:site>/imports/<int:pk>/", views.import_job, name="import_job"),
    path("<slug:site>/imports/<int:pk>.json", views.import_job_status, name="import_job_status"),
    path("<slug:site>/tasks.<str:fmt>", views.export_tasks, name="export_tasks"),
]
