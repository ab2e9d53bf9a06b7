"""Proposals, supports, debates, answers, comments and moderation."""

from django.urls import path

from hyeopchi.web.proposals import views

urlpatterns = [
    path("<slug:site>/proposals/", views.proposals_index, name="proposals"),
    path("<slug:site>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("<slug:site>/proposals/similar/", views.similar_fragment, name="similar_proposals"),
    path("<slug:site>/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path(
        "<slug:site>/proposals/<int:pk>/<slug:action>/do/",
        views.proposal_action,
        name="proposal_action",
    ),
    path("<slug:site>/proposals/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<slug:site>/proposals/<int:pk>/report/", views.report, name="report_proposal"),
    path(
        "<slug:site>/proposals/<int:pk>/comments/<int:comment_pk>/report/",
        views.report,
        name="report_comment",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/answers/<int:answer_pk>/",
        views.answer,
        name="answer_proposal",
    ),
    path("<slug:site>/proposals/<int:pk>/ask/", views.request_answer, name="request_answer"),
    path("<slug:site>/proposals/<int:pk>/promote/", views.promote, name="promote_proposal"),
    path(
        "<slug:site>/proposals/<int:pk>/recommend/",
        views.recommend,
        name="recommend_proposal",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/moderate/",
        views.moderate,
        name="moderate_proposal",
    ),
    path(
        "<slug:site>/proposals/<int:pk>/comments/<int:comment_pk>/moderate/",
        views.moderate,
        name="moderate_comment",
    ),
    path("<slug:site>/moderation/", views.moderation, name="moderation"),
    path(
        "<slug:site>/moderation/block/<int:comment_pk>/",
        views.block_author,
        name="block_author",
    ),
    path("<slug:site>/proposals.<str:fmt>", views.export_proposals, name="export_proposals"),
]
