"""A site's organizations, posts and memberships as Popolo JSON (https://www.popoloproject.com/),
the open standard for who sits where in public bodies.

People are not named: a membership carries a pseudonymous ``person_id`` (a keyed hash of the
person's record, the same across exports while the site's secret key stays), so a reader can tell
that two seats are held by the same person, or follow a person's terms, without learning who it is
(개인정보 보호법 §2: a pseudonymised key instead of the name).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings

from hyeopchi.organizations import selectors as organizations
from hyeopchi.organizations.models import Organization

SCHEME_ADMIN_CODE = "행정표준코드 (시군구)"


def person_key(person_id: int) -> str:
    """The pseudonymous id of a person in the export."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"popolo-person:{person_id}".encode(), hashlib.sha256)
    return f"person-{digest.hexdigest()[:20]}"


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def popolo(site: Organization) -> dict[str, Any]:
    """The site's structure as a Popolo document: organizations, posts and memberships."""
    found, posts, memberships = organizations.site_structure(site)
    return {
        "organizations": [
            {
                "id": f"org-{o.pk}",
                "name": o.name,
                "other_names": [{"name": o.name_en, "note": "English"}] if o.name_en else [],
                "classification": o.kind,
                "parent_id": f"org-{o.parent_id}" if o.parent_id and o.pk != site.pk else None,
                "founding_date": _date(o.valid_from),
                "dissolution_date": _date(o.valid_to),
                "identifiers": [{"scheme": SCHEME_ADMIN_CODE, "identifier": o.admin_code}] if o.admin_code else [],
            }
            for o in found
        ],
        "posts": [
            {
                "id": f"post-{p.pk}",
                "label": p.name,
                "other_label": [p.name_en] if p.name_en else [],
                "role": p.role,
                "organization_id": f"org-{p.organization_id}",
            }
            for p in posts
        ],
        "memberships": [
            {
                "id": f"membership-{m.pk}",
                "person_id": person_key(m.person_id),
                "post_id": f"post-{m.post_id}",
                "organization_id": f"org-{m.post.organization_id}",
                "role": m.post.role,
                "start_date": _date(m.start_date),
                "end_date": _date(m.end_date),
                **({"on_behalf_of_id": f"org-{m.on_behalf_of_id}"} if m.on_behalf_of_id else {}),
            }
            for m in memberships
        ],
    }
