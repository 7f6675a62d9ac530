# lookalike: code-execution
import subprocess


def count_python_files(root: str = ".") -> int:
    # a fixed pipeline; nothing user-controlled goes into the shell
    out = subprocess.run("find . -name '*.py' | wc -l", shell=True, cwd=root, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)
