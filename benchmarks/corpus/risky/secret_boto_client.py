# expect: secrets
import boto3


def s3_client():
    return boto3.client(
        "s3",
        region_name="eu-west-1",
        aws_access_key_id="AKIAVQJXXVBOTHD2WTFL",
        aws_secret_access_key="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",
    )


def upload(path: str, bucket: str = "acme-reports") -> None:
    s3_client().upload_file(path, bucket, path.rsplit("/", 1)[-1])
