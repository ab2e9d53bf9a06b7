"""Which status an evaluation round may move to from each status."""

from hyeopchi.evaluations.enums import RoundStatus as S

ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PREPARING}),
    S.PREPARING: frozenset({S.SCORING}),
    S.SCORING: frozenset({S.PROVISIONAL}),
    S.PROVISIONAL: frozenset({S.FINAL}),
    S.FINAL: frozenset(),
}
