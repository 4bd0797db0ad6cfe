"""The gazetteer: keys, lookups, the cached build and its rebuild when sources change."""
from __future__ import annotations

import pytest

from depeche import gazetteer as gz
from depeche.gazetteer import Entry, Gazetteer, distance_km, normalize

TINY = [
    Entry(name="Aleppo", kind="city", country="SY", lat=36.20124, lon=37.16117,
          population=2098210, geonames_id=170063, names=("Alep", "Halab", "Haleb")),
    Entry(name="Tripoli", kind="city", country="LY", lat=32.88743, lon=13.18733,
          population=1302947, capital=True, names=("Tarabulus",)),
    Entry(name="Tripoli", kind="city", country="LB", lat=34.43352, lon=35.84415,
          population=229398, names=("Trablous",)),
    Entry(name="Syria", kind="country", country="SY", lat=35.0, lon=38.0, names=("Syrie",)),
]


def test_normalize_folds_case_accents_hyphens_and_apostrophes():
    assert normalize("Saint-Denis") == normalize("saint denis") == "saint denis"
    assert normalize("Côte d’Ivoire") == normalize("Cote d'Ivoire") == "cote d ivoire"
    assert normalize("  Düsseldorf ") == "dusseldorf"
    assert normalize("Łódź") == "lodz"


def test_tiny_gazetteer_from_entries():
    g = Gazetteer.from_entries(TINY)
    assert len(g) == 4
    alep = g.lookup("Alep")
    assert [(e.name, e.country, e.form) for e in alep] == [("Aleppo", "SY", 2)]
    assert [e.country for e in g.lookup("TRIPOLI")] == ["LY", "LB"]   # most populous first
    assert g.lookup("Syrie")[0].kind == "country"
    assert g.country("SY").name == "Syria"
    assert g.lookup("Idleb") == ()
    assert "alep" in g and "Paris" not in g


def test_distance():
    assert distance_km(36.2, 37.16, 36.2, 37.16) == 0
    # Aleppo to Idlib: about 55 km
    assert 45 < distance_km(36.20124, 37.16117, 35.93062, 36.63393) < 65


def test_build_is_cached_and_rebuilt_when_sources_change(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(gz, "source_entries", lambda: iter(TINY))
    monkeypatch.setattr(gz, "_source_signature", lambda: "test-v1")
    path = tmp_path / "gaz.sqlite"
    g = Gazetteer.open(path)
    assert g.lookup("Alep")[0].name == "Aleppo"
    assert "built the gazetteer" in capsys.readouterr().err
    assert not list(tmp_path.glob(".gazetteer-*"))          # no temporary file left
    Gazetteer.open(path)                                      # same sources: no rebuild
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(gz, "_source_signature", lambda: "test-v2")
    g2 = Gazetteer.open(path)                                 # a source changed: rebuilt
    assert "built the gazetteer" in capsys.readouterr().err
    assert g2.meta("signature") == "test-v2"


def test_pickles_as_its_path(tmp_path, monkeypatch):
    import pickle
    monkeypatch.setattr(gz, "source_entries", lambda: iter(TINY))
    monkeypatch.setattr(gz, "_source_signature", lambda: "test-v1")
    g = Gazetteer.open(tmp_path / "gaz.sqlite")
    again = pickle.loads(pickle.dumps(g))
    assert again.lookup("Alep")[0].country == "SY"
    with pytest.raises(TypeError):
        pickle.dumps(Gazetteer.from_entries(TINY))


@pytest.fixture(scope="module")
def full(engine):
    """The full gazetteer of the engine (built once in the cache)."""
    return engine.resources.gazetteer


@pytest.mark.parametrize("name, kind, country", [
    ("Alep", "city", "SY"), ("Idleb", "city", "SY"), ("Syrie", "country", "SY"),
    ("Etats-Unis", "country", "US"), ("Louisiane", "admin", "US"), ("Aude", "admin", "FR"),
    ("Méditerranée", "feature", None), ("Sahel", "region", None), ("Beyrouth", "city", "LB"),
    ("La Nouvelle-Orléans", "city", "US"), ("Thessalonique", "city", "GR"),
])
def test_full_gazetteer_knows_french_names(full, name, kind, country):
    assert any(e.kind == kind and e.country == country for e in full.lookup(name)), name


def test_full_gazetteer_keeps_no_codes_or_other_scripts(full):
    assert not any(e.name == "Aleppo" for e in full.lookup("ALP"))      # IATA code dropped
    assert full.lookup("حلب") == ()


def test_streamed_json_equals_json_load_whatever_the_chunk_size(tmp_path):
    import json
    data = {str(i): {"geonameid": i, "name": f"Ville-{i}", "latitude": 36.2 + i / 7,
                     "alternatenames": ["Alep", "Ḥalab", "\u062d\u0644\u0628", "x" * (i % 13)]}
            for i in range(200)}
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(data, indent=None if len(data) % 2 else 1), encoding="utf-8")
    for chunk in (7, 64, 1000, 1 << 20):
        assert dict(gz._stream_json_object(path, chunk=chunk)) == data
    (tmp_path / "empty.json").write_text("{ }", encoding="utf-8")
    assert list(gz._stream_json_object(tmp_path / "empty.json")) == []
