"""Upload rules: bounded count, size and type; stored under generated keys."""

from __future__ import annotations

import mimetypes
import unicodedata
from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.errors import ValidationError
from tickets.models import Attachment, Message

MAX_ATTACHMENTS_PER_MESSAGE = 5


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-255:] or "attachment"


def attachments_validate(uploads: Sequence[UploadedFile]) -> None:
    """Raise ValidationError (field ``attachment``) for the first upload that breaks a rule."""
    if len(uploads) > MAX_ATTACHMENTS_PER_MESSAGE:
        raise ValidationError(
            ngettext(
                "Attach at most %(count)d file.",
                "Attach at most %(count)d files.",
                MAX_ATTACHMENTS_PER_MESSAGE,
            )
            % {"count": MAX_ATTACHMENTS_PER_MESSAGE},
            field="attachment",
        )
    allowed = settings.HELPDESK_ATTACHMENT_EXTENSIONS
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    for upload in uploads:
        name = clean_filename(upload.name)
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in allowed:
            raise ValidationError(
                _("Files of this type cannot be attached. Allowed: %(types)s.")
                % {"types": ", ".join(allowed)},
                field="attachment",
            )
        if not upload.size:
            raise ValidationError(
                _("The file %(name)s is empty.") % {"name": name}, field="attachment"
            )
        if upload.size > limit:
            raise ValidationError(
                _("The file %(name)s is larger than %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)},
                field="attachment",
            )


def attachments_store(*, message: Message, uploads: Sequence[UploadedFile]) -> list[Attachment]:
    stored = []
    for upload in uploads:
        name = clean_filename(upload.name)
        # The type comes from the name we accepted, never from what the client claimed.
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=content_type,
            size=upload.size,
            created_at=message.created_at,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
