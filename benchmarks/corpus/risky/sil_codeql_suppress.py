# expect: silenced-controls
import os

from flask import request


def preview():
    path = os.path.join("/srv/previews", request.args["p"])
    return open(path).read()  # lgtm[py/path-injection]


def preview_v2():
    path = os.path.join("/srv/previews", request.args["p"])
    # codeql[py/path-injection]
    return open(path).read()
