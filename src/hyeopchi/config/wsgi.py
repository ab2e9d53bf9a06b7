"""WSGI entry point, served by gunicorn with whitenoise for static files."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyeopchi.config.settings")

application = get_wsgi_application()

# The Korean analyser loads here, so gunicorn's workers (forked after this with --preload) share it
# and no request waits for it (ADR 11).
from hyeopchi.core.korean import warm_up  # noqa: E402

warm_up()
