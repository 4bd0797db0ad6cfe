"""figures: PLACEHOLDER being written (replaced before commit)."""
from ..pipeline import ArticleState, Stage


class FiguresStage(Stage):
    name = "figures"
    version = 1
    requires = ("doc",)
    provides = "figures"

    def __call__(self, state: ArticleState):
        return ()
