# lookalike: files
from defusedxml import ElementTree as ET
from django.http import JsonResponse


def soap_endpoint(request):
    envelope = ET.fromstring(request.body)
    action = envelope.find(".//Action")
    return JsonResponse({"action": action.text if action is not None else None})
