from __future__ import annotations

import io

from django.http import FileResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django_scopes import scope, scopes_disabled

from . import request_context


class OrganisationScopeMiddleware:
    """Runs the whole request, template rendering included, inside the user's organisation scope.

    Anonymous visitors and superusers without an organisation get an empty scope (an empty list:
    django-scopes treats None as "no filter", which would show everything), so any scoped query
    they reach returns nothing. Only the Django admin, for superusers, runs unscoped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        token = request_context.set_current(
            request_context.RequestContext(
                user=user,
                ip_address=request_context.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        )
        try:
            if user.is_authenticated and user.is_superuser and request.path.startswith("/admin/"):
                with scopes_disabled():
                    return self.get_response(request)
            organisation_id = getattr(user, "organisation_id", None) if user.is_authenticated else None
            organisations = organisation_id if organisation_id else []
            with scope(organisation=organisations):
                response = self.get_response(request)
            if response.streaming and not isinstance(response, FileResponse):
                # A streamed export (payroll, finance) reads its rows after the view has returned:
                # in the same scope, or its first scoped query would end the download mid-way.
                response.streaming_content = _in_scope(response.streaming_content, organisations)
            return response
        finally:
            request_context.reset_current(token)


def _in_scope(chunks, organisations):
    with scope(organisation=organisations):
        yield from chunks


class SignedInNoStoreMiddleware:
    """Every answer to a signed-in person, page or API, says `Cache-Control: no-store, private`.

    They carry people's records; on a shared computer (a library, a drop-in centre) the browser's
    cache and its Back button would show them to the next person. Static files are served by
    WhiteNoise before this runs and keep their long caching; the calendar feed is fetched without
    a sign-in and keeps its own short, private caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            response["Cache-Control"] = "no-store, private"
        return response


class UnreadableBodyMiddleware:
    """A multipart body that cannot be parsed (no boundary, a broken one) is a 400, not a 500.

    Django raises MultiPartParserError the first time request.POST is read, and for a POST that is
    the CSRF check (Django's for pages, django-ninja's for a signed-in API call), before any view
    could catch it. The parser checks the Content-Type and its boundary as it is made, before it
    reads anything, so making one here (over an empty stream) finds those errors without using up
    the body a view may still read. The API gets its usual JSON shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type.startswith("multipart/"):
            try:
                MultiPartParser(request.META, io.BytesIO(b""), [], request.encoding)
            except MultiPartParserError as error:
                message = f"The request body could not be read as multipart form data: {error}."
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message + " Send JSON instead."}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
