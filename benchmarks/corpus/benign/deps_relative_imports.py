# lookalike: dependencies
from . import models
from .services.billing import create_invoice
from .utils import slugify


def publish(article_id: int) -> str:
    article = models.Article.get(article_id)
    create_invoice(article.author_id, amount=0)
    return slugify(article.title)
