"""Which status a proposal may move to from each status."""

from hyeopchi.proposals.enums import ProposalStatus as S

_ANSWERS = frozenset({S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.NOT_ACCEPTED})

PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # Departments answer proposals below every threshold too (바로소통광주 since 2020-03-30).
    S.SUBMITTED: frozenset({S.DEBATE, S.UNDER_REVIEW, S.WITHDRAWN, S.EXPIRED}) | _ANSWERS,
    S.DEBATE: frozenset({S.UNDER_REVIEW, S.WITHDRAWN, S.EXPIRED}) | _ANSWERS,
    # A later step may open a public forum after a department's answer (민주주의 서울).
    S.UNDER_REVIEW: frozenset({S.DEBATE, S.WITHDRAWN}) | _ANSWERS,
    S.EXPIRED: _ANSWERS,
    S.ACCEPTED: frozenset(),
    S.PARTIALLY_ACCEPTED: frozenset(),
    S.NOT_ACCEPTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
