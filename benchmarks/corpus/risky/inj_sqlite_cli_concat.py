# expect: injection
import sqlite3
import sys


def main(argv: list[str]) -> None:
    db = sqlite3.connect("inventory.db")
    sku = argv[1]
    rows = db.execute("SELECT sku, qty FROM stock WHERE sku = '" + sku + "'").fetchall()
    for row in rows:
        print(*row)


if __name__ == "__main__":
    main(sys.argv)
