"""What an uploaded document may be: its type by extension and by its first bytes, and its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from hyeopchi.core.errors import ValidationFailedError

# 20 MiB: a scanned HWP agenda with images stays under it; a video does not belong here.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


@dataclass(frozen=True)
class DocumentType:
    media_type: str
    signatures: tuple[bytes, ...]


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "pdf": DocumentType("application/pdf", (b"%PDF-",)),
    "hwp": DocumentType("application/x-hwp", OLE),
    "hwpx": DocumentType("application/hwp+zip", ZIP),
    "xlsx": DocumentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "docx": DocumentType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "png": DocumentType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": DocumentType("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": DocumentType("image/jpeg", (b"\xff\xd8\xff",)),
}


def classify(filename: str, head: bytes) -> DocumentType | None:
    """The document's type if its extension is allowed and its first bytes agree, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    document_type = DOCUMENT_TYPES.get(extension)
    if document_type is None or not head.startswith(document_type.signatures):
        return None
    return document_type


def check_upload(upload: UploadedFile, *, code: str) -> DocumentType:
    """The upload's type, or ValidationFailedError on ``file`` for a refused size or type."""
    size = upload.size or 0
    if size > MAX_DOCUMENT_BYTES or size == 0:
        raise ValidationFailedError(code, fields={"file": [_("Files must be between 1 byte and 20 MB.")]})
    upload.seek(0)
    document_type = classify(upload.name or "", upload.read(16))
    upload.seek(0)
    if document_type is None:
        raise ValidationFailedError(
            code, fields={"file": [_("Only PDF, HWP, HWPX, XLSX, DOCX, PNG and JPEG files are accepted.")]}
        )
    return document_type
