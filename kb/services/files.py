"""Images and attachments of articles: the same upload rules as tickets' attachments (type,
size, a generated storage key); served only by kb.views.files."""

from __future__ import annotations

import mimetypes

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kb.models import Article, ArticleFile
from tickets.services.attachments import attachments_validate, clean_filename

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@transaction.atomic
def article_file_add(*, article: Article, upload: UploadedFile) -> ArticleFile:
    """ValidationError (field ``attachment``) for a file the rules refuse."""
    attachments_validate([upload])
    name = clean_filename(upload.name)
    # The type comes from the name we accepted, never from what the client claimed.
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = ArticleFile(
        article=article, filename=name, content_type=content_type, size=upload.size
    )
    stored.file.save(name, upload, save=False)
    stored.save()
    return stored


def markdown_for(file: ArticleFile) -> str:
    """What to paste into the article to show (an image) or link (anything else) the file."""
    from django.urls import reverse

    url = reverse("kb-file", args=[file.pk, file.filename])
    prefix = "!" if file.content_type in IMAGE_TYPES else ""
    return f"{prefix}[{file.filename}]({url})"
