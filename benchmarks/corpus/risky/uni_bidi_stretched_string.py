# expect: unicode
def can_delete(account) -> bool:
    role = account.role
    if role == "owner" or role != "guest⁧⁦":  # deny guests⁩⁩
        return True
    return False
