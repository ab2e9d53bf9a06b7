from enum import StrEnum


class ProposalErrorCode(StrEnum):
    NOT_FOUND = "proposals.not_found"
    NOT_ALLOWED = "proposals.not_allowed"
    INVALID_PROPOSAL = "proposals.invalid_proposal"
    INVALID_LADDER = "proposals.invalid_ladder"
    CLOSED = "proposals.closed"
    ALREADY_SUPPORTED = "proposals.already_supported"
    NOT_SUPPORTED = "proposals.not_supported"
    OWN_PROPOSAL = "proposals.own_proposal"
    BLOCKED = "proposals.blocked"
    ALREADY_REPORTED = "proposals.already_reported"
    INVALID_COMMENT = "proposals.invalid_comment"
    INVALID_ANSWER = "proposals.invalid_answer"
    NOT_EDITABLE = "proposals.not_editable"
