"""Short messages to a contact that is a phone number or an e-mail address: e-mail goes through
Django's mail backend; a text message through the SMS gateway named by
``settings.HYEOPCHI_SMS_BACKEND`` (a dotted path to a class with ``send(to, body)``). The default,
``ConsoleSms``, prints the message, as Django's console mail backend does; ``LocmemSms`` keeps
them in ``outbox`` for tests. A deployment plugs in its carrier's or the city's gateway."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


class ConsoleSms:
    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{body}\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemSms:
    def send(self, to: str, body: str) -> None:
        outbox.append(TextMessage(to, body))


def is_email(contact: str) -> bool:
    return "@" in contact


def send_message(contact: str, subject: str, body: str) -> None:
    """Send ``body`` to ``contact``: by e-mail (with ``subject``) or as a text message."""
    if is_email(contact):
        send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, [contact])
        return
    gateway = import_string(getattr(settings, "HYEOPCHI_SMS_BACKEND", "hyeopchi.core.messaging.ConsoleSms"))()
    gateway.send(contact, f"{subject}\n{body}")
