# lookalike: injection
SORTABLE = {"created_at", "name", "price"}


def list_products(cursor, sort: str = "name", descending: bool = False):
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}")
    direction = "DESC" if descending else "ASC"
    cursor.execute(f"SELECT id, name, price FROM products ORDER BY {sort} {direction} LIMIT %s", (100,))
    return cursor.fetchall()
