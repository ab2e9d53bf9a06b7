"""The audit chain's anchors, public: anyone may keep a copy and check the platform against it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from hyeopchi.core.anchors import ANCHOR_HEADER, anchor_rows
from hyeopchi.core.models import AuditAnchor, AuditChainHead
from hyeopchi.web.common.views import paginate, spreadsheet_response


def anchors(request: HttpRequest) -> HttpResponse:
    listed = paginate(request, AuditAnchor.objects.order_by("-seq", "-pk"), settings.PAGE_SIZE)
    head = AuditChainHead.objects.filter(pk=1).first()
    return render(request, "web/audit/anchors.html", {**listed, "head": head})


def anchors_download(request: HttpRequest) -> HttpResponseBase:
    return spreadsheet_response(list(ANCHOR_HEADER), anchor_rows(), "csv", "audit-anchors")
