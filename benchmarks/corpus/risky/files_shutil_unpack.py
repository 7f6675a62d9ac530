# expect: files
import shutil

from flask import request


def upload_dataset():
    upload = request.files["dataset"]
    path = f"/tmp/{upload.filename}"
    upload.save(path)
    shutil.unpack_archive(path, "/srv/datasets")
    return {"ok": True}
