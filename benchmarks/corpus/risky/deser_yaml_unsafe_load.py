# expect: deserialization
import yaml
from flask import request


def import_fixture():
    data = yaml.unsafe_load(request.data)
    return {"loaded": len(data)}
