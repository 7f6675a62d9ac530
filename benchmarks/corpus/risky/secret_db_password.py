# expect: secrets
import psycopg2


def get_connection():
    return psycopg2.connect(
        host="db.prod.acme.internal",
        port=5432,
        dbname="orders",
        user="orders_app",
        password="Pr0d-0rders!2024",
    )
