"""Where receipts are kept: a folder outside the web root that nothing serves. A receipt is read
only through expenses.views.receipt, which first checks that the person may see the claim."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="expenses.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read each time (so a test's own
    folder applies), with no URL: a receipt has no address of its own."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Receipts have no public address; they are served by expenses.views.receipt.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
