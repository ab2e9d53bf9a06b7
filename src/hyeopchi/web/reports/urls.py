"""A site's dashboards and their tables as files; its open-data catalogue; its search; its white papers."""

from django.urls import path

from hyeopchi.web.reports import search, views, whitepapers

urlpatterns = [
    path("<slug:site>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:site>/dashboard/<slug:key>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("<slug:site>/data/", views.open_data, name="open_data"),
    path("<slug:site>/search/", search.site_search, name="site_search"),
    path("<slug:site>/data/catalog.jsonld", views.open_data_catalogue, name="open_data_catalogue"),
    path("<slug:site>/data/popolo.json", views.open_data_popolo, name="open_data_popolo"),
    path("<slug:site>/white-papers/", whitepapers.white_papers, name="white_papers"),
    path("<slug:site>/white-papers/new/", whitepapers.white_paper_new, name="white_paper_new"),
    path("<slug:site>/white-papers/<int:pk>/", whitepapers.white_paper, name="white_paper"),
    path("<slug:site>/white-papers/<int:pk>/preview/", whitepapers.white_paper_preview, name="white_paper_preview"),
    path(
        "<slug:site>/white-papers/<int:pk>/v<int:number>.<str:fmt>",
        whitepapers.white_paper_file,
        name="white_paper_file",
    ),
    path("<slug:site>/white-papers/<int:pk>/workshop/", whitepapers.white_paper_workshop, name="white_paper_workshop"),
    path(
        "<slug:site>/white-papers/<int:pk>/chapters/<int:chapter_pk>/",
        whitepapers.chapter_edit,
        name="white_paper_chapter",
    ),
    path(
        "<slug:site>/white-papers/<int:pk>/chapters/<int:chapter_pk>/passages/new/",
        whitepapers.passage_new,
        name="white_paper_passage_new",
    ),
    path(
        "<slug:site>/white-papers/<int:pk>/passages/<int:passage_pk>/",
        whitepapers.passage_edit,
        name="white_paper_passage",
    ),
    path(
        "<slug:site>/white-papers/<int:pk>/passages/<int:passage_pk>/<slug:action>/",
        whitepapers.passage_review,
        name="white_paper_passage_review",
    ),
    path("<slug:site>/white-papers/<int:pk>/voices/new/", whitepapers.voice_new, name="white_paper_voice_new"),
    path("<slug:site>/white-papers/<int:pk>/timeline/new/", whitepapers.timeline_new, name="white_paper_timeline_new"),
    path("<slug:site>/white-papers/<int:pk>/editions/", whitepapers.white_paper_editions, name="white_paper_editions"),
    path("<slug:site>/white-papers/<int:pk>/editions/new/", whitepapers.edition_new, name="white_paper_edition_new"),
]
