# lookalike: deserialization
import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # libyaml not available
    from yaml import SafeLoader as Loader


def read_manifest(stream):
    return yaml.load(stream, Loader=Loader)


def read_all(stream):
    return list(yaml.load_all(stream, Loader=yaml.SafeLoader))
