# lookalike: dependencies
import boto3
import redis
import sqlalchemy
from celery import Celery
from google.cloud import storage
from kubernetes import client, config

celery_app = Celery("acme", broker="redis://localhost:6379/0")


def clients():
    config.load_kube_config()
    return {
        "s3": boto3.client("s3"),
        "gcs": storage.Client(),
        "k8s": client.CoreV1Api(),
        "cache": redis.Redis(),
        "db": sqlalchemy.create_engine("sqlite://"),
    }
