# lookalike: exfiltration
from pathlib import Path

import boto3


def publish_report(report: Path, bucket: str, prefix: str = "reports/") -> str:
    s3 = boto3.client("s3")
    key = prefix + report.name
    s3.upload_file(str(report), bucket, key, ExtraArgs={"ContentType": "application/pdf"})
    return f"s3://{bucket}/{key}"
