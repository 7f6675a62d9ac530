# lookalike: tls
import paramiko


def upload(host: str, user: str, key_path: str, local: str, remote: str) -> None:
    client = paramiko.SSHClient()
    client.load_host_keys(f"/home/{user}/.ssh/known_hosts")
    client.connect(host, username=user, key_filename=key_path)
    with client.open_sftp() as sftp:
        sftp.put(local, remote)
    client.close()
