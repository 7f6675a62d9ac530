# expect: injection
from sqlalchemy import text

from .database import SessionLocal


def products_in_category(category: str, sort: str = "price"):
    with SessionLocal() as session:
        stmt = text("SELECT * FROM products WHERE category = '{}' ORDER BY {}".format(category, sort))
        return session.execute(stmt).mappings().all()
