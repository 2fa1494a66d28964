"""Test settings: the base settings with only what tests must change."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from gcm_portal.settings import *  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tasks run as they are enqueued; the browser test of the report and the fault
# scripts (GCM_REAL_TASKS=1) run a real worker on the database queue.
if os.environ.get("GCM_REAL_TASKS") != "1":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
