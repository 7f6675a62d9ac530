# expect: deserialization
from ruamel.yaml import YAML


def read_manifest(stream):
    yaml = YAML(typ="unsafe", pure=True)
    return yaml.load(stream)
