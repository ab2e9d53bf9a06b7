"""Who acts: a signed-in user, an anonymous visitor, or the system (CLI and jobs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Actor:
    """The party a service acts for; permission checks and audit events read it."""

    user: AbstractBaseUser | AnonymousUser | None
    system_reason: str = ""

    @classmethod
    def for_user(cls, user: AbstractBaseUser | AnonymousUser) -> Actor:
        return cls(user=user)

    @classmethod
    def system(cls, reason: str) -> Actor:
        """The platform itself acting, e.g. ``Actor.system("cli:demo")``."""
        return cls(user=None, system_reason=reason)

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and bool(self.user.is_authenticated)

    @property
    def user_pk(self) -> int | None:
        if self.user is None or not self.user.is_authenticated:
            return None
        return int(self.user.pk)

    @property
    def label(self) -> str:
        if self.user is None:
            return f"system:{self.system_reason}"
        if not self.user.is_authenticated:
            return "anonymous"
        return f"user:{self.user.get_username()}"
