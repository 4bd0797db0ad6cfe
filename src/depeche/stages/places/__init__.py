"""places: every toponym of the article, resolved to a gazetteer entry.

Recognition (`recognise`, `headed`, `vetoes`): spaCy's LOC/GPE mentions (and the places
nested in ORG/MISC names such as "l'université d'Alep"), checked against the gazetteer,
plus names the gazetteer knows that spaCy missed (countries, regions, provinces, towns
above `min_population`). Titles and person cues drop people spaCy calls places ("Bachar
al-Assad"); demonyms ("syrien", "turque") are country cues, never places by themselves.

Resolution (`resolve`, `score`): each candidate is scored by prominence (population,
capital, kind), by the article's countries (named or given by demonyms), by an
immediate container ("Paris, au Texas", "Homs (Libye)"), by the head noun ("province
de", "ville de") and by distance to the article's unambiguous places. The winning reason
is the provenance rule; the number of candidates is kept. One `Place` per distinct place,
every mention kept (`build`); the place the article is about (`main_place`).

The words and patterns are in `lang/fr/places_cues.toml` and `demonyms.toml` (`lexicon`).
"""
from __future__ import annotations

from ...gazetteer import Entry
from ..base import ArticleState, Option, Stage
from .build import build_places
from .context import PlaceContext, Toponym
from .lexicon import PlaceLexicon, load
from .main_place import main_place, title_countries
from .recognise import recognise
from .resolve import country_cues, resolve
from .score import Question, score

__all__ = ["PlacesStage", "main_place", "title_countries"]


class PlacesStage(Stage):
    name = "places"
    version = 1
    requires = ("doc",)
    # main_place: the place the article is about (events without a place of their own
    # take it)
    provides = ("places", "main_place")
    options = (
        Option("gazetteer_path", "", "where the GeoNames index is built "
                                     "(empty: the user's cache folder)"),
        Option("min_population", 15000, "minimum population for a city of the gazetteer "
                                        "to be recognised without spaCy's help"),
    )

    def __init__(self, settings, resources):
        super().__init__(settings, resources)
        self.min_population = self.settings["min_population"]
        self._lexicon: PlaceLexicon | None = None

    @property
    def lexicon(self) -> PlaceLexicon:
        """The places lexicon, read and compiled on first use."""
        if self._lexicon is None:
            self._lexicon = load(self.resources.lexicons)
        return self._lexicon

    def __call__(self, state: ArticleState):
        gaz = self.resources.gazetteer
        title = getattr(state.article, "title", None) or ""
        ctx = PlaceContext.build(state.layers["doc"], state.text, title, gaz, self.lexicon,
                                 self.min_population)
        mentions = recognise(ctx)
        if not mentions:
            return {"places": (), "main_place": None}
        cues = country_cues(ctx, mentions)
        resolve(ctx, mentions, cues)
        places = build_places(ctx, mentions, cues, self.label)
        title = state.article.title
        return {"places": places,
                "main_place": main_place(places, title,
                                         title_countries(title, gaz, self.lexicon))}

    def explain(self, name: str, country: str | None = None) -> list[tuple[float, str, Entry]]:
        """The candidates of `name` with their scores, best first (for `depeche places`)."""
        m = Toponym(0, len(name), name, cands=self.resources.gazetteer.lookup(name))
        cues = {country.upper(): 4.0} if country else {}
        out = []
        for c in m.cands:
            value, rule = score(Question(m, c, cues, None, (), None))
            out.append((value, rule, c))
        out.sort(key=lambda x: -x[0])
        return out
