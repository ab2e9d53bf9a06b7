"""Signing in and out, a person's own activity, data and notification settings, and account deletion."""

from django.urls import path

from hyeopchi.web.accounts import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/notifications/", views.my_notifications, name="notifications"),
    path("accounts/notifications/read/", views.mark_notifications_read, name="notifications_read"),
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/public-name/", views.public_name, name="public_name"),
    path("accounts/activity/", views.my_activity, name="my_activity"),
    path("accounts/eligibility/", views.my_eligibility, name="my_eligibility"),
    path("accounts/eligibility/ask/", views.ask_verification, name="ask_verification"),
    path("accounts/eligibility/ask/<int:pk>/withdraw/", views.withdraw_verification, name="withdraw_verification"),
    path("accounts/eligibility/verify/", views.start_verification, name="start_verification"),
    path("accounts/eligibility/verified/", views.verification_returned, name="verification_returned"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
