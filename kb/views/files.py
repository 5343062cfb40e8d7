"""Images and attachments of articles, only through this view: a file of an article the
visitor may read (agents: of any article, drafts included, as their editor shows them),
always as a download (an <img> still shows it) that no browser runs."""

from django.http import Http404
from django.views.decorators.http import require_GET

from kb.models import ArticleFile
from kb.selectors import articles_with_files_for
from tickets.views.files import download_response


@require_GET
def article_file(request, file_id: int, filename: str):
    file = (
        ArticleFile.objects.filter(pk=file_id, article__in=articles_with_files_for(request.user))
        .only("file", "filename", "content_type")
        .first()
    )
    if file is None or file.filename != filename:
        raise Http404
    return download_response(file.file, filename=file.filename, content_type=file.content_type)
