from typing import Any

from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hyeopchi.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each domain's personal_data module adds its part of a person's download and of what an
        # account's deletion destroys (core.accounts), as Django's admin finds admin modules.
        autodiscover_modules("personal_data")
        _name_library_apps()
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(*, using: str = "default", **_kwargs: Any) -> None:
    """The database cache's table, made with the database (every ``migrate``), so a command that
    runs before the server (the demo loader, the worker) finds it."""
    call_command("createcachetable", database=using, verbosity=0)


def _name_library_apps() -> None:
    """Names, in the site's languages, for the libraries' parts the back office lists that their
    own translations leave in English (their other texts are in library_texts.py)."""
    names = {"axes": _("Sign-in lockouts"), "django_tasks_database": _("Background jobs"), "mfa": _("Two-step sign-in")}
    for label, name in names.items():
        if label in apps.app_configs:
            apps.app_configs[label].verbose_name = name
    if "mfa" in apps.app_configs:
        authenticator = apps.get_model("mfa", "Authenticator")
        meta = authenticator._meta
        meta.verbose_name, meta.verbose_name_plural = _("authenticator"), _("authenticators")
        for field, field_name in [
            ("user", _("account")),
            ("type", _("type")),
            ("data", _("data")),
            ("created_at", _("created at")),
            ("last_used_at", _("last used at")),
        ]:
            meta.get_field(field).verbose_name = field_name
