# lookalike: persistence
import signal
import sys


def install_handlers(cleanup) -> None:
    def _handler(signum, frame):
        cleanup()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
