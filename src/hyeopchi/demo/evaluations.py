"""The evaluation demo: the 2020 national innovation evaluation of 243 local governments, the
2020 disaster-management evaluation, and Gwangju's 2024 evaluation of its institutions.

Seed 001: 243 bodies (광역 17, 기초 226), 5 fields and 14 indicators, an expert panel and a citizen
panel, grades 우수/보통/미흡 with special grants; Gwangju 우수. The disaster-management evaluation
grades 30:60:10 (reference/evaluation.md §15). Seed 003: Gwangju's institutions evaluated by
citizens and stakeholders, with incentives. Indicator names follow the reported 2020 changes; the
handbook itself was not seen, so points per indicator are the demo's. Ratings and figures are
synthetic and deterministic (SHA-256 of a name), so every load gives the same results; persons
are invented placeholders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from hyeopchi.demo.data.evaluations import (
    CORPORATIONS,
    GROUP_MEAN,
    GWANGJU_FRAMEWORK,
    GWANGJU_RULES,
    GWANGJU_SEED,
    LOCAL_GOVERNMENTS,
    NATIONAL_FRAMEWORK,
    NATIONAL_RULES,
    NATIONAL_SEED,
    SAFETY_FRAMEWORK,
    SAFETY_RULES,
    SAFETY_SEED,
)
from hyeopchi.evaluations import compute, services
from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.enums import PanelKind, Remedy, RoundStatus
from hyeopchi.evaluations.models import Evaluator, Framework, Panel, Round, Target
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader


D = dt.date


def unit(*parts: object) -> Decimal:
    """A deterministic number in [0, 1) from its name."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return Decimal(int(digest[:12], 16)) / Decimal(16**12)


def level(latent: Decimal, low: int, high: int) -> Decimal:
    return min(max(latent.quantize(Decimal(1), ROUND_HALF_UP), Decimal(low)), Decimal(high))


