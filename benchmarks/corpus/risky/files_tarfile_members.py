# expect: files
import tarfile


def restore_backup(archive_path: str, target: str) -> None:
    tar = tarfile.open(archive_path)
    for member in tar.getmembers():
        tar.extract(member, path=target)
    tar.close()
