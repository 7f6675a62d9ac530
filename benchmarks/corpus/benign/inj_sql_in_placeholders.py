# lookalike: injection
def fetch_many(conn, ids: list[int]) -> list[tuple]:
    if not ids:
        return []
    placeholders = ", ".join("?" for _ in ids)
    query = f"SELECT id, title FROM articles WHERE id IN ({placeholders})"
    return conn.execute(query, ids).fetchall()
