# lookalike: dependencies
import httpx
import structlog
import typer
from pydantic import BaseModel
from rich.console import Console
from tenacity import retry, stop_after_attempt, wait_exponential
from tqdm import tqdm

app = typer.Typer()
console = Console()
log = structlog.get_logger()


class Item(BaseModel):
    id: int
    name: str


@retry(stop=stop_after_attempt(3), wait=wait_exponential(multiplier=0.5))
def fetch(url: str) -> list[Item]:
    return [Item(**row) for row in httpx.get(url, timeout=10).json()]


@app.command()
def sync(url: str) -> None:
    for item in tqdm(fetch(url)):
        log.info("synced", item=item.id)
    console.print("[green]done[/green]")
