# lookalike: injection
from sqlalchemy import text

TABLES = {"orders": "sales_orders", "refunds": "sales_refunds"}


def monthly_count(session, kind: str, month: str) -> int:
    table = TABLES[kind]
    stmt = text(f"SELECT count(*) FROM {table} WHERE to_char(created, 'YYYY-MM') = :month")
    return session.execute(stmt, {"month": month}).scalar_one()
