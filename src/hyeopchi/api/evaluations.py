"""Evaluation rounds through the API: lists, results and versions, ratings, appeals, publication.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from hyeopchi.api.auth import signed_in
from hyeopchi.api.schemas import Id, Text
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, PermissionDeniedError
from hyeopchi.evaluations import selectors, services
from hyeopchi.evaluations.enums import AppealGround
from hyeopchi.evaluations.errors import EvaluationErrorCode
from hyeopchi.evaluations.models import Evaluator, ResultVersion, Round, Target
from hyeopchi.organizations import selectors as organization_selectors

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
        raise NotFoundError(EvaluationErrorCode.NOT_FOUND, _("There is no round at this address."))
    return found


def _version_out(version: ResultVersion) -> dict[str, Any]:
    rows = [
        {
            "target": key,
            **{
                k: row[k] for k in ("name", "group", "rank", "total", "grade", "amount", "improvement", "held_harmless")
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
        raise NotFoundError(EvaluationErrorCode.NOT_FOUND, _("No results are published yet."))
    return _version_out(version)


@router.get("/evaluations/{slug}/versions/{number}", response=VersionOut)
def get_version(request: HttpRequest, slug: Slug, number: Id) -> dict[str, Any]:
    version = _round(slug).versions.filter(number=number, published=True).first()
    if version is None:
        raise NotFoundError(EvaluationErrorCode.NOT_FOUND, _("There is no such version."))
    return _version_out(version)


class RatingIn(Schema):
    target: Code
    indicator: Key
    value: Annotated[Decimal | None, Field(max_digits=14, decimal_places=4)] = None
    comment: Text = ""
    submit: bool = True
    # Instead of a value, where the framework allows it.
    not_applicable: bool = False
    reason: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""


class RatingOut(Schema):
    target: str
    indicator: str
    value: Decimal | None
    not_applicable: bool
    status: str
    amendments: int


@router.post("/evaluations/{slug}/ratings", response={201: RatingOut}, auth=signed_in)
def rate(request: HttpRequest, slug: Slug, payload: RatingIn) -> Status[dict[str, Any]]:
    """An evaluator's rating of an assigned target (a draft, a submission or an amendment)."""
    round_ = _round(slug)
    actor = Actor.for_user(request.user)
    evaluator = (
        Evaluator.objects.select_related("panel").filter(panel__round=round_, user_id=actor.user_pk or 0).first()
    )
    if evaluator is None:
        raise PermissionDeniedError(EvaluationErrorCode.NOT_ALLOWED, _("You are not an evaluator of this round."))
    target = Target.objects.filter(round=round_, code=payload.target).first()
    if target is None:
        raise NotFoundError(
            EvaluationErrorCode.NOT_FOUND,
            _("There is no target “%(value)s” in this round.") % {"value": payload.target},
        )
    rating = services.save_rating(
        actor=actor, evaluator=evaluator, target=target, **payload.model_dump(exclude={"target"})
    )
    return Status(
        201,
        {
            "target": target.code,
            "indicator": rating.indicator,
            "value": None if rating.not_applicable else rating.value,
            "not_applicable": rating.not_applicable,
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


@router.post("/evaluations/{slug}/appeals", response={201: AppealOut}, auth=signed_in)
def appeal(request: HttpRequest, slug: Slug, payload: AppealIn) -> Status[Any]:
    target = Target.objects.filter(round=_round(slug), code=payload.target).first()
    if target is None:
        raise NotFoundError(
            EvaluationErrorCode.NOT_FOUND,
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


@router.post("/evaluations/{slug}/publish", response=VersionOut, auth=signed_in)
def publish(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """Close scoring and publish provisional results (the office)."""
    return _version_out(services.publish_provisional(actor=Actor.for_user(request.user), round_=_round(slug)))


class FinaliseIn(Schema):
    reason: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""


@router.post("/evaluations/{slug}/finalise", response=VersionOut, auth=signed_in)
def finalise(request: HttpRequest, slug: Slug, payload: FinaliseIn) -> dict[str, Any]:
    """Publish the final version (v1, or v2 … with a reason)."""
    return _version_out(
        services.finalise(actor=Actor.for_user(request.user), round_=_round(slug), reason=payload.reason)
    )


class FrameworkOut(Schema):
    id: int
    office_id: int | None
    title: str
    title_en: str
    version: int
    status: str
    content_hash: str
    previous_id: int | None


# The framework and rules documents have the shapes of docs/evaluation/; the services parse them
# and name the place that is wrong.
Document = dict[str, Any]


class FrameworkIn(Schema):
    office_id: Id
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
    title_en: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")] = ""
    spec: Document


class FrameworkChangeIn(Schema):
    spec: Document


class RulesIn(Schema):
    rules: Document
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[^\x00]*$")]


def _framework(framework_id: int) -> Any:
    found = selectors.framework_get(framework_id)
    if found is None:
        raise NotFoundError(EvaluationErrorCode.NOT_FOUND, _("There is no such framework."))
    return found


@router.post("/frameworks", response={201: FrameworkOut}, auth=signed_in)
def create_framework(request: HttpRequest, payload: FrameworkIn) -> Status[Any]:
    """A draft framework (the YAML file's document as JSON), kept by its evaluation office."""
    office = organization_selectors.organization_by_pk(payload.office_id)
    framework = services.create_framework(
        actor=Actor.for_user(request.user),
        office=office,
        title=payload.title,
        title_en=payload.title_en,
        spec=payload.spec,
    )
    return Status(201, framework)


@router.put("/frameworks/{framework_id}", response=FrameworkOut, auth=signed_in)
def change_framework(request: HttpRequest, framework_id: Id, payload: FrameworkChangeIn) -> Any:
    """Replace a draft's fields and indicators; a published framework never changes."""
    return services.change_framework(
        actor=Actor.for_user(request.user), framework=_framework(framework_id), spec=payload.spec
    )


@router.post("/frameworks/{framework_id}/publish", response=FrameworkOut, auth=signed_in)
def publish_framework(request: HttpRequest, framework_id: Id) -> Any:
    """Check the sums and freeze the framework under its content hash."""
    return services.publish_framework(actor=Actor.for_user(request.user), framework=_framework(framework_id))


@router.post("/frameworks/{framework_id}/versions", response={201: FrameworkOut}, auth=signed_in)
def new_framework_version(request: HttpRequest, framework_id: Id) -> Status[Any]:
    """A draft copy one version up; the original stays as it was."""
    copy = services.new_framework_version(actor=Actor.for_user(request.user), framework=_framework(framework_id))
    return Status(201, copy)


@router.put("/evaluations/{slug}/rules", response=RoundOut, auth=signed_in)
def change_rules(request: HttpRequest, slug: Slug, payload: RulesIn) -> Any:
    """Change the round's rules before its results are final, with the reason (audited)."""
    return services.change_rules(
        actor=Actor.for_user(request.user), round_=_round(slug), rules=payload.rules, reason=payload.reason
    )
