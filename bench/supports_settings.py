"""Settings for bench_supports.py: the site as deployed, plus the one-INSERT baseline view."""

from hyeopchi.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.supports_urls"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
