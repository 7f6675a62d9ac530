# lookalike: crypto
import hashlib

from flask import Response, request


def with_etag(body: bytes, mimetype: str = "application/json") -> Response:
    etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
    if request.if_none_match.contains(etag):
        return Response(status=304)
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    return response
