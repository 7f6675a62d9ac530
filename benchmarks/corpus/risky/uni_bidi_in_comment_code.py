# expect: unicode
class InsufficientFunds(Exception):
    pass


def transfer(amount, balance):
    """Move money between accounts."""
    #‮⁦ if amount > balance: raise InsufficientFunds(amount)⁩⁦
    balance -= amount
    return balance
