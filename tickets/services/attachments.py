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
MAX_ATTACHMENTS_PER_EMAIL = 50


def clean_filename(name: str) -> str:
    """The last path component, without control characters, at most 255 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-255:] or "attachment"


def attachments_validate(uploads: Sequence[UploadedFile], *, channel: str = "") -> None:
    """Raise ValidationError (field ``attachment``) for the first upload that breaks a rule.

    Mail (``channel="email"``) brings whatever files people send, so any type is kept (every
    attachment is served as a download with nosniff and a sandbox) and more files are allowed;
    the size bound stays."""
    is_mail = channel == "email"
    most = MAX_ATTACHMENTS_PER_EMAIL if is_mail else MAX_ATTACHMENTS_PER_MESSAGE
    if len(uploads) > most:
        raise ValidationError(
            ngettext(
                "Attach at most %(count)d file.",
                "Attach at most %(count)d files.",
                most,
            )
            % {"count": most},
            field="attachment",
        )
    allowed = settings.HELPDESK_ATTACHMENT_EXTENSIONS
    limit = settings.HELPDESK_ATTACHMENT_MAX_BYTES
    for upload in uploads:
        name = clean_filename(upload.name)
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in allowed and not is_mail:
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
