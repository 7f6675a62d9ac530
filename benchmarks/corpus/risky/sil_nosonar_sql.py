# expect: silenced-controls
def find_tickets(cursor, status):
    cursor.execute("SELECT * FROM tickets WHERE status = '" + status + "'")  # NOSONAR
    return cursor.fetchall()
