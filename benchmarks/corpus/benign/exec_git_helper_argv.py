# lookalike: code-execution
import subprocess


def _git(*args: str) -> str:
    return subprocess.check_output(["git", *args], text=True).strip()


def _run(cmd: str) -> str:
    return subprocess.check_output(cmd, shell=True, text=True).strip()


def changed_files(base_branch: str, path_filter: str = ".") -> list[str]:
    output = _git("diff", "--name-only", f"{base_branch}...HEAD", "--", path_filter)
    return [line for line in output.splitlines() if line]


def last_author(filename: str) -> str:
    return _git("log", "-1", "--format=%an", "--", filename)


def dirty() -> bool:
    return bool(_run("git status --porcelain | head -n 1"))
