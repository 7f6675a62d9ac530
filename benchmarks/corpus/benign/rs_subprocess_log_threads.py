# lookalike: reverse-shell
import logging
import subprocess
import threading

log = logging.getLogger("worker")


def _forward(stream, level: int) -> None:
    for line in iter(stream.readline, b""):
        log.log(level, line.decode(errors="replace").rstrip())


def run_worker(args: list[str]) -> int:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    threads = [
        threading.Thread(target=_forward, args=(proc.stdout, logging.INFO), daemon=True),
        threading.Thread(target=_forward, args=(proc.stderr, logging.WARNING), daemon=True),
    ]
    for t in threads:
        t.start()
    code = proc.wait()
    for t in threads:
        t.join()
    return code