def percent(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class EvaluationsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def load(self) -> None:
        office = Organization.objects.get(name="행정안전부", parent=None)
        targets = self.local_governments()
        self.loader.role(self.loader.user("evaluation-office"), office, OrganizationRoleName.SECRETARY)
        if not Round.objects.filter(slug="innovation-2020").exists():
            self.national(office, targets)
            self.loader.stats.count("evaluation rounds")
        if not Round.objects.filter(slug="disaster-2020").exists():
            self.safety(office, targets)
            self.loader.stats.count("evaluation rounds")
        if not Round.objects.filter(slug="gwangju-institutions-2024").exists():
            self.gwangju()
            self.loader.stats.count("evaluation rounds")

    def local_governments(self) -> list[tuple[Organization, str, str, str]]:
        """(organization, display name, innovation group, safety group) for the 243 bodies."""
        rows = []
        for order, (name, name_en, safety_group, basics) in enumerate(LOCAL_GOVERNMENTS):
            metro = self.loader.org(name, K.METROPOLITAN_GOVERNMENT, name_en=name_en, sort_order=100 + order)
            rows.append((metro, name, "광역", safety_group))
            for position, basic in enumerate(basics.split()):
                # 광명시 already has its own site in the demo (seed 004): the same body.
                site = Organization.objects.filter(name=basic, site_slug__isnull=False).first()
                org = site or self.loader.org(basic, K.BASIC_GOVERNMENT, metro, sort_order=position)
                rows.append((org, f"{name} {basic}", basic[-1], basic[-1]))
        return rows

    def framework(self, office: Organization, spec: dict[str, Any]) -> Framework:
        existing = Framework.objects.filter(title=spec["title"], version=1).first()
        if existing is not None:
            return existing
        framework = services.create_framework(actor=self.actor, office=office, title=spec["title"], spec=spec)
        return services.publish_framework(actor=self.actor, framework=framework)

    def targets(self, round_: Round, rows: list[tuple[Organization, str, str]]) -> list[Target]:
        return services.enrol_targets(
            actor=self.actor,
            round_=round_,
            targets=[
                services.TargetSpec(organization=org, code=f"T{n:03d}", name=name, group=group)
                for n, (org, name, group) in enumerate(rows, start=1)
            ],
        )

    def quality(self, round_slug: str, target: Target) -> Decimal:
        mean = GROUP_MEAN.get(target.group, Decimal("0.75"))
        boost = Decimal("0.2") if target.name == "광주광역시" else Decimal(0)
        return mean + boost + (unit(round_slug, target.name) - Decimal("0.5")) * Decimal("0.36")

    # -- 2020 innovation evaluation -----------------------------------------------------------

    def national(self, office: Organization, lgs: list[tuple[Organization, str, str, str]]) -> None:
        framework = self.framework(office, NATIONAL_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=office,
            slug="innovation-2020",
            framework=framework,
            title="2020년 지방자치단체 정부혁신평가",
            title_en="2020 local government innovation evaluation",
            rules=NATIONAL_RULES,
            calendar={
                "draw_on": D(2020, 9, 1),
                "scoring_from": D(2020, 9, 7),
                "scoring_until": D(2020, 10, 16),
                "provisional_on": D(2020, 11, 20),
                "appeal_until": D(2020, 11, 27),
                "final_on": D(2020, 12, 27),
            },
            panels=[
                {
                    "key": "expert",
                    "kind": PanelKind.EXPERT,
                    "title": "정부혁신평가단",
                    "title_en": "Expert panel",
                    "per_target": 5,
                },
                {
                    "key": "citizen",
                    "kind": PanelKind.CITIZEN,
                    "title": "국민평가단",
                    "title_en": "Citizen panel",
                    "per_target": 20,
                    "residence_conflicts": True,
                },
                {"key": "data", "kind": PanelKind.DATA, "title": "정량 자료", "title_en": "Data", "per_target": 0},
            ],
        )
        round_.description = (
            "전국 243개 지자체(광역 17, 기초 226)를 5개 분야 14개 지표로 평가한다. 전문가 중심 정부혁신평가단과 "
            "국민평가단이 지표별로 점수를 매기고, 광역·시·군·구 유형별로 약 4분의 1을 우수 등급으로 정한다. "
            "평점과 정량 수치는 데모용 합성 자료다."
        )
        round_.save(update_fields=["description"])
        targets = self.targets(round_, [(o, n, g) for o, n, g, _s in lgs])
        for target in targets:
            quality = self.quality("innovation-2020", target)
            target.previous_total = (quality * 100 - 4 + (unit("prev", target.name) - Decimal("0.5")) * 12).quantize(
                Decimal("0.01")
            )
            if unit("bonus", target.name) > Decimal("0.8"):
                target.extras = {"B1": str((unit("b1", target.name) * 3).quantize(Decimal("0.1")))}
        Target.objects.bulk_update(targets, ["previous_total", "extras"])
        expert = Panel.objects.get(round=round_, key="expert")
        citizen = Panel.objects.get(round=round_, key="citizen")
        institute = self.loader.org(
            "한국지방행정연구원", K.PUBLIC_INSTITUTION, name_en="Korea Research Institute for Local Administration"
        )
        by_name = {t.name: t for t in targets}
        experts = []
        for n in range(1, 61):
            experts.append(
                Evaluator(
                    panel=expert,
                    pseudonym=f"E{n:02d}",
                    name=f"전문가 {n:02d}",
                    expertise=("광역,시" if n % 3 == 0 else "군,구" if n % 3 == 1 else "시,군"),
                    affiliation=institute if n in (5, 6) else None,
                    employment=(
                        [{"organization": by_name["광주광역시"].organization_id, "until": 2019}]
                        if n == 7
                        else [{"organization": by_name["경기도 수원시"].organization_id, "until": 2015}]
                        if n == 8
                        else []
                    ),
                )
            )
        experts[0].user = self.loader.user("evaluator")
        services.add_evaluators(actor=self.actor, panel=expert, evaluators=experts)
        metros = [o for o, _n, g, _s in lgs if g == "광역"]
        citizens = []
        for n in range(1, 201):
            region = metros[int(unit("region", n) * len(metros))]
            citizens.append(
                Evaluator(
                    panel=citizen,
                    pseudonym=f"C{n:03d}",
                    name=f"국민평가단 {n:03d}",
                    residence=region,
                    region=region.name,
                    gender="여" if unit("gender", n) < Decimal("0.5") else "남",
                    age_band=["20대", "30대", "40대", "50대", "60대+"][int(unit("age", n) * 5)],
                    selected=False,
                )
            )
        services.add_evaluators(actor=self.actor, panel=citizen, evaluators=citizens)
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        services.draw_citizens(actor=self.actor, panel=citizen, size=120, seed=NATIONAL_SEED)
        services.detect_conflicts(actor=self.actor, round_=round_)
        round_ = services.commit_seed(actor=self.actor, round_=round_, commitment=commitment(NATIONAL_SEED))
        services.run_draw(actor=self.actor, round_=round_, seed=NATIONAL_SEED)
        round_ = services.move_round(actor=self.actor, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING)
        self.figures(round_, targets, ["I03", "I07", "I11", "I12"])
        services.figures_from_tasks(actor=self.actor, round_=round_, indicator="I03", until=D(2020, 10, 16))
        self.ratings(round_, {"expert": (Decimal("0.3"), Decimal("0.5")), "citizen": (Decimal(0), Decimal("1.2"))})
        provisional = services.publish_provisional(actor=self.actor, round_=round_)
        # The first 구 below the 우수 seats appeals a figure left out of its participatory budget.
        seats = sum(
            1 for row in provisional.payload["targets"].values() if row["group"] == "구" and row["grade"] == "우수"
        )
        code = next(
            k for k, row in provisional.payload["targets"].items() if row["group"] == "구" and row["rank"] == seats + 1
        )
        appellant = next(t for t in targets if t.code == code)
        appeal = services.file_appeal(
            actor=self.actor,
            target=appellant,
            ground="data",
            indicator="I07",
            text="주민참여예산 운영성과 자료에서 2020년 하반기 실적이 빠졌습니다.",
            today=D(2020, 11, 24),
        )
        services.decide_appeal(
            actor=self.actor,
            appeal=appeal,
            uphold=True,
            remedy=Remedy.CORRECT_DATA,
            decision="하반기 실적을 확인해 수치를 정정하고 같은 유형을 다시 계산했습니다.",
            figures={"I07": Decimal(100)},
        )
        services.finalise(actor=self.actor, round_=Round.objects.get(pk=round_.pk))

    def figures(self, round_: Round, targets: list[Target], indicators: list[str]) -> None:
        services.set_figures(
            actor=self.actor,
            round_=round_,
            source="데모 합성 자료",
            figures={
                (t.code, key): percent(
                    self.quality(round_.slug, t) * 100 + (unit(round_.slug, key, t.code) - Decimal("0.5")) * 30
                )
                for t in targets
                for key in indicators
            },
        )

    def ratings(self, round_: Round, scales: dict[str, tuple[Decimal, Decimal]]) -> int:
        """Synthetic ratings of every valid, unrated assignment: the target's quality on the indicator's
        scale, plus the rater's lean and noise (``scales``: panel → (lean, noise) in scale
        steps), rounded to a level of the scale."""
        framework = compute.parse_framework(round_.framework.spec)
        quality = {t.code: self.quality(round_.slug, t) for t in round_.targets.all()}
        rows = []
        # Assignments already rated (e.g. by hand in the browser) are left as they are.
        pairs = Target.objects.filter(
            round=round_, assignments__voided=False, assignments__ratings__isnull=True
        ).values_list("assignments__evaluator__panel__key", "assignments__evaluator__pseudonym", "code")
        for panel, pseudonym, code in pairs.order_by("code", "assignments__evaluator__pseudonym"):
            lean_size, noise = scales[panel]
            lean = (unit("lean", round_.slug, pseudonym) - Decimal("0.5")) * 2 * lean_size
            for indicator in framework.indicators:
                rule = indicator.panels.get(panel)
                if rule is None:
                    continue
                low, high = {"rubric": (1, rule.levels), "survey": (1, rule.scale), "checklist": (0, rule.items)}[
                    rule.mode
                ]
                jitter = (unit(round_.slug, pseudonym, code, indicator.key) - Decimal("0.5")) * 2 * noise
                latent = low + quality[code] * (high - low) + lean + jitter
                rows.append(compute.Rating(panel, pseudonym, code, indicator.key, level(latent, low, high)))
        return services.import_ratings(actor=self.actor, round_=round_, ratings=rows)

    # -- 2020 disaster-management evaluation --------------------------------------------------

    def safety(self, office: Organization, lgs: list[tuple[Organization, str, str, str]]) -> None:
        framework = self.framework(office, SAFETY_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=office,
            slug="disaster-2020",
            framework=framework,
            title="2020년 재난관리평가",
            title_en="2020 disaster management evaluation",
            rules=SAFETY_RULES,
            calendar={"provisional_on": D(2020, 11, 6), "appeal_until": D(2020, 11, 13), "final_on": D(2020, 12, 1)},
            panels=[{"key": "data", "kind": PanelKind.DATA, "title": "평가 자료", "per_target": 0}],
        )
        round_.description = (
            "6개 분야를 특·광역시·도·시·군·구 유형별로 평가해 우수:보통:미흡을 30:60:10으로 나누고, "
            "크게 개선한 기관을 노력기관으로 정한다. 협업·거버넌스 25% 미만은 과락으로 미흡이 되고 그 자리는 "
            "다음 기관에 돌아간다. 수치는 데모용 합성 자료다."
        )
        round_.save(update_fields=["description"])
        targets = self.targets(round_, [(o, n, s) for o, n, _g, s in lgs])
        for target in targets:
            target.previous_total = (
                self.quality("disaster-2020", target) * 100 - 3 + (unit("p", target.code) - Decimal("0.5")) * 14
            ).quantize(Decimal("0.01"))
        Target.objects.bulk_update(targets, ["previous_total"])
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        round_ = services.commit_seed(
            actor=self.actor, round_=Round.objects.get(pk=round_.pk), commitment=commitment(SAFETY_SEED)
        )
        services.run_draw(actor=self.actor, round_=round_, seed=SAFETY_SEED)
        round_ = services.move_round(actor=self.actor, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING)
        self.figures(round_, targets, [f"S{n}" for n in range(1, 7)])
        # The best city falls below the 25 % minimum of 협업·거버넌스 (과락): its 우수 seat goes to the next.
        best = max((t for t in targets if t.group == "시"), key=lambda t: (self.quality("disaster-2020", t), t.code))
        services.set_figures(
            actor=self.actor,
            round_=round_,
            figures={(best.code, "S6"): Decimal("20")},
            source="데모 합성 자료 (과락 예시)",
        )
        services.publish_provisional(actor=self.actor, round_=round_)
        services.finalise(actor=self.actor, round_=Round.objects.get(pk=round_.pk))

    # -- Gwangju 2024: institutions by citizens and stakeholders ------------------------------

    def gwangju(self) -> None:
        city = Organization.objects.get(site_slug="gwangju")
        group = Organization.objects.get(parent=city, name="공공기관")
        framework = self.framework(city, GWANGJU_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=city,
            slug="gwangju-institutions-2024",
            framework=framework,
            title="2024 광주광역시 공공기관 동행 평가",
            title_en="2024 Gwangju public institutions evaluation",
            rules=GWANGJU_RULES,
            calendar={
                "draw_on": D(2024, 10, 1),
                "scoring_from": D(2024, 10, 7),
                "scoring_until": D(2024, 11, 8),
                "provisional_on": D(2024, 11, 22),
                "final_on": D(2024, 12, 13),
            },
            panels=[
                {
                    "key": "stakeholder",
                    "kind": PanelKind.EXPERT,
                    "title": "이해관계자 평가단",
                    "title_en": "Stakeholder panel",
                    "per_target": 3,
                },
                {
                    "key": "citizen",
                    "kind": PanelKind.CITIZEN,
                    "title": "시민평가단",
                    "title_en": "Citizen panel",
                    "per_target": 8,
                },
                {
                    "key": "data",
                    "kind": PanelKind.DATA,
                    "title": "협업사업 실적",
                    "title_en": "Joint project data",
                    "per_target": 0,
                },
            ],
        )
        round_.description = (
            "시-공공기관 동행 전략에 따라 시민평가단과 이해관계자 평가단이 20개 공공기관을 평가한다. "
            "가(90 이상)·나(85)·다(80)·라(75)·마 절대 기준으로 등급을 정하고, 가·나·다 기관에 인센티브를 준다. "
            f"데모의 추첨 시드는 ‘{GWANGJU_SEED}’이며 공약값은 미리 공개되어 있다. "
            "데모에서 직접 진행해 볼 수 있도록 이의신청 마감일은 두지 않았다(실제 일정은 7일)."
        )
        round_.save(update_fields=["description"])
        institutions = list(Organization.objects.filter(parent=group).order_by("sort_order"))
        rows = [(o, o.name, "공사·공단" if o.name in CORPORATIONS else "출자·출연기관") for o in institutions]
        targets = self.targets(round_, rows)
        stakeholder = Panel.objects.get(round=round_, key="stakeholder")
        citizen = Panel.objects.get(round=round_, key="citizen")
        members = [
            Evaluator(panel=stakeholder, pseudonym=f"S{n:02d}", name=f"이해관계자 {n:02d}") for n in range(1, 13)
        ]
        members[0].user = self.loader.user("gwangju-evaluator")
        members[1].employment = [{"organization": institutions[0].pk, "until": 2023}]
        services.add_evaluators(actor=self.actor, panel=stakeholder, evaluators=members)
        services.add_evaluators(
            actor=self.actor,
            panel=citizen,
            evaluators=[
                Evaluator(
                    panel=citizen,
                    pseudonym=f"R{n:02d}",
                    name=f"시민평가단 {n:02d}",
                    region="광주광역시",
                    gender="여" if n % 2 else "남",
                    age_band=["20대", "30대", "40대", "50대", "60대+"][n % 5],
                )
                for n in range(1, 41)
            ],
        )
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        services.detect_conflicts(actor=self.actor, round_=round_)
        services.commit_seed(
            actor=self.actor, round_=Round.objects.get(pk=round_.pk), commitment=commitment(GWANGJU_SEED)
        )
        self.figures(round_, targets, ["J1"])
