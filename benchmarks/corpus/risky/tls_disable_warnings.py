# expect: tls
import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


class VCenterClient:
    def __init__(self, host: str, user: str, password: str) -> None:
        self.base = f"https://{host}"
        self.http = requests.Session()
        self.http.auth = (user, password)

    def vms(self):
        return self.http.get(self.base + "/rest/vcenter/vm", verify=False).json()
