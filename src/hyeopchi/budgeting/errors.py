from enum import StrEnum


class BudgetErrorCode(StrEnum):
    NOT_FOUND = "budgeting.not_found"
    NOT_ALLOWED = "budgeting.not_allowed"
    INVALID_PROCESS = "budgeting.invalid_process"
    INVALID_PHASES = "budgeting.invalid_phases"
    INVALID_HEADING = "budgeting.invalid_heading"
    INVALID_PROJECT = "budgeting.invalid_project"
    INVALID_BALLOT = "budgeting.invalid_ballot"
    NOT_ELIGIBLE = "budgeting.not_eligible"
    VOTING_CLOSED = "budgeting.voting_closed"
    ALREADY_VOTED = "budgeting.already_voted"
    NOT_TALLIED = "budgeting.not_tallied"
    INVALID_FILE = "budgeting.invalid_file"
