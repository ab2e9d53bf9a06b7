from django.urls import path

from hyeopchi.web import meeting_views, program_views, views

app_name = "web"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
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
]
