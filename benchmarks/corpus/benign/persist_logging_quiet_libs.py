# lookalike: persistence
import logging


def configure(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO)
    for noisy in ("urllib3", "botocore", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
