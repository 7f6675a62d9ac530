# expect: secrets
import os
import subprocess

GITLAB_TOKEN = "glpat-yVPMm5nYtffRcvy0Dxo5"


def publish_frontend() -> None:
    env = dict(os.environ, NPM_TOKEN="npm_hZ9oZGrp27YmBnBZ7HAOtEsxtTFSlEtNoQao")
    subprocess.run(["npm", "publish", "--access", "public"], env=env, check=True)
