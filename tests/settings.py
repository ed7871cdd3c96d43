import tempfile

from alongside.settings import *  # noqa: F403

# Fast by default: a cheap hasher and tasks run at once unless a test is about the worker.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
DEBUG = False
MATCHING_POOL_CACHE_SECONDS = 0  # each test sees its own data; tests/matching turns it on to test the cache
# In memory, so no test reads a pool another run left behind.
CACHES = {**CACHES, "matching": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
# Receipts go to a folder of the test run's own, never the developer's private-media.
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="alongside-private-")
