from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "hyeopchi.proposals"
    label = "proposals"
    verbose_name = _("Proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A person's part of their data download and what their account deletion destroys.
        from hyeopchi.core import accounts  # noqa: PLC0415
        from hyeopchi.proposals import personal_data  # noqa: PLC0415

        accounts.register_personal_data("proposals", personal_data.collect)
        accounts.account_deleted.connect(personal_data.forget, dispatch_uid="proposals.forget")
