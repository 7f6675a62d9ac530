# expect: secrets
from pathlib import Path

PYPI_TOKEN = "pypi-AgEIcHlwaS5vcmcz-9PNldsWhXK64VtGHZA2PQLUD-W1nW4kGeJ-ky88BV8-luteLKWMFmkkBTD"


def configure_upload() -> None:
    Path.home().joinpath(".pypirc").write_text(
        "[pypi]\nusername = __token__\npassword = " + PYPI_TOKEN + "\n"
    )
