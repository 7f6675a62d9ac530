# lookalike: code-execution
class EventRouter:
    """Route webhook events to handle_<event> methods."""

    SUPPORTED = frozenset({"push", "pull_request", "release"})

    def dispatch(self, event: str, payload: dict) -> None:
        if event not in self.SUPPORTED:
            return
        handler = getattr(self, f"handle_{event}")
        handler(payload)

    def handle_push(self, payload: dict) -> None:
        print("push to", payload["ref"])

    def handle_pull_request(self, payload: dict) -> None:
        print("PR", payload["number"])

    def handle_release(self, payload: dict) -> None:
        print("release", payload["release"]["tag_name"])
