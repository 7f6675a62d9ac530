# expect: injection
import subprocess

from django.http import HttpResponse


def git_blame(request):
    path = request.GET["path"]
    output = subprocess.run(["bash", "-c", "git blame " + path], capture_output=True, text=True)
    return HttpResponse(output.stdout, content_type="text/plain")
