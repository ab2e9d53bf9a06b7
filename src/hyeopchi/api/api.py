"""The JSON API at /api/v1/: one router per domain, one error envelope.

No postponed annotations in the routers: django-ninja reads parameter types at run time.
"""

from ninja import NinjaAPI

from hyeopchi import __version__
from hyeopchi.api import budgeting, errors, evaluations, meetings, organizations, proposals, reports, tasks

api = NinjaAPI(
    title="hyeopchi API",
    version=__version__,
    description="협치 플랫폼 API. Errors share one envelope: "
    '`{"error": {"code", "message", "fields"}}`. Send `Accept-Language: en` for English.',
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)

for domain in (organizations, meetings, proposals, tasks, evaluations, budgeting, reports):
    api.add_router("/", domain.router)
