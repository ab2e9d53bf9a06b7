"""Participatory budgets: processes, catalogues, ballots, results, open data, staff actions."""

from django.urls import include, path

from hyeopchi.web.budgeting import views

urlpatterns = [
    path("<slug:site>/budgets/", views.processes_index, name="budgets"),
    path(
        "<slug:site>/budgets/<slug:slug>/",
        include(
            [
                path("", views.process_detail, name="budget_process"),
                path("do/<slug:action>/", views.process_action, name="budget_process_action"),
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
