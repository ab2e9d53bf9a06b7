"""Meetings, series, agendas, minutes and calendars, and the programs with their registrations."""

from django.urls import path

from hyeopchi.web.meetings import views

urlpatterns = [
    path("<slug:site>/meetings/", views.meetings_index, name="meetings"),
    path("<slug:site>/meetings.ics", views.site_feed, name="site_feed"),
    path("<slug:site>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:site>/meetings/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/new/",
        views.add_agenda_item,
        name="add_agenda_item",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/<int:item_pk>/decision/",
        views.decide_agenda_item,
        name="decide_agenda_item",
    ),
    path(
        "<slug:site>/meetings/<int:pk>/agenda/<int:item_pk>/task/",
        views.adopt_as_task,
        name="adopt_as_task",
    ),
    path("<slug:site>/meetings/<int:pk>/forward/", views.forward_items, name="forward_items"),
    path(
        "<slug:site>/meetings/<int:pk>/attendance/",
        views.record_attendance,
        name="record_attendance",
    ),
    path("<slug:site>/meetings/<int:pk>/minutes/", views.edit_minutes, name="edit_minutes"),
    path("<slug:site>/meetings/<int:pk>/status/", views.change_status, name="change_status"),
    path("<slug:site>/meetings/<int:pk>/move/", views.move_meeting, name="move_meeting"),
    path(
        "<slug:site>/meetings/<int:pk>/documents/new/",
        views.add_document,
        name="add_document",
    ),
    path("<slug:site>/programs/", views.programs_index, name="programs"),
    path("<slug:site>/programs/<int:pk>/", views.program_detail, name="program"),
    path(
        "<slug:site>/programs/<int:pk>/registrations/",
        views.program_registrations,
        name="program_registrations",
    ),
    path(
        "<slug:site>/registrations/<str:code>/",
        views.registration_detail,
        name="registration",
    ),
    path("<slug:site>/series/<int:pk>/", views.series_detail, name="series"),
    path("<slug:site>/series/<int:pk>/meetings.ics", views.series_feed, name="series_feed"),
    path(
        "<slug:site>/organizations/<int:pk>/meetings.ics",
        views.organization_feed,
        name="organization_feed",
    ),
    path(
        "<slug:site>/organizations/<int:pk>/series/new/",
        views.create_series,
        name="create_series",
    ),
]
