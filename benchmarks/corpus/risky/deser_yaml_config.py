# expect: deserialization
import yaml


class PipelineConfig:
    def __init__(self, path: str) -> None:
        with open(path) as fh:
            self.raw = yaml.load(fh, Loader=yaml.Loader)

    @property
    def stages(self):
        return self.raw.get("stages", [])
