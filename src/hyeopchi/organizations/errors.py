from enum import StrEnum


class OrganizationErrorCode(StrEnum):
    NOT_FOUND = "organizations.not_found"
    NOT_ALLOWED = "organizations.not_allowed"
    INVALID_ORGANIZATION = "organizations.invalid_organization"
    INVALID_POST = "organizations.invalid_post"
    INVALID_MEMBERSHIP = "organizations.invalid_membership"
    POST_FULL = "organizations.post_full"
    ALREADY_HOLDS_POST = "organizations.already_holds_post"
    MEMBERSHIP_ENDED = "organizations.membership_ended"
    INVALID_RULE = "organizations.invalid_rule"
    ROLE_EXISTS = "organizations.role_exists"
    INVALID_ATTRIBUTE = "organizations.invalid_attribute"
    REQUEST_WAITING = "organizations.request_waiting"
    REQUEST_LIMIT = "organizations.request_limit"
    REQUEST_DECIDED = "organizations.request_decided"
