"""Evaluation rounds through the API: lists, results and versions, ratings, appeals, publication.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from hyeopchi.api.schemas import Id, Text
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, PermissionDeniedError
from hyeopchi.evaluations import selectors, services
from hyeopchi.evaluations.enums import AppealGround
from hyeopchi.evaluations.models import Evaluator, ResultVersion, Round, Target

router = Router(tags=["evaluations"])


Slug = Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]


Code = Annotated[str, Field(max_length=40, pattern=r"^[^\x00/]+$")]


Key = Annotated[str, Field(max_length=40, pattern=r"^[^\x00]+$")]


class RoundOut(Schema):
    slug: str
    title: str
    title_en: str
    office_id: int
    status: str
    framework_hash: str = Field(..., alias="framework.content_hash")
    seed_commitment: str
    seed: str


class ResultOut(Schema):
    target: str
    name: str
    group: str
    rank: int
    total: str
    grade: str
    amount: int
    improvement: bool
    held_harmless: bool


class ChangeOut(Schema):
    target: str
    name: str
    group: str
    changed: list[str]
    total_before: str
    total_after: str
    rank_before: int
    rank_after: int
    grade_before: str
    grade_after: str
    amount_before: int
    amount_after: int


class VersionOut(Schema):
    number: int
    final_number: int | None
    reason: str
    input_hash: str
    output_hash: str
    results: list[ResultOut]
    changes: list[ChangeOut]


def _round(slug: str) -> Round:
    found = Round.objects.select_related("framework").filter(slug=slug).first()
    if found is None:
        raise NotFoundError("evaluations.not_found", _("There is no round at this address."))
    return found


def _version_out(version: ResultVersion) -> dict[str, Any]:
    rows = [
        {
            "target": key,
            **{
                k: row[k]
                for k in (
                    "name",
                    "group",
                    "rank",
                    "total",
                    "grade",
                    "amount",
                    "improvement",
                    "held_harmless",
                )
            },
        }
        for key, row in version.payload["targets"].items()
    ]
    rows.sort(key=lambda r: (r["group"], r["rank"], r["target"]))
    return {
        "number": version.number,
        "final_number": version.final_number,
        "reason": version.reason,
        "input_hash": version.input_hash,
        "output_hash": version.output_hash,
        "results": rows,
        "changes": version.diff,
    }


@router.get("/evaluations", response=list[RoundOut])
def list_rounds(request: HttpRequest) -> Any:
    return Round.objects.select_related("framework").order_by("-draw_on", "title")


@router.get("/evaluations/{slug}/results", response=VersionOut)
def latest_results(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """The latest published results: provisional, or the newest final version."""
    version = selectors.latest_published(_round(slug))
    if version is None:
        raise NotFoundError("evaluations.not_found", _("No results are published yet."))
    return _version_out(version)


@router.get("/evaluations/{slug}/versions/{number}", response=VersionOut)
def get_version(request: HttpRequest, slug: Slug, number: Id) -> dict[str, Any]:
    version = _round(slug).versions.filter(number=number, published=True).first()
    if version is None:
        raise NotFoundError("evaluations.not_found", _("There is no such version."))
    return _version_out(version)


class RatingIn(Schema):
    target: Code
    indicator: Key
    value: Annotated[Decimal, Field(max_digits=14, decimal_places=4)]
    comment: Text = ""
    submit: bool = True
    reason: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""


class RatingOut(Schema):
    target: str
    indicator: str
    value: Decimal
    status: str
    amendments: int


@router.post("/evaluations/{slug}/ratings", response={201: RatingOut}, auth=django_auth)
def rate(request: HttpRequest, slug: Slug, payload: RatingIn) -> Status[dict[str, Any]]:
    """An evaluator's rating of an assigned target (a draft, a submission or an amendment)."""
    round_ = _round(slug)
    actor = Actor.for_user(request.user)
    evaluator = (
        Evaluator.objects.select_related("panel")
        .filter(panel__round=round_, user_id=actor.user_pk or 0)
        .first()
    )
    if evaluator is None:
        raise PermissionDeniedError(
            "evaluations.not_allowed", _("You are not an evaluator of this round.")
        )
    target = Target.objects.filter(round=round_, code=payload.target).first()
    if target is None:
        raise NotFoundError(
            "evaluations.not_found",
            _("There is no target “%(value)s” in this round.") % {"value": payload.target},
        )
    rating = services.save_rating(
        actor=actor,
        evaluator=evaluator,
        target=target,
        indicator=payload.indicator,
        value=payload.value,
        comment=payload.comment,
        submit=payload.submit,
        reason=payload.reason,
    )
    return Status(
        201,
        {
            "target": target.code,
            "indicator": rating.indicator,
            "value": rating.value,
            "status": rating.status,
            "amendments": rating.amendments,
        },
    )


class AppealIn(Schema):
    target: Code
    ground: AppealGround
    indicator: Annotated[str, Field(max_length=40, pattern=r"^[^\x00]*$")] = ""
    text: Text


class AppealOut(Schema):
    id: int
    target: str = Field(..., alias="target.code")
    ground: str
    indicator: str
    status: str


@router.post("/evaluations/{slug}/appeals", response={201: AppealOut}, auth=django_auth)
def appeal(request: HttpRequest, slug: Slug, payload: AppealIn) -> Status[Any]:
    target = Target.objects.filter(round=_round(slug), code=payload.target).first()
    if target is None:
        raise NotFoundError(
            "evaluations.not_found",
            _("There is no target “%(value)s” in this round.") % {"value": payload.target},
        )
    filed = services.file_appeal(
        actor=Actor.for_user(request.user),
        target=target,
        ground=payload.ground,
        indicator=payload.indicator,
        text=payload.text,
    )
    return Status(201, filed)


@router.post("/evaluations/{slug}/publish", response=VersionOut, auth=django_auth)
def publish(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """Close scoring and publish provisional results (the office)."""
    return _version_out(
        services.publish_provisional(actor=Actor.for_user(request.user), round_=_round(slug))
    )


class FinaliseIn(Schema):
    reason: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""


@router.post("/evaluations/{slug}/finalise", response=VersionOut, auth=django_auth)
def finalise(request: HttpRequest, slug: Slug, payload: FinaliseIn) -> dict[str, Any]:
    """Publish the final version (v1, or v2 … with a reason)."""
    return _version_out(
        services.finalise(
            actor=Actor.for_user(request.user), round_=_round(slug), reason=payload.reason
        )
    )
