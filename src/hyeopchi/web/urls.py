"""The public site and the workspace: each domain's pages in web/<domain>/urls.py.

Order matters only where addresses overlap: the site-wide addresses (accounts, audit, evaluations)
come before ``<site>/``, whose slug may not be "accounts", "audit" or "evaluations".
"""

from hyeopchi.web.accounts.urls import urlpatterns as accounts
from hyeopchi.web.audit.urls import urlpatterns as audit
from hyeopchi.web.budgeting.urls import urlpatterns as budgeting
from hyeopchi.web.evaluations.urls import urlpatterns as evaluations
from hyeopchi.web.meetings.urls import urlpatterns as meetings
from hyeopchi.web.organizations.urls import urlpatterns as organizations
from hyeopchi.web.proposals.urls import urlpatterns as proposals
from hyeopchi.web.reports.urls import urlpatterns as reports
from hyeopchi.web.tasks.urls import urlpatterns as tasks

app_name = "web"

urlpatterns = [*accounts, *audit, *evaluations, *organizations, *meetings, *proposals, *tasks, *budgeting, *reports]
