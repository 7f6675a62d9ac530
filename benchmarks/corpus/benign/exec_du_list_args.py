#!/usr/bin/env python3
# lookalike: code-execution
"""Print the size of the directories given on the command line."""
import argparse
import subprocess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    for path in args.paths:
        result = subprocess.run(["du", "-sh", "--", path], capture_output=True, text=True, check=False)
        print(result.stdout.strip() or result.stderr.strip())


if __name__ == "__main__":
    main()
