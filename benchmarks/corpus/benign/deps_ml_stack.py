# lookalike: dependencies
import torch
import transformers
from datasets import load_dataset
from torch.utils.data import DataLoader


def loader(name: str = "imdb", batch_size: int = 16) -> DataLoader:
    tokenizer = transformers.AutoTokenizer.from_pretrained("distilbert-base-uncased")
    ds = load_dataset(name, split="train[:1%]")
    ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, padding="max_length"), batched=True)
    ds.set_format("torch", columns=["input_ids", "attention_mask", "label"])
    return DataLoader(ds, batch_size=batch_size, shuffle=torch.cuda.is_available())
