# expect: tls
import ftplib
import os


def upload_report(path: str) -> None:
    ftp = ftplib.FTP("ftp.acme-partner.com")
    ftp.login(os.environ["FTP_USER"], os.environ["FTP_PASSWORD"])
    with open(path, "rb") as fh:
        ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftp.quit()
