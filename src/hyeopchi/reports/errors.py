from enum import StrEnum


class ReportErrorCode(StrEnum):
    NOT_FOUND = "reports.not_found"
    NOT_ALLOWED = "reports.not_allowed"
    INVALID_PAPER = "reports.invalid_paper"
    INVALID_PASSAGE = "reports.invalid_passage"
    INVALID_VOICE = "reports.invalid_voice"
    INVALID_EDITION = "reports.invalid_edition"
    INVALID_REVIEW = "reports.invalid_review"
