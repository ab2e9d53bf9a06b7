"""Frameworks (지표체계): creating, changing a draft, publishing under a content hash, new versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.evaluations import compute, permissions
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import FrameworkStatus
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Framework
from hyeopchi.evaluations.services._common import _deny, _engine
from hyeopchi.organizations.models import Organization


def create_framework(
    *, actor: Actor, office: Organization, title: str, spec: Mapping[str, Any], title_en: str = ""
) -> Framework:
    """A draft framework kept by ``office``.

    Changes: creates a DRAFT framework. Raises: PermissionDeniedError unless the actor runs the
    office's evaluations; ValidationFailedError naming the place in ``spec`` that is wrong.
    """
    if not permissions.can_run_evaluations_of(actor, office):
        raise _deny()
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework = Framework.objects.create(office=office, title=title, title_en=title_en, spec=dict(spec))
        record_event(actor, "evaluations.framework_created", framework)
    return framework


def publish_framework(*, actor: Actor, framework: Framework) -> Framework:
    """Check the tree (points sum to 100, weights to 1) and freeze it under its content hash.

    Changes: the framework becomes PUBLISHED with its hash. Raises: PermissionDeniedError;
    InvalidTransitionError if already published; ValidationFailedError if the tree does not add up.
    """
    if not permissions.can_manage_framework(actor, framework):
        raise _deny()
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        if locked.status == FrameworkStatus.PUBLISHED:
            raise InvalidTransitionError(Code.FRAMEWORK_PUBLISHED, _("This framework is already published."))
        try:
            parsed = compute.parse_framework(locked.spec)
        except EngineError as error:
            raise _engine(error, "spec") from error
        locked.content_hash = parsed.hash
        locked.status = FrameworkStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save()
        record_event(
            actor, "evaluations.framework_published", locked, {"hash": locked.content_hash, "version": locked.version}
        )
    return locked


def change_framework(*, actor: Actor, framework: Framework, spec: Mapping[str, Any]) -> Framework:
    """Replace a draft's fields and indicators.

    Raises: PermissionDeniedError; InvalidTransitionError once published; ValidationFailedError.
    """
    if not permissions.can_manage_framework(actor, framework):
        raise _deny()
    if framework.status == FrameworkStatus.PUBLISHED:
        raise InvalidTransitionError(
            Code.FRAMEWORK_PUBLISHED, _("A published framework cannot change; make a new version of it.")
        )
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework.spec = dict(spec)
        framework.save(update_fields=["spec", "updated_at"])
        record_event(actor, "evaluations.framework_changed", framework)
    return framework


def new_framework_version(*, actor: Actor, framework: Framework) -> Framework:
    """A draft copy of a framework, one version up, kept by the same office; the original stays
    as it was. Raises: PermissionDeniedError."""
    if not permissions.can_manage_framework(actor, framework):
        raise _deny()
    with transaction.atomic():
        latest = Framework.objects.filter(title=framework.title).aggregate(v=Max("version"))["v"]
        copy = Framework.objects.create(
            office=framework.office,
            title=framework.title,
            title_en=framework.title_en,
            version=(latest or 0) + 1,
            previous=framework,
            spec=framework.spec,
        )
        record_event(actor, "evaluations.framework_copied", copy, {"from": framework.pk})
    return copy
