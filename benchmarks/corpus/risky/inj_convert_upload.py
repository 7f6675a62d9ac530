# expect: injection | code-execution
import os

from fastapi import FastAPI, File, UploadFile

app = FastAPI()


@app.post("/thumbnails")
async def make_thumbnail(file: UploadFile = File(...)):
    path = os.path.join("/srv/uploads", file.filename)
    with open(path, "wb") as out:
        out.write(await file.read())
    os.system(f"convert '{path}' -resize 128x128 '{path}.thumb.png'")
    return {"thumbnail": f"{file.filename}.thumb.png"}
