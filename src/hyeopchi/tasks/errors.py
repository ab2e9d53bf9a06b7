from enum import StrEnum


class TaskErrorCode(StrEnum):
    NOT_FOUND = "tasks.not_found"
    NOT_ALLOWED = "tasks.not_allowed"
    INVALID_TASK = "tasks.invalid_task"
    INVALID_REPORT = "tasks.invalid_report"
    INVALID_ROLLUP = "tasks.invalid_rollup"
    INVALID_STATUS = "tasks.invalid_status"
    ALREADY_HAS_TASK = "tasks.already_has_task"
    EVIDENCE_REFUSED = "tasks.evidence_refused"
    INVALID_IMPORT = "tasks.invalid_import"
