# lookalike: injection
from sqlalchemy import text

from .database import SessionLocal


def products_in_category(category: str):
    with SessionLocal() as session:
        stmt = text("SELECT * FROM products WHERE category = :category ORDER BY price")
        return session.execute(stmt, {"category": category}).mappings().all()
