# lookalike: exfiltration
import configparser
from pathlib import Path

import boto3


def available_profiles() -> list[str]:
    config = configparser.ConfigParser()
    config.read(Path.home() / ".aws" / "config")
    return [s.removeprefix("profile ") for s in config.sections()]


def session_for(profile: str) -> boto3.Session:
    if profile not in available_profiles():
        raise SystemExit(f"unknown profile {profile}; run `aws configure --profile {profile}`")
    return boto3.Session(profile_name=profile)
