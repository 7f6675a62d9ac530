# lookalike: deserialization
import json

from django.http import HttpResponseBadRequest, JsonResponse


def import_workflow(request):
    try:
        workflow = json.loads(request.body)
    except json.JSONDecodeError:
        return HttpResponseBadRequest("invalid JSON")
    return JsonResponse({"name": workflow.get("name"), "steps": len(workflow.get("steps", []))})
