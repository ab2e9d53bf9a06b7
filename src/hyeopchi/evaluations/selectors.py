"""Reading rounds: the inputs of a computation in as few queries as possible, pool snapshots,
scoring progress and diagnostics."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import CharField, Count, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from hyeopchi.core.actor import Actor
from hyeopchi.core.canonical import canonical_json
from hyeopchi.evaluations import compute, engine, reliability
from hyeopchi.evaluations.enums import PanelKind, RatingStatus, RoundStatus
from hyeopchi.evaluations.models import (
    Assignment,
    ConsensusScore,
    DataFigure,
    Evaluator,
    Framework,
    Rating,
    ResultVersion,
    Round,
    Target,
)
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import is_platform_administrator


@dataclass
class RoundInputs:
    """Everything one computation reads; ``snapshot`` is what a result version keeps."""

    framework_spec: Mapping[str, Any]
    rules_spec: Mapping[str, Any]
    targets: list[compute.TargetInput]
    ratings: list[compute.Rating]
    floors: dict[str, str] | None = None
    consensus: dict[tuple[str, str, str], compute.Consensus] = field(default_factory=dict)
    framework: engine.Framework = field(init=False)
    rules: compute.Rules = field(init=False)

    def __post_init__(self) -> None:
        self.framework = compute.parse_framework(self.framework_spec)
        self.rules = compute.parse_rules(self.rules_spec, self.framework)

    def compute(self) -> compute.Outcome:
        """The results these inputs give."""
        return compute.compute(
            self.framework, self.rules, self.targets, self.ratings, consensus=self.consensus, floors=self.floors
        )

    def snapshot(self) -> dict[str, Any]:
        return {
            "framework": self.framework_spec,
            "rules": self.rules_spec,
            **compute.input_payload(self.targets, self.ratings, self.consensus, self.floors or {}),
        }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any]) -> RoundInputs:
        targets = [
            compute.TargetInput(
                key=key,
                name=name,
                group=group,
                size_factor=Fraction(Decimal(size)),
                previous_total=None if previous is None else Decimal(previous),
                extras={k: Fraction(Decimal(v)) for k, v in extras.items()},
            )
            for key, name, group, size, previous, extras in data["targets"]
        ]
        ratings = [
            compute.Rating(panel, evaluator, target, indicator, Decimal(value))
            for panel, evaluator, target, indicator, value in (line.split("\x1f") for line in data["ratings"])
        ]
        consensus = {
            (target, indicator, panel): compute.Consensus(Decimal(value), reason, override)
            for target, indicator, panel, value, reason, override in data["consensus"]
        }
        return cls(data["framework"], data["rules"], targets, ratings, dict(data["floors"]) or None, consensus)


def rating_rows(round_: Round) -> QuerySet[Rating, tuple[str, str, str, str, str]]:
    """The submitted ratings of valid assignments as plain rows, the value as text (exact, and
    without a float conversion on SQLite); a "not applicable" is no rating."""
    return (
        Rating.objects.filter(
            assignment__target__round=round_,
            assignment__voided=False,
            status=RatingStatus.SUBMITTED,
            not_applicable=False,
        )
        .annotate(text=Cast("value", output_field=CharField()))
        .values_list(
            "assignment__evaluator__panel__key",
            "assignment__evaluator__pseudonym",
            "assignment__target__code",
            "indicator",
            "text",
        )
    )


def round_inputs(round_: Round) -> RoundInputs:
    """Three queries: targets, submitted ratings of valid assignments, data figures."""
    targets = [
        compute.TargetInput(
            key=t.code,
            name=t.name,
            group=t.group,
            size_factor=Fraction(t.size_factor),
            previous_total=t.previous_total,
            extras={k: Fraction(Decimal(str(v))) for k, v in (t.extras or {}).items()},
        )
        for t in Target.objects.filter(round=round_).order_by("code")
    ]
    values: dict[str, Decimal] = {}  # ratings repeat a few levels: parse each text once
    make = compute.Rating._make
    with compute.paused_collector():
        ratings = [
            make((p, e, t, i, values.get(v) or values.setdefault(v, Decimal(v))))
            for p, e, t, i, v in rating_rows(round_).iterator(chunk_size=5000)
        ]
    framework_spec = round_.framework.spec
    rules_spec = round_.rules
    data_panel = {p.key for p in round_.panels.all() if p.kind == PanelKind.DATA} | {
        k for k, v in (rules_spec.get("panels") or {}).items() if (v or {}).get("kind") == "data"
    }
    indicator_panel: dict[str, str] = {}
    for f in framework_spec.get("fields", []):
        for i in f.get("indicators", []):
            for panel in i.get("panels", {}):
                if panel in data_panel:
                    indicator_panel[i["key"]] = panel
    for code, indicator, value in DataFigure.objects.filter(target__round=round_).values_list(
        "target__code", "indicator", "value"
    ):
        if indicator in indicator_panel:
            ratings.append(compute.Rating(indicator_panel[indicator], "data", code, indicator, value.normalize()))
    consensus = {
        (code, indicator, panel): compute.Consensus(value, reason, override)
        for code, indicator, panel, value, reason, override in ConsensusScore.objects.filter(
            target__round=round_
        ).values_list("target__code", "indicator", "panel", "value", "reason", "override_reason")
    }
    return RoundInputs(framework_spec, rules_spec, targets, ratings, consensus=consensus)


def pool_hash(round_: Round) -> str:
    """SHA-256 of the panels' settings, the selected pool, the targets and the upheld conflicts:
    everything the draw reads, so a change after the commitment is detected."""
    panels = sorted(round_.panels.values_list("key", "per_target", "capacity", "solver"))
    targets = sorted(round_.targets.values_list("code", "group"))
    pool = sorted(
        Evaluator.objects.filter(panel__round=round_, selected=True).values_list(
            "panel__key", "pseudonym", "affiliation_id", "capacity", "expertise"
        )
    )
    conflicts = sorted(
        round_.targets.filter(conflicts__status="upheld").values_list("conflicts__evaluator__pseudonym", "code")
    )
    return hashlib.sha256(
        canonical_json({"panels": panels, "targets": targets, "pool": pool, "conflicts": conflicts}).encode()
    ).hexdigest()


def framework_get(pk: int) -> Framework | None:
    return Framework.objects.select_related("office").filter(pk=pk).first()


def latest_published(round_: Round) -> ResultVersion | None:
    return round_.versions.filter(published=True).order_by("-number").first()


def scoring_progress(round_: Round) -> list[dict[str, Any]]:
    """Per panel: assignments, ratings expected, submitted and drafts."""
    framework = compute.parse_framework(round_.framework.spec)
    rows = []
    for panel in round_.panels.exclude(kind=PanelKind.DATA).order_by("pk"):
        indicators = [i.key for i in framework.indicators if panel.key in i.panels]
        assignments = Assignment.objects.filter(evaluator__panel=panel, voided=False)
        counts = Rating.objects.filter(assignment__in=assignments).aggregate(
            submitted=Count("pk", filter=Q(status=RatingStatus.SUBMITTED)),
            drafts=Count("pk", filter=Q(status=RatingStatus.DRAFT)),
        )
        expected = assignments.count() * len(indicators)
        rows.append(
            {
                "panel": panel,
                "expected": expected,
                **counts,
                "share": round(100 * counts["submitted"] / expected, 1) if expected else 0,
            }
        )
    return rows


def assignments_of(evaluator: Evaluator) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(evaluator=evaluator, voided=False).select_related("target").order_by("target__code")
    )


def diagnostics(inputs: RoundInputs) -> list[dict[str, Any]]:
    """Per (indicator, panel) with raters: Krippendorff's α and flag, and flagged raters (§6).
    Flags never change scores."""
    cells: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in inputs.ratings:
        if inputs.rules.panels[r.panel].kind == PanelKind.DATA:
            continue
        cells[(r.indicator, r.panel)][r.evaluator][r.target] = float(r.value)
    return _diagnose(inputs.framework, cells)


def diagnostics_state(round_: Round) -> str:
    """A digest of what the diagnostics of ``round_`` read: its ratings and assignments (count and
    last change), so any rating, amendment or voided assignment changes it."""
    ratings = Rating.objects.filter(assignment__target__round=round_).aggregate(n=Count("pk"), last=Max("updated_at"))
    assignments = Assignment.objects.filter(target__round=round_).aggregate(last=Max("updated_at"))
    state = "\x1f".join(
        str(part) for part in (round_.pk, round_.updated_at, ratings["n"], ratings["last"], assignments["last"])
    )
    return hashlib.sha256(state.encode()).hexdigest()


def round_diagnostics(round_: Round) -> list[dict[str, Any]]:
    """``diagnostics`` of a stored round, read straight from its submitted ratings as floats (one
    query), without building the round's whole inputs. Computed each time: the office's page reads
    what the worker keeps (``evaluations.diagnostics``)."""
    framework = compute.parse_framework(round_.framework.spec)
    rules = compute.parse_rules(round_.rules, framework)
    rated = [key for key, panel in rules.panels.items() if panel.kind != PanelKind.DATA]
    rows = (
        Rating.objects.filter(
            assignment__target__round=round_,
            assignment__voided=False,
            status=RatingStatus.SUBMITTED,
            not_applicable=False,
            assignment__evaluator__panel__key__in=rated,
        )
        .annotate(text=Cast("value", output_field=CharField()))
        .values_list(
            "indicator",
            "assignment__evaluator__panel__key",
            "assignment__evaluator__pseudonym",
            "assignment__target__code",
            "text",
        )
    )
    cells: dict[tuple[str, str], dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for indicator, panel, evaluator, target, text in rows.iterator(chunk_size=5000):
        cells[(indicator, panel)][evaluator][target] = float(text)
    return _diagnose(framework, cells)


def _diagnose(
    framework: engine.Framework, cells: Mapping[tuple[str, str], Mapping[str, Mapping[str, float]]]
) -> list[dict[str, Any]]:
    report = []
    for (indicator, panel), matrix in sorted(cells.items()):
        if len(matrix) < 2:
            continue
        rule = framework.indicator(indicator).panels[panel]
        raters, table = reliability.panel_matrix(matrix)
        try:
            alpha = reliability.alpha_of(table)
        except (ValueError, ZeroDivisionError):
            alpha = float("nan")
        checks = [c for c in reliability.rater_checks_of(raters, table, step=1.0) if c.flagged]
        report.append(
            {
                "indicator": indicator,
                "panel": panel,
                "raters": len(matrix),
                "alpha": alpha,
                "flag": reliability.reliability_flag(alpha) if alpha == alpha else "",
                "mode": rule.mode,
                "flagged": checks,
            }
        )
    return report


def groups_of(payload: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Published rows by group, in rank order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, row in payload["targets"].items():
        groups[row["group"]].append({"key": key, **row})
    return {g: sorted(rows, key=lambda r: (r["rank"], r["key"])) for g, rows in sorted(groups.items())}


def distribution(rows: Sequence[Mapping[str, Any]], width: Decimal = Decimal(5)) -> list[tuple[Decimal, int]]:
    """Counts of totals in bins of ``width`` points, for the group charts."""
    bins: dict[Decimal, int] = defaultdict(int)
    for row in rows:
        total = Decimal(row["total"])
        bins[(total // width) * width] += 1
    return sorted(bins.items())


def offices_run_by(actor: Actor) -> QuerySet[Organization]:
    """The organizations whose evaluations ``actor`` may run: where they are an administrator or a
    secretary (a platform administrator: every office that has run a round, every site and ministry)."""
    user = actor.user
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    if is_platform_administrator(actor):
        return (
            Organization.objects.filter(
                Q(evaluation_rounds__isnull=False)
                | Q(site_slug__isnull=False)
                | Q(kind=OrganizationKind.NATIONAL_MINISTRY)
            )
            .distinct()
            .order_by("path")
        )
    roles = {OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY}
    return Organization.objects.filter(roles__user_id=user.pk, roles__role__in=roles).distinct().order_by("path")


def rounds_concerning(site: Organization) -> QuerySet[Round]:
    """Rounds run by an office of ``site`` or evaluating one of its organizations, newest first."""
    ids = Round.objects.filter(Q(office__site=site) | Q(office=site) | Q(targets__organization__site=site)).values("pk")
    return Round.objects.filter(pk__in=ids).select_related("office").order_by("-created_at", "-pk")


def concerns_site(round_: Round, site: Organization) -> bool:
    return rounds_concerning(site).filter(pk=round_.pk).exists()


def parents_for_enrolment() -> QuerySet[Organization]:
    """Organizations with organizations under them, for enrolling "everything under" one."""
    return Organization.objects.filter(children__isnull=False).distinct().order_by("path")


def evaluator_round_slug(user_pk: int) -> str | None:
    """The round (the most recent, if several) where this account sits on a panel and still has
    work to do, for the header's "My assignments" link."""
    open_statuses = (RoundStatus.PREPARING, RoundStatus.SCORING, RoundStatus.PROVISIONAL)
    slug = (
        Evaluator.objects.filter(user_id=user_pk, selected=True, panel__round__status__in=open_statuses)
        .order_by("-panel__round__created_at")
        .values_list("panel__round__slug", flat=True)
        .first()
    )
    return str(slug) if slug else None


