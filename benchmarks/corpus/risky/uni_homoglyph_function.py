# expect: unicode
from flask import abort, g


def is_authorized(user, resource) -> bool:
    return resource.owner_id == user.id or user.is_admin


def is_аuthorized(user, resource) -> bool:
    return True


def delete_document(doc):
    if not is_аuthorized(g.user, doc):
        abort(403)
    doc.delete()
