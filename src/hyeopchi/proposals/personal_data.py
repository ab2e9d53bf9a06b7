"""A person's proposals, comments, supports and follows, for their download; on deletion of the
account, what they follow is forgotten (what they wrote and supported stays, unnamed)."""

from __future__ import annotations

from typing import Any

from hyeopchi.core import accounts
from hyeopchi.proposals.models import Comment, Follow, Proposal, Support


def collect(user: Any) -> dict[str, Any]:
    return {
        "proposals": [
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "submitted_at": p.submitted_at and p.submitted_at.isoformat(),
            }
            for p in Proposal.objects.filter(author_user=user).order_by("pk")
        ],
        "comments": [
            {"proposal": c.proposal_id, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).order_by("pk")
        ],
        "supports": [
            {"proposal": s.proposal_id, "created_at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).order_by("pk")
        ],
        "follows": list(Follow.objects.filter(user=user).order_by("pk").values_list("proposal_id", flat=True)),
    }


def forget(sender: Any, user: Any, **kwargs: Any) -> None:
    Follow.objects.filter(user=user).delete()


accounts.register_personal_data("proposals", collect)
accounts.account_deleted.connect(forget, dispatch_uid="proposals.forget")