@dataclass(frozen=True)
class IndicatorFacts:
    """An indicator of a framework as a report lists it: its field, key, name and points."""

    field: str
    key: str
    name: str
    points: str


def indicators_of(round_: Round) -> list[IndicatorFacts]:
    """The round's framework indicators, field by field, in the framework's order."""
    english = (get_language() or "ko").startswith("en")
    found: list[IndicatorFacts] = []
    for f in round_.framework.spec.get("fields", []):
        field_name = (f.get("name_en") if english else "") or f.get("name", f.get("key", ""))
        found.extend(
            IndicatorFacts(
                field_name,
                i["key"],
                (i.get("name_en") if english else "") or i.get("name", i["key"]),
                str(i.get("points", "")),
            )
            for i in f.get("indicators", [])
        )
    return found


@dataclass(frozen=True)
class GradeFacts:
    """A target's published grade in a round."""

    round: str
    target: str
    group: str
    rank: int
    grade: str
    total: str


def published_grades(site: Organization, *, first: dt.date, last: dt.date) -> list[GradeFacts]:
    """The newest published grades of the site's organizations (the site itself included) in
    every round whose results became final from ``first`` to ``last``: round by round (oldest
    first), then by group and rank."""
    rows: list[GradeFacts] = []
    for round_ in reversed(list(rounds_concerning(site))):
        version = latest_published(round_)
        if version is None:
            continue
        # The day results became final, as the round records it (else the day they were published).
        day = round_.final_on or timezone.localdate(version.created_at)
        if not first <= day <= last:
            continue
        ours = set(
            Target.objects.filter(round=round_)
            .filter(Q(organization=site) | Q(organization__site=site))
            .values_list("code", flat=True)
        )
        rows.extend(
            GradeFacts(round_.display_title, r["name"], r["group"], r["rank"], r.get("grade") or "", r["total"])
            for rs in groups_of(version.payload).values()
            for r in rs
            if r["key"] in ours
        )
    return rows
