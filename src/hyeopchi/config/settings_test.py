"""Test settings: a fast hasher, in-memory mail, lockout on and fast, rate limits out of the way
(tests of the limits set them)."""

from __future__ import annotations

from hyeopchi.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HYEOPCHI_SMS_BACKEND = "hyeopchi.core.messaging.LocmemSms"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3
# A counter in the database cache outlives a browser test's flushed tables.
RATE_LIMITS = {
    scope: dict.fromkeys(kinds, "100000/600")
    for scope, kinds in RATE_LIMITS.items()  # noqa: F405
}
# Tests that anchor the audit chain give their own file.
AUDIT_ANCHOR_FILE = None
# A queued job runs at once, inside the request that queued it.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
