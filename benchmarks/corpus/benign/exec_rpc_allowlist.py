# lookalike: code-execution
import json
import shutil

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from . import maintenance

METHODS = {
    "disk_usage": shutil.disk_usage,
    "which": shutil.which,
    "vacuum": maintenance.vacuum,
}
ALLOWED = {"rotate_logs", "clear_cache"}


@require_POST
def maintenance_rpc(request):
    """Tiny JSON-RPC endpoint used by the ops dashboard."""
    payload = json.loads(request.body)
    handler = METHODS.get(payload.get("method"))
    if handler is None:
        return JsonResponse({"error": "unknown method"}, status=400)
    return JsonResponse({"result": repr(handler(*payload.get("params", [])))})


@require_POST
def run_task(request):
    name = json.loads(request.body)["task"]
    if name not in ALLOWED:
        return JsonResponse({"error": "unknown task"}, status=400)
    task = getattr(maintenance, name)
    return JsonResponse({"result": repr(task())})
