# expect: deserialization
import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/workflows/import")
async def import_workflow(request: Request):
    body = await request.body()
    workflow = yaml.load(body)
    return {"name": workflow["name"], "steps": len(workflow["steps"])}
