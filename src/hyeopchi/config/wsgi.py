"""WSGI entry point, served by gunicorn with whitenoise for static files."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyeopchi.config.settings")

application = get_wsgi_application()
