# expect: files
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
NOTES = Path("/srv/notes")


class Note(BaseModel):
    title: str
    body: str


@app.post("/notes")
def save_note(note: Note):
    (NOTES / f"{note.title}.md").write_text(note.body)
    return {"saved": note.title}
