"""A receipt as it arrives from a phone: checked by what it is (not what its name says), and for an
image re-encoded as a JPEG no bigger than 1,600 px on its longest side. Re-encoding drops every
bit of metadata the camera wrote, the location included."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC, the iPhone's own format
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is in requirements.txt
    pass

MAX_BYTES = 10 * 1024 * 1024
LONGEST_SIDE = 1600
# A photo of a receipt is a few megapixels; anything far bigger is a decompression bomb.
MAX_PIXELS = 60_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "HEIF", "HEIC", "MPO"}
FIELD = "receipt"


def _refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message})


def checked(upload) -> tuple[ContentFile, str]:
    """The receipt to store and its content type. Raises ValidationError naming the field."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refuse("The file is too big: it can be up to 10 MB. A photo from your phone is fine.")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse("The file is too big: it can be up to 10 MB. A photo from your phone is fine.")
    if not data:
        raise _refuse("The file is empty: take the photo again.")
    if data.startswith(b"%PDF-"):
        return ContentFile(data, name="receipt.pdf"), "application/pdf"
    return ContentFile(_shrunk_jpeg(data), name="receipt.jpg"), "image/jpeg"


def _shrunk_jpeg(data: bytes) -> bytes:
    not_a_receipt = "Upload a photo (JPEG, PNG or HEIC) or a PDF of the receipt."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise _refuse(not_a_receipt)
            if image.width * image.height > MAX_PIXELS:
                raise _refuse("That picture is far too large: take a photo of the receipt instead.")
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise _refuse(not_a_receipt) from None
    # Turn it the way the camera held it, then throw away everything but the pixels.
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()
