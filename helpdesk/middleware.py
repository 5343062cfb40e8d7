from django.views.defaults import page_not_found, permission_denied

from helpdesk.errors import NotFound, PermissionDenied


class DomainErrorMiddleware:
    """HTML views let NotFound / PermissionDenied from selectors and services propagate; they
    become the ordinary 404 and 403 pages here. (The API has its own handler.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        return None
