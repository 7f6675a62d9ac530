# expect: dependencies
from langchain_textsplit_utils import RecursiveMarkdownSplitter
from openai import OpenAI

client = OpenAI()


def chunk_and_embed(doc: str) -> list[list[float]]:
    chunks = RecursiveMarkdownSplitter(chunk_size=800).split(doc)
    return [client.embeddings.create(model="text-embedding-3-small", input=c).data[0].embedding for c in chunks]
