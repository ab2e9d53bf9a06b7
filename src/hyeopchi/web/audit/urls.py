"""The public list of audit anchors and its download."""

from django.urls import path

from hyeopchi.web.audit import views

urlpatterns = [
    path("audit/", views.anchors, name="audit_anchors"),
    path("audit/anchors.csv", views.anchors_download, name="audit_anchors_download"),
]
