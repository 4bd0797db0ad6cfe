"""The few things of SQL that SQLite and PostgreSQL say differently, as fragments the
store's queries are made of: case-blind equality, the full-text indexes and their
queries, an unbounded LIMIT, a truncating cast, an index hint.

Every other query of the store is written once, in the SQL both engines read (SQLite's
`?` placeholders: the PostgreSQL connection turns them into psycopg's). Full-text search
is FTS5 (unicode61, accents removed) on SQLite and PostgreSQL's French text search on
PostgreSQL (accents removed, words stemmed: "attentat" also finds "attentats"); the
words of a search mean the same on both (each word required; `prefix`: a word also finds
the words it begins)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .common import fts_query, search_words

# PostgreSQL's text search configurations (made by migration 0003_fulltext): French
# (stemmed) for texts, "simple" (words as they are) for names; both without accents.
PG_TEXT = "depeche_fr"
PG_NAMES = "depeche_simple"


def _ts_word(word: str, prefix: bool) -> str:
    """One word of a user's search as a tsquery operand: a quoted lexeme (to_tsquery
    reads it through the configuration: several tokens become a phrase)."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


@dataclass(frozen=True)
class Dialect:
    name: str

    @property
    def postgres(self) -> bool:
        return self.name == "postgresql"

    def nocase_eq(self, column: str) -> str:
        """`column` equals the argument in any case (ASCII case, as SQLite's NOCASE)."""
        if self.postgres:
            return f"upper({column}) = upper(?)"
        return f"{column} = ? COLLATE NOCASE"

    def like(self) -> str:
        """LIKE blind to case (SQLite's LIKE already is, for ASCII letters)."""
        return "ILIKE" if self.postgres else "LIKE"

    @property
    def no_limit(self) -> str:
        """The LIMIT of all rows (SQLite: a LIMIT keeps a subquery from being flattened)."""
        return "ALL" if self.postgres else "-1"

    def int_of(self, expression: str) -> str:
        """The integer part of a number that is not negative (SQLite's CAST truncates,
        PostgreSQL's rounds)."""
        if self.postgres:
            return f"CAST(floor({expression}) AS BIGINT)"
        return f"CAST({expression} AS INTEGER)"

    def indexed_by(self, index: str) -> str:
        """SQLite's index hint (its planner otherwise scans the table); PostgreSQL's
        planner needs none."""
        return "" if self.postgres else f"INDEXED BY {index}"

    # -- full text -------------------------------------------------------------------
    def articles_matching(self) -> str:
        """A query of the row numbers (`n`) of the articles whose title or text matches
        the argument (`search`)."""
        if self.postgres:
            return f"SELECT n FROM articles WHERE fts @@ to_tsquery('{PG_TEXT}', ?)"
        return "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"

    def quotes_matching(self, column: str | None = None) -> str:
        """A query of the row numbers (`n`) of the quotes whose text or speaker (or
        `column` alone: "speaker") matches the argument (`search`, same column)."""
        if self.postgres:
            if column == "speaker":
                return f"SELECT n FROM quotes WHERE speaker_fts @@ to_tsquery('{PG_NAMES}', ?)"
            return f"SELECT n FROM quotes WHERE fts @@ to_tsquery('{PG_TEXT}', ?)"
        return "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?"

    def search(self, text: str, *, prefix: bool = False, column: str | None = None) -> str:
        """A user's words as the argument of `articles_matching`/`quotes_matching`: each
        word required (`prefix`: or a word it begins); '' when there is no word. More
        than MAX_FTS_TERMS words: a QueryError."""
        if not self.postgres:
            return fts_query(text, prefix=prefix, column=column)
        words = [w.replace('"', " ").strip() for w in search_words(text)]
        return " & ".join(_ts_word(w, prefix) for w in words if w)

    def article_ranked_search(self) -> tuple[str, int]:
        """The query of the articles matching the argument, best first, with how many
        times it takes the argument."""
        if self.postgres:
            q = f"to_tsquery('{PG_TEXT}', ?)"
            return ("SELECT a.id, a.title, a.published FROM articles a "
                    f"WHERE a.fts @@ {q} ORDER BY ts_rank(a.fts, {q}) DESC, a.n "
                    "LIMIT ? OFFSET ?", 2)
        return ("SELECT a.id, a.title, a.published "
                "FROM articles_fts f JOIN articles a ON a.n = f.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", 1)


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgresql")

_PG_URL = re.compile(r"postgres(ql)?://", re.IGNORECASE)


def is_postgres(target: str) -> bool:
    """Whether a --db value names a PostgreSQL database (a postgresql:// URL)."""
    return bool(_PG_URL.match(str(target)))
