"""Participatory budgets: processes, catalogues, ballots, results, open data, staff actions."""

from django.urls import include, path

from hyeopchi.web.budgeting import views

urlpatterns = [
    path("<slug:site>/budgets/", views.processes_index, name="budgets"),
    path("<slug:site>/budgets/new/", views.process_new, name="budget_process_new"),
    path(
        "<slug:site>/budgets/<slug:slug>/",
        include(
            [
                path("", views.process_detail, name="budget_process"),
                path("do/<slug:action>/", views.process_action, name="budget_process_action"),
                path("budgets/new/", views.heading_new, name="budget_heading_new"),
                path("<int:heading>/projects/new/", views.project_new, name="budget_project_new"),
                path("<int:heading>/projects/<int:number>/review/", views.project_review, name="budget_project_review"),
                path(
                    "<int:heading>/projects/<int:number>/files/", views.project_file_add, name="budget_project_file_add"
                ),
                path(
                    "<int:heading>/projects/<int:number>/files/<int:pk>/",
                    views.project_file,
                    name="budget_project_file",
                ),
                path(
                    "<int:heading>/projects/<int:number>/files/<int:pk>/remove/",
                    views.project_file_remove,
                    name="budget_project_file_remove",
                ),
                path("<int:heading>/", views.heading_detail, name="budget_heading"),
                path("<int:heading>/projects/<int:number>/", views.project_detail, name="budget_project"),
                path("<int:heading>/ballot/", views.ballot, name="budget_ballot"),
                path("<int:heading>/ballot/summary/", views.ballot_summary, name="budget_ballot_summary"),
                path("<int:heading>/paper/", views.paper_ballot, name="budget_paper_ballot"),
                path("<int:heading>/results/", views.heading_results, name="budget_results"),
                path("<int:heading>/results.pb", views.heading_pabulib, name="budget_results_pabulib"),
                path("<int:heading>/results.csv", views.heading_csv, name="budget_results_csv"),
            ]
        ),
    ),
]
