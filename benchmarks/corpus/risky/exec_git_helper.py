# expect: code-execution
import subprocess


def _run(cmd: str) -> str:
    return subprocess.check_output(cmd, shell=True, text=True).strip()


def changed_files(base_branch: str, path_filter: str = ".") -> list[str]:
    output = _run(f"git diff --name-only {base_branch}...HEAD -- {path_filter}")
    return [line for line in output.splitlines() if line]


def last_author(filename):
    return _run("git log -1 --format=%an -- " + filename)
