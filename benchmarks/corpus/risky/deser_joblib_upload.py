# expect: deserialization
import joblib
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/models/evaluate")
async def evaluate(model_file: UploadFile, features: list[float]):
    model = joblib.load(model_file.file)
    return {"prediction": model.predict([features]).tolist()}
