# lookalike: injection
import logging

from flask import request

audit = logging.getLogger("audit")


def record_download(report_id: int) -> None:
    message = "user {user} downloaded report {report} from {ip}".format(
        user=request.headers.get("X-User", "anonymous"), report=report_id, ip=request.remote_addr
    )
    audit.info(message)
