# expect: code-execution
import configparser
import subprocess


class BackupJob:
    def __init__(self, config_path: str) -> None:
        self.config = configparser.ConfigParser()
        self.config.read(config_path)

    def run(self) -> int:
        section = self.config["backup"]
        command_line = section.get("pre_hook", "true") + " && tar czf " + section["target"] + " " + section["source"]
        proc = subprocess.Popen(command_line, shell=True)
        return proc.wait()
