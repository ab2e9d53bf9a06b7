"""Every write to proposals, by sub-domain: proposals (writing, withdrawing, expiring, following),
ladders, supports (and debates), answers (and recommendations), moderation (and comments).

Each service runs in one transaction, leaves an audit event for each status change and sends its
notifications after commit. Supports and debate participation lock the proposal row, so counts and
the steps they trigger are exact under concurrent clients.

The public names are re-exported here, so callers import ``services`` and need not know the
sub-module.
"""

from hyeopchi.proposals.services._common import (
    BODY_MAX,
    COMMENT_MAX,
    COUNT_FIELDS,
    DEFAULT_ANSWER_DAYS,
    REPORTS_BEFORE_HIDING,
    TITLE_MAX,
    TITLE_MIN,
)
from hyeopchi.proposals.services.answers import give_answer, make_recommendation, promote, request_answer
from hyeopchi.proposals.services.ladders import create_ladder
from hyeopchi.proposals.services.moderation import (
    add_comment,
    block_user,
    delete_comment,
    edit_comment,
    moderate,
    report_content,
)
from hyeopchi.proposals.services.proposals import (
    create_proposal,
    edit_proposal,
    expire_overdue,
    follow,
    submit_proposal,
    withdraw_proposal,
)
from hyeopchi.proposals.services.supports import join_debate, support, withdraw_support

__all__ = [
    "BODY_MAX",
    "COMMENT_MAX",
    "COUNT_FIELDS",
    "DEFAULT_ANSWER_DAYS",
    "REPORTS_BEFORE_HIDING",
    "TITLE_MAX",
    "TITLE_MIN",
    "add_comment",
    "block_user",
    "create_ladder",
    "create_proposal",
    "delete_comment",
    "edit_comment",
    "edit_proposal",
    "expire_overdue",
    "follow",
    "give_answer",
    "join_debate",
    "make_recommendation",
    "moderate",
    "promote",
    "report_content",
    "request_answer",
    "submit_proposal",
    "support",
    "withdraw_proposal",
    "withdraw_support",
]
