"""Attachments leave only through these views: permission-checked, always as a download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from helpdesk.http import token_page
from tickets.models import Attachment
from tickets.selectors import attachment_get_for_tracking, attachment_get_for_user


def download_response(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download that no browser will render in place."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    return download_response(
        attachment.file, filename=attachment.filename, content_type=attachment.content_type
    )


@require_GET
@login_required
def attachment(request, attachment_id):
    return attachment_response(
        attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    )


@require_GET
@token_page
def tracking_attachment(request, reference, token, attachment_id):
    return attachment_response(
        attachment_get_for_tracking(reference=reference, token=token, attachment_id=attachment_id)
    )
