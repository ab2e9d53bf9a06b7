"""Proposals, supports, debates, answers, comments and moderation."""

from django.urls import include, path

from hyeopchi.web.proposals import views

urlpatterns = [
    path(
        "<slug:site>/proposals/",
        include(
            [
                path("", views.proposals_index, name="proposals"),
                path("new/", views.proposal_new, name="proposal_new"),
                path("similar/", views.similar_fragment, name="similar_proposals"),
            ]
        ),
    ),
    path(
        "<slug:site>/proposals/<int:pk>/",
        include(
            [
                path("", views.proposal_detail, name="proposal"),
                path("<slug:action>/do/", views.proposal_action, name="proposal_action"),
                path("edit/", views.proposal_edit, name="proposal_edit"),
                path("comments/", views.comment_add, name="comment_add"),
                path("comments/<int:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
                path("comments/<int:comment_pk>/delete/", views.comment_delete, name="comment_delete"),
                path("comments/<int:comment_pk>/history/", views.comment_history, name="comment_history"),
                path("report/", views.report, name="report_proposal"),
                path("comments/<int:comment_pk>/report/", views.report, name="report_comment"),
                path("answers/<int:answer_pk>/", views.answer, name="answer_proposal"),
                path("ask/", views.request_answer, name="request_answer"),
                path("promote/", views.promote, name="promote_proposal"),
                path("recommend/", views.recommend, name="recommend_proposal"),
                path("moderate/", views.moderate, name="moderate_proposal"),
                path("comments/<int:comment_pk>/moderate/", views.moderate, name="moderate_comment"),
            ]
        ),
    ),
    path("<slug:site>/proposals/thresholds/", views.ladder_page, name="ladder"),
    path("<slug:site>/proposals/thresholds/new/", views.ladder_new, name="ladder_new"),
    path("<slug:site>/moderation/", views.moderation, name="moderation"),
    path("<slug:site>/moderation/block/<int:comment_pk>/", views.block_author, name="block_author"),
    path("<slug:site>/proposals.<str:fmt>", views.export_proposals, name="export_proposals"),
]
