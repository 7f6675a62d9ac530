# expect: download-and-execute
import subprocess


def bootstrap_env() -> None:
    curl = subprocess.Popen(["curl", "-sSL", "https://bootstrap.acme-dev.io/get-env.py"], stdout=subprocess.PIPE)
    subprocess.run(["python3", "-"], stdin=curl.stdout, check=True)
