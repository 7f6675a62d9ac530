# expect: code-execution
import json
import os
import shutil

from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
def maintenance_rpc(request):
    """Tiny JSON-RPC endpoint used by the ops dashboard."""
    payload = json.loads(request.body)
    module = {"os": os, "shutil": shutil}[payload.get("module", "os")]
    handler = getattr(module, payload["method"])
    result = handler(*payload.get("params", []))
    return JsonResponse({"result": repr(result)})
