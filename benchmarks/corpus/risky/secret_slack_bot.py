# expect: secrets
from slack_sdk import WebClient

client = WebClient(token="xoxb-782942196972-8983198394579-qN9Nifp28uwCDydesokF5NSA")


def announce(channel: str, text: str) -> None:
    client.chat_postMessage(channel=channel, text=text)
