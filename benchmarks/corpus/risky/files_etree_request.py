# expect: files
import xml.etree.ElementTree as ET

from django.http import JsonResponse


def soap_endpoint(request):
    envelope = ET.fromstring(request.body)
    action = envelope.find(".//Action").text
    return JsonResponse({"action": action})
