"""Meetings, series, agendas, minutes and calendars, and the programs with their registrations."""

from django.urls import include, path

from hyeopchi.web.meetings import views

urlpatterns = [
    path("consent/guardian/<str:token>/", views.guardian_consent, name="guardian_consent"),
    path("<slug:site>/meetings/", views.meetings_index, name="meetings"),
    path("<slug:site>/meetings.ics", views.site_feed, name="site_feed"),
    path("<slug:site>/meetings/calendar/", views.meetings_calendar, name="meetings_calendar"),
    path(
        "<slug:site>/meetings/<int:pk>/",
        include(
            [
                path("", views.meeting_detail, name="meeting"),
                path("documents/<int:document_pk>/", views.document_download, name="document"),
                path("agenda/new/", views.add_agenda_item, name="add_agenda_item"),
                path("agenda/<int:item_pk>/decision/", views.decide_agenda_item, name="decide_agenda_item"),
                path("agenda/<int:item_pk>/task/", views.adopt_as_task, name="adopt_as_task"),
                path("agenda/<int:item_pk>/vote/", views.record_vote, name="record_vote"),
                path("agenda/<int:item_pk>/access/", views.close_agenda_item, name="close_agenda_item"),
                path("particulars/", views.record_particulars, name="record_particulars"),
                path("forward/", views.forward_items, name="forward_items"),
                path("attendance/", views.record_attendance, name="record_attendance"),
                path("minutes/", views.edit_minutes, name="edit_minutes"),
                path("status/", views.change_status, name="change_status"),
                path("move/", views.move_meeting, name="move_meeting"),
                path("documents/new/", views.add_document, name="add_document"),
            ]
        ),
    ),
    path(
        "<slug:site>/programs/",
        include(
            [
                path("", views.programs_index, name="programs"),
                path("<int:pk>/", views.program_detail, name="program"),
                path("<int:pk>/registrations/", views.program_registrations, name="program_registrations"),
            ]
        ),
    ),
    path("<slug:site>/registrations/<str:code>/", views.registration_detail, name="registration"),
    path("<slug:site>/series/", views.series_index, name="series_index"),
    path(
        "<slug:site>/series/<int:pk>/",
        include(
            [path("", views.series_detail, name="series"), path("meetings.ics", views.series_feed, name="series_feed")]
        ),
    ),
    path(
        "<slug:site>/organizations/<int:pk>/",
        include(
            [
                path("meetings.ics", views.organization_feed, name="organization_feed"),
                path("series/new/", views.create_series, name="create_series"),
                path("meetings/new/", views.create_meeting, name="create_meeting"),
                path("meeting-rules/", views.meeting_rules, name="meeting_rules"),
                path("meeting-rules/new/", views.set_meeting_rules, name="set_meeting_rules"),
                path("programs/new/", views.create_program, name="create_program"),
            ]
        ),
    ),
]
