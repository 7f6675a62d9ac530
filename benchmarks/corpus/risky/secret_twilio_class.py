# expect: secrets
from twilio.rest import Client


class SmsGateway:
    account_sid = "ACd5bbd933e4a241d65099eec01407ec6a"
    auth_token = "1b044da05ca4ed81004c1dec8ee16264"

    def __init__(self) -> None:
        self.client = Client(self.account_sid, self.auth_token)

    def send(self, to: str, body: str) -> None:
        self.client.messages.create(to=to, from_="+15005550006", body=body)
