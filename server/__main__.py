"""`python -m gifthorse.server [--stdio] [--tcp HOST:PORT]`: the language server."""

from __future__ import annotations

import argparse

from .lsp import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gifthorse.server")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead")
    options, _ = parser.parse_known_args(argv)
    serve(options.tcp)


if __name__ == "__main__":
    main()
