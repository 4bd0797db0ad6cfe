"""places: PLACEHOLDER being written (replaced before commit)."""
from ..pipeline import ArticleState, Stage


class PlacesStage(Stage):
    name = "places"
    version = 1
    requires = ("doc",)
    provides = "places"

    def __call__(self, state: ArticleState):
        return ()
