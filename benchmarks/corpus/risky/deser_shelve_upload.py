# expect: deserialization
import pickle
from pathlib import Path

from django.http import JsonResponse


def import_preferences(request):
    upload = request.FILES["prefs"]
    prefs = pickle.load(upload)
    Path("/var/lib/acme/prefs").joinpath(str(request.user.pk)).write_text(repr(prefs))
    return JsonResponse({"ok": True})
