"""events: PLACEHOLDER being written (replaced before commit)."""
from ..pipeline import ArticleState, Stage


class EventsStage(Stage):
    name = "events"
    version = 1
    requires = ("doc",)
    provides = "events"

    def __call__(self, state: ArticleState):
        return ()
