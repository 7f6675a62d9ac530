# expect: code-execution
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

api = FastAPI()

SAFE_GLOBALS: dict[str, Any] = {"__builtins__": {}}


class FormulaRequest(BaseModel):
    formula: str
    variables: dict[str, float] = {}


@api.post("/pricing/formula")
async def evaluate_formula(body: FormulaRequest) -> dict[str, float]:
    # builtins are removed, so only arithmetic on the provided variables is possible
    value = eval(body.formula, SAFE_GLOBALS, dict(body.variables))
    return {"value": float(value)}
