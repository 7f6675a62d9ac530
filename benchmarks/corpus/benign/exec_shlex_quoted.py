# lookalike: code-execution
import shlex
import subprocess


def archive(source_dir: str, name: str) -> None:
    command = f"tar czf {shlex.quote(name)}.tgz -C {shlex.quote(source_dir)} ."
    subprocess.run(command, shell=True, check=True)
