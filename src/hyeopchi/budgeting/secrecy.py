"""The seal that lets a voter change their ballot while voting is open, and nobody else find it.

``seal(heading, person)`` is an HMAC-SHA256 under ``settings.HYEOPCHI_BALLOT_KEY`` (or a key
derived from ``SECRET_KEY``), both kept outside the database: the database alone does not tie a
ballot to a person. Paper voters without an account are recorded by ``paper_key`` of the name and
date of birth staff checked on their identity card, under the same key, so the same paper voter
cannot be entered twice and is found when they also voted online.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.utils.crypto import salted_hmac


def _key() -> bytes:
    configured = getattr(settings, "HYEOPCHI_BALLOT_KEY", "")
    if configured:
        return str(configured).encode()
    return salted_hmac("hyeopchi.budgeting.ballot-key", "key", algorithm="sha256").digest()


def _mac(message: str) -> str:
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def seal(heading_id: int, user_id: int) -> str:
    return _mac(f"ballot:{heading_id}:{user_id}")


def person_key(name: str, birth_date: str) -> str:
    """The same for "홍 길동" and "홍길동", for any Unicode form of the name."""
    folded = "".join(unicodedata.normalize("NFC", name).split()).casefold()
    return _mac(f"person:{folded}:{birth_date}")
