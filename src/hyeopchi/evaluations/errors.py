"""The codes of the evaluations domain's refusals; stable once released."""

from enum import StrEnum


class EvaluationErrorCode(StrEnum):
    NOT_FOUND = "evaluations.not_found"
    NOT_ALLOWED = "evaluations.not_allowed"
    INVALID = "evaluations.invalid"
    INVALID_TRANSITION = "evaluations.invalid_transition"
    FRAMEWORK_PUBLISHED = "evaluations.framework_published"
    FINAL = "evaluations.final"
    DRAWN = "evaluations.drawn"
    NOT_SCORING = "evaluations.not_scoring"
    NO_APPEALS = "evaluations.no_appeals"
    DECIDED = "evaluations.decided"
    RATINGS_REFUSED = "evaluations.ratings_refused"
    DATA_REFUSED = "evaluations.data_refused"
    FILE_REFUSED = "evaluations.file_refused"
    MATERIAL_REFUSED = "evaluations.material_refused"
