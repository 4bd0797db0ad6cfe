"""quotes: PLACEHOLDER being written (replaced before commit)."""
from ..pipeline import ArticleState, Stage


class QuotesStage(Stage):
    name = "quotes"
    version = 1
    requires = ("doc",)
    provides = "quotes"

    def __call__(self, state: ArticleState):
        return ()
