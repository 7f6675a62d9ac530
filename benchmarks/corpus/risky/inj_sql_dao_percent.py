# expect: injection
class OrderRepository:
    def __init__(self, connection):
        self.connection = connection

    def find_by_customer(self, customer_id, status=None):
        query = "SELECT * FROM orders WHERE customer_id = %s" % customer_id
        if status:
            query += " AND status = '%s'" % status
        with self.connection.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchall()
