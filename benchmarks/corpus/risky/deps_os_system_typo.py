# expect: dependencies
import os


def bootstrap() -> None:
    os.system("pip install djnago==4.2 python-dotenv")
