# expect: files
from pathlib import Path

from django.conf import settings
from django.http import FileResponse


def media(request):
    name = request.GET.get("name", "")
    return FileResponse(open(Path(settings.MEDIA_ROOT) / name, "rb"))
