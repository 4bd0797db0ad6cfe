"""The tables of the corpus passes (`depeche.corpus`): MinHash signatures, near-duplicate
pairs, stories and merged events; what the passes read of the store and how each pass
replaces its results."""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Sequence

from .common import CORPUS_DIRTY, Database, insert_sql, to_json

STORY_COLUMNS = ("id", "title", "first_date", "last_date", "n_articles", "terms")
MERGED_COLUMNS = ("id", "type", "place_name", "country", "lat", "lon", "date_start",
                  "date_end", "n_events", "n_articles", "story_id")


class CorpusTables:
    """Reads and writes of the corpus passes on the store's connection."""

    def __init__(self, db: Database):
        self.db = db

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self.db.execute("SELECT article_id, minhash FROM signatures ORDER BY article_id")

    def add_near_duplicates(self, pairs: Iterable[tuple[str, str, float]]) -> int:
        with self.db.write():
            cur = self.db.executemany(
                "INSERT INTO near_duplicates(article_id, other_id, similarity) "
                "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", pairs)
        return cur.rowcount

    def near_duplicate_pairs(self) -> list[tuple[str, str, float]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT article_id, other_id, similarity FROM near_duplicates")]

    def exact_duplicate_pairs(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")]

    def articles_for_clustering(self) -> Iterator[dict]:
        """Analysed articles with what story clustering reads, oldest first (articles of
        one date by id, not by the order they were stored in: the stories are the same
        whatever the order of the ingest, or of the workers writing it)."""
        places: dict[str, list[str]] = {}
        for aid, name in self.db.execute("SELECT article_id, name FROM places"):
            places.setdefault(aid, []).append(name)
        types: dict[str, list[str]] = {}
        for aid, t in self.db.execute("SELECT article_id, type FROM events"):
            types.setdefault(aid, []).append(t)
        for row in self.db.execute(
                "SELECT id, title, published, substr(text, 1, 1200) AS lead FROM articles "
                "WHERE duplicate_of IS NULL ORDER BY published IS NULL, published, id"):
            yield {"id": row["id"], "title": row["title"], "published": row["published"],
                   "lead": row["lead"], "places": places.get(row["id"], []),
                   "event_types": types.get(row["id"], [])}

    def _stale(self, generation: tuple[int, int] | None) -> bool:
        """Whether articles were stored since a pass read the store at `generation`:
        its results would then replace newer ones (another ingest's passes, which read
        them all); it is to run again instead."""
        return generation is not None and self.generation() != tuple(generation)

    def replace_stories(self, stories: Sequence[dict], members: Iterable[tuple[str, str]],
                        generation: tuple[int, int] | None = None) -> bool:
        """Replace the story clustering: `stories` rows and (article_id, story_id) pairs;
        nothing when articles were stored since `generation` (False)."""
        with self.db.write():
            if self._stale(generation):
                return False
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM story_articles")
            self.db.executemany(
                insert_sql("stories", STORY_COLUMNS),
                [tuple({**s, "terms": to_json(s.get("terms", []))}[c] for c in STORY_COLUMNS)
                 for s in stories])
            self.db.executemany(
                "INSERT INTO story_articles(article_id, story_id) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id", members)
        return True

    def events_for_merging(self) -> list[dict]:
        """Every stored event with its article's date and story, for the merge pass."""
        out = []
        for r in self.db.execute(
                "SELECT e.key, e.id, e.article_id, e.type, e.modality, e.place_id, e.place_name, "
                "e.country, e.lat, e.lon, e.date_start, e.date_end, e.actors, a.published, "
                "s.story_id FROM events e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN story_articles s ON s.article_id = e.article_id "
                "ORDER BY e.type, COALESCE(e.date_start, a.published), e.key"):
            d = dict(r)
            d["actors"] = json.loads(d["actors"])
            out.append(d)
        return out

    def replace_merged_events(self, merged: Sequence[dict], links: Iterable[tuple[str, str]],
                              generation: tuple[int, int] | None = None) -> bool:
        """Replace the merged events and their links; nothing when articles were stored
        since `generation` (False)."""
        with self.db.write():
            if self._stale(generation):
                return False
            self.db.execute("DELETE FROM merged_events")
            self.db.execute("DELETE FROM event_merges")
            self.db.executemany(insert_sql("merged_events", MERGED_COLUMNS),
                                [tuple(m[c] for c in MERGED_COLUMNS) for m in merged])
            self.db.executemany("INSERT INTO event_merges(event_key, merged_id) VALUES (?, ?)",
                                links)
        return True

    def generation(self) -> tuple[int, int]:
        """What says whether articles were stored since: their count and last row number
        (articles are only ever added)."""
        row = self.db.execute("SELECT count(*), COALESCE(max(n), 0) FROM articles").fetchone()
        return (row[0], row[1])

    def passes_done(self, generation: tuple[int, int]) -> bool:
        """Mark the passes done (the store clean) if no article was stored since they
        read `generation`; else (another ingest wrote meanwhile) leave the store dirty
        and return False: the passes are to run again."""
        with self.db.write():
            if self.generation() != tuple(generation):
                return False
            self.db.execute(CORPUS_DIRTY, ("0",))
        return True
