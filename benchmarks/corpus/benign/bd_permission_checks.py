# lookalike: backdoor
class Permissions:
    def __init__(self, user):
        self.user = user

    def is_admin(self) -> bool:
        return "admin" in self.user.roles

    def can_edit(self, document) -> bool:
        if self.user.is_anonymous:
            return False
        return self.is_admin() or document.owner_id == self.user.id
