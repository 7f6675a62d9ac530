# lookalike: reverse-shell
import pexpect


def switch_firmware_version(host: str, password: str) -> str:
    child = pexpect.spawn(f"ssh -o StrictHostKeyChecking=yes admin@{host}", encoding="utf-8", timeout=30)
    child.expect("password:")
    child.sendline(password)
    child.expect(r"\$ ")
    child.sendline("show version")
    child.expect(r"\$ ")
    output = child.before
    child.sendline("exit")
    return output
