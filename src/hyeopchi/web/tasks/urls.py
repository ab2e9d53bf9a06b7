"""Tasks, progress reports, milestones, the implementation review, the workspace and spreadsheets."""

from django.urls import path

from hyeopchi.web.tasks import views

urlpatterns = [
    path("<slug:site>/tasks/", views.tasks_index, name="tasks"),
    path("<slug:site>/tasks/<int:pk>/", views.task_detail, name="task"),
    path("<slug:site>/tasks/<int:pk>/report/", views.report_progress, name="report_progress"),
    path("<slug:site>/tasks/<int:pk>/subtasks/new/", views.add_subtask, name="add_subtask"),
    path("<slug:site>/tasks/<int:pk>/rollup/", views.set_rollup, name="task_rollup"),
    path("<slug:site>/tasks/<int:pk>/follow/", views.follow_task, name="follow_task"),
    path(
        "<slug:site>/tasks/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/review/",
        views.implementation_review,
        name="review",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/review.<str:fmt>",
        views.implementation_review,
        name="review_export",
    ),
    path("<slug:site>/workspace/", views.workspace, name="workspace"),
    path("<slug:site>/import/", views.import_file, name="import_file"),
    path("<slug:site>/tasks/<int:pk>/milestones/new/", views.add_milestone, name="add_milestone"),
    path(
        "<slug:site>/tasks/<int:pk>/milestones/<int:milestone_pk>/done/",
        views.complete_milestone,
        name="complete_milestone",
    ),
    path("<slug:site>/tasks.<str:fmt>", views.export_tasks, name="export_tasks"),
]
