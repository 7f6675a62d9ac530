# expect: files
import os
import zipfile


def unpack_submission(zip_path: str, dest: str) -> list[str]:
    written = []
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            target = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(zf.read(info))
            written.append(target)
    return written
