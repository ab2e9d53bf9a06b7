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
from hyeopchi.core.errors import (
    InvalidTransitionError,
)
from hyeopchi.evaluations import compute
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import (
    FrameworkStatus,
)
from hyeopchi.evaluations.models import (
    Framework,
)
from hyeopchi.evaluations.services._common import _deny, _engine


def create_framework(
    *, actor: Actor, title: str, spec: Mapping[str, Any], title_en: str = ""
) -> Framework:
    if not actor.is_system and not actor.is_authenticated:
        raise _deny()
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework = Framework.objects.create(title=title, title_en=title_en, spec=dict(spec))
        record_event(actor=actor, verb="evaluations.framework_created", target=framework)
    return framework


def publish_framework(*, actor: Actor, framework: Framework) -> Framework:
    """Check the tree (points sum to 100, weights to 1) and freeze it under its content hash."""
    if not actor.is_system and not getattr(actor.user, "is_staff", False):
        raise _deny()
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        if locked.status == FrameworkStatus.PUBLISHED:
            raise InvalidTransitionError(
                "evaluations.framework_published", _("This framework is already published.")
            )
        try:
            parsed = compute.parse_framework(locked.spec)
        except EngineError as error:
            raise _engine(error, "spec") from error
        locked.content_hash = parsed.hash
        locked.status = FrameworkStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save()
        record_event(
            actor=actor,
            verb="evaluations.FRAMEWORK_PUBLISHED",
            target=locked,
            payload={"hash": locked.content_hash, "version": locked.version},
        )
    return locked


def change_framework(*, actor: Actor, framework: Framework, spec: Mapping[str, Any]) -> Framework:
    if framework.status == FrameworkStatus.PUBLISHED:
        raise InvalidTransitionError(
            "evaluations.framework_published",
            _("A published framework cannot change; make a new version of it."),
        )
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework.spec = dict(spec)
        framework.save(update_fields=["spec", "updated_at"])
        record_event(actor=actor, verb="evaluations.framework_changed", target=framework)
    return framework


def new_framework_version(*, actor: Actor, framework: Framework) -> Framework:
    """A draft copy of a framework, one version up; the original stays as it was."""
    with transaction.atomic():
        latest = Framework.objects.filter(title=framework.title).aggregate(v=Max("version"))["v"]
        copy = Framework.objects.create(
            title=framework.title,
            title_en=framework.title_en,
            version=(latest or 0) + 1,
            previous=framework,
            spec=framework.spec,
        )
        record_event(
            actor=actor,
            verb="evaluations.framework_copied",
            target=copy,
            payload={"from": framework.pk},
        )
    return copy
