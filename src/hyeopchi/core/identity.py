"""Identity verification (본인확인): the interface a provider's adapter implements, and a signed
test double.

A site may send a person to an identity-verification service (휴대폰 본인확인, PASS, 공동인증서)
to confirm their date of birth and, where the provider gives it, their address. The platform keeps
only what eligibility needs: the date of birth and the administrative code of the area, never the
provider's CI/DI. The adapter is named by ``settings.HYEOPCHI_IDENTITY_VERIFIER`` (a dotted path to
a class); without one, attributes are set by staff or by an import.

An adapter has a ``name`` and two steps:

``begin(user_id=…, return_url=…) -> str``
    The address to send the person to. The provider sends them back to ``return_url`` with its
    answer in the query string.
``finish(user_id=…, answer=…) -> VerifiedIdentity``
    Checks the provider's answer (its signature, that it is about this person and fresh) and
    returns what it confirms; raises ``VerificationFailed`` otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.errors import DomainError


class VerificationFailed(DomainError):
    default_code = "core.verification_failed"
    default_message = gettext_lazy("The identity check did not succeed. Nothing was changed; try again.")


@dataclass(frozen=True)
class VerifiedIdentity:
    birth_date: dt.date | None = None
    residence_code: str = ""
    reference: str = ""  # the provider's transaction number, for the record


class IdentityVerifier(Protocol):
    name: str

    def begin(self, *, user_id: int, return_url: str) -> str: ...

    def finish(self, *, user_id: int, answer: Mapping[str, str]) -> VerifiedIdentity: ...


def configured_verifier() -> IdentityVerifier | None:
    path = getattr(settings, "HYEOPCHI_IDENTITY_VERIFIER", "")
    return import_string(path)() if path else None


class SignedTestVerifier:
    """A stand-in provider for tests and demonstrations: it "confirms" the date of birth and the
    area in ``settings.HYEOPCHI_TEST_IDENTITY`` by a signed answer bound to the account, so the whole
    round trip (and a forged or stale answer's refusal) runs without a real provider."""

    name = "test-double"
    salt = "hyeopchi.identity.test"
    max_age = 600

    def begin(self, *, user_id: int, return_url: str) -> str:
        confirmed: dict[str, Any] = dict(getattr(settings, "HYEOPCHI_TEST_IDENTITY", {}))
        token = signing.dumps({"user": user_id, **confirmed}, salt=self.salt)
        separator = "&" if "?" in return_url else "?"
        return f"{return_url}{separator}answer={token}"

    def finish(self, *, user_id: int, answer: Mapping[str, str]) -> VerifiedIdentity:
        try:
            data = signing.loads(answer.get("answer", ""), salt=self.salt, max_age=self.max_age)
        except signing.BadSignature as error:
            raise VerificationFailed from error
        if data.get("user") != user_id:
            raise VerificationFailed(message=_("This answer is about another account."))
        birth = data.get("birth_date")
        return VerifiedIdentity(
            birth_date=dt.date.fromisoformat(birth) if birth else None,
            residence_code=str(data.get("residence_code", "")),
            reference=str(data.get("reference", "test")),
        )
