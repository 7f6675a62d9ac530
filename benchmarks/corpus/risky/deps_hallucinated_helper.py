# expect: dependencies
from fastapi import Depends, FastAPI
from fastapi_jwt_guard import JWTBearerGuard

app = FastAPI()
guard = JWTBearerGuard(secret_env="JWT_SECRET")


@app.get("/me")
def me(claims: dict = Depends(guard)):
    return claims
