# expect: deserialization
import jsonpickle
from django.http import JsonResponse


def restore_state(request):
    state = jsonpickle.decode(request.body.decode())
    return JsonResponse({"restored": type(state).__name__})
