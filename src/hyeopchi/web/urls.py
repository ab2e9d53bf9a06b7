from django.urls import path

from hyeopchi.web import (
    evaluation_views,
    meeting_views,
    program_views,
    proposal_views,
    task_views,
    views,
)

app_name = "web"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/notifications/", views.my_notifications, name="notifications"),
    # Evaluation rounds belong to their office, not to one site: a national round spans many.
    path("evaluations/", evaluation_views.rounds_index, name="evaluations"),
    path("evaluations/<slug:slug>/", evaluation_views.round_detail, name="evaluation"),
    path(
        "evaluations/<slug:slug>/results.<str:fmt>",
        evaluation_views.results_export,
        name="evaluation_export",
    ),
    path(
        "evaluations/<slug:slug>/versions/<int:number>/",
        evaluation_views.version_detail,
        name="evaluation_version",
    ),
    path(
        "evaluations/<slug:slug>/targets/<str:code>/",
        evaluation_views.target_report,
        name="evaluation_target",
    ),
    path(
        "evaluations/<slug:slug>/targets/<str:code>/appeal/",
        evaluation_views.appeal_new,
        name="evaluation_appeal_new",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/",
        evaluation_views.evaluator_workspace,
        name="evaluation_workspace",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/<str:code>/",
        evaluation_views.rate_target,
        name="evaluation_rate",
    ),
    path(
        "evaluations/<slug:slug>/my-assignments/<str:code>/recuse/",
        evaluation_views.recuse,
        name="evaluation_recuse",
    ),
    path("evaluations/<slug:slug>/office/", evaluation_views.office, name="evaluation_office"),
    path(
        "evaluations/<slug:slug>/office/<slug:action>/",
        evaluation_views.office_action,
        name="evaluation_office_action",
    ),
    path(
        "evaluations/<slug:slug>/office/conflicts/<int:pk>/",
        evaluation_views.decide_conflict,
        name="evaluation_decide_conflict",
    ),
    path(
        "evaluations/<slug:slug>/office/appeals/<int:pk>/",
        evaluation_views.decide_appeal,
        name="evaluation_decide_appeal",
    ),
    path("<slug:site>/", views.site_home, name="site_home"),
    path("<slug:site>/organizations/", views.directory, name="directory"),
    path("<slug:site>/organizations/<int:pk>/", views.organization_detail, name="organization"),
    path(
        "<slug:site>/organizations/<int:pk>/members/new/",
        views.appoint_member,
        name="appoint_member",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/members/<int:membership_pk>/end/",
        views.end_membership,
        name="end_membership",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/rules/new/",
        views.add_composition_rule,
        name="add_composition_rule",
    ),
    path("<slug:site>/meetings/", meeting_views.meetings_index, name="meetings"),
    path("<slug:site>/meetings.ics", meeting_views.site_feed, name="site_feed"),
    path("<slug:site>/meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path(
        "<slug:site>/meetings/<int:pk>/documents/<int:document_pk>/",
        meeting_views.document_download,
        name="document",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/new/",
        meeting_views.add_agenda_item,
        name="add_agenda_item",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/<int:item_pk>/decision/",
        meeting_views.decide_agenda_item,
        name="decide_agenda_item",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/<int:item_pk>/task/",
        meeting_views.adopt_as_task,
        name="adopt_as_task",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/forward/", meeting_views.forward_items, name="forward_items"
    ),
    path(
        "<slug:site>/meetings/<int:pk>/attendance/",
        meeting_views.record_attendance,
        name="record_attendance",
    ),
    path("<slug:site>/meetings/<int:pk>/minutes/", meeting_views.edit_minutes, name="edit_minutes"),
    path(
        "<slug:site>/meetings/<int:pk>/status/", meeting_views.change_status, name="change_status"
    ),
    path("<slug:site>/meetings/<int:pk>/move/", meeting_views.move_meeting, name="move_meeting"),
    path(
        "<slug:site>/meetings/<int:pk>/documents/new/",
        meeting_views.add_document,
        name="add_document",
    ),
    path("<slug:site>/programs/", program_views.programs_index, name="programs"),
    path("<slug:site>/programs/<int:pk>/", program_views.program_detail, name="program"),
    path(
        "<slug:site>/programs/<int:pk>/registrations/",
        program_views.program_registrations,
        name="program_registrations",
    ),
    path(
        "<slug:site>/registrations/<str:code>/",
        program_views.registration_detail,
        name="registration",
    ),
    path("<slug:site>/series/<int:pk>/", meeting_views.series_detail, name="series"),
    path("<slug:site>/series/<int:pk>/meetings.ics", meeting_views.series_feed, name="series_feed"),
    path(
        "<slug:site>/organizations/<int:pk>/meetings.ics",
        meeting_views.organization_feed,
        name="organization_feed",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/series/new/",
        meeting_views.create_series,
        name="create_series",
    ),
    path("<slug:site>/proposals/", proposal_views.proposals_index, name="proposals"),
    path("<slug:site>/proposals/new/", proposal_views.proposal_new, name="proposal_new"),
    path(
        "<slug:site>/proposals/similar/", proposal_views.similar_fragment, name="similar_proposals"
    ),
    path("<slug:site>/proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path(
        "<slug:site>/proposals/<int:pk>/<slug:action>/do/",
        proposal_views.proposal_action,
        name="proposal_action",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/comments/", proposal_views.comment_add, name="comment_add"
    ),
    path("<slug:site>/proposals/<int:pk>/report/", proposal_views.report, name="report_proposal"),
    path(
        "<slug:site>/proposals/<int:pk>/comments/<int:comment_pk>/report/",
        proposal_views.report,
        name="report_comment",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/answers/<int:answer_pk>/",
        proposal_views.answer,
        name="answer_proposal",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/ask/", proposal_views.request_answer, name="request_answer"
    ),
    path(
        "<slug:site>/proposals/<int:pk>/promote/", proposal_views.promote, name="promote_proposal"
    ),
    path(
        "<slug:site>/proposals/<int:pk>/recommend/",
        proposal_views.recommend,
        name="recommend_proposal",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/moderate/",
        proposal_views.moderate,
        name="moderate_proposal",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/comments/<int:comment_pk>/moderate/",
        proposal_views.moderate,
        name="moderate_comment",
    ),
    path("<slug:site>/moderation/", proposal_views.moderation, name="moderation"),
    path("<slug:site>/tasks/", task_views.tasks_index, name="tasks"),
    path("<slug:site>/tasks/<int:pk>/", task_views.task_detail, name="task"),
    path("<slug:site>/tasks/<int:pk>/report/", task_views.report_progress, name="report_progress"),
    path("<slug:site>/tasks/<int:pk>/subtasks/new/", task_views.add_subtask, name="add_subtask"),
    path("<slug:site>/tasks/<int:pk>/rollup/", task_views.set_rollup, name="task_rollup"),
    path("<slug:site>/tasks/<int:pk>/follow/", task_views.follow_task, name="follow_task"),
    path(
        "<slug:site>/tasks/<int:pk>/evidence/<int:evidence_pk>/",
        task_views.evidence_download,
        name="evidence",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/review/",
        task_views.implementation_review,
        name="review",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/review.<str:fmt>",
        task_views.implementation_review,
        name="review_export",
    ),
    path("<slug:site>/workspace/", task_views.workspace, name="workspace"),
    path("<slug:site>/<str:what>.<str:fmt>", task_views.export_list, name="export_list"),
    path("<slug:site>/import/", task_views.import_file, name="import_file"),
    path(
        "<slug:site>/moderation/block/<int:comment_pk>/",
        proposal_views.block_author,
        name="block_author",
    ),
    path(
        "<slug:site>/tasks/<int:pk>/milestones/new/", task_views.add_milestone, name="add_milestone"
    ),
    path(
        "<slug:site>/tasks/<int:pk>/milestones/<int:milestone_pk>/done/",
        task_views.complete_milestone,
        name="complete_milestone",
    ),
]
