# expect: dependencies
from colourama import Fore, Style


def warn(msg: str) -> None:
    print(f"{Fore.YELLOW}{msg}{Style.RESET_ALL}")
