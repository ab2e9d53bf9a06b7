"""The landing page, each site's home, its directory of organizations and their rosters."""

from django.urls import include, path

from hyeopchi.web.organizations import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("<slug:site>/", views.site_home, name="site_home"),
    path("<slug:site>/organizations/", views.directory, name="directory"),
    path("<slug:site>/eligibility/", views.eligibility, name="eligibility"),
    path(
        "<slug:site>/organizations/<int:pk>/",
        include(
            [
                path("", views.organization_detail, name="organization"),
                path("edit/", views.edit_organization, name="edit_organization"),
                path("organizations/new/", views.add_organization, name="add_organization"),
                path("posts/new/", views.add_post, name="add_post"),
                path("members/new/", views.appoint_member, name="appoint_member"),
                path("members/<int:membership_pk>/end/", views.end_membership, name="end_membership"),
                path("rules/new/", views.add_composition_rule, name="add_composition_rule"),
            ]
        ),
    ),
]
