from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "hyeopchi.proposals"
    label = "proposals"
    verbose_name = _("Proposals")
    default_auto_field = "django.db.models.BigAutoField"
