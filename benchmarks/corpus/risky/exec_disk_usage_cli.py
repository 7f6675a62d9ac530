#!/usr/bin/env python3
# expect: code-execution | injection
"""Print the size of the directories given on the command line."""
import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    for path in args.paths:
        usage = os.popen("du -sh " + path).read().split()[0]
        print(f"{usage:>8}  {path}")


if __name__ == "__main__":
    main()
