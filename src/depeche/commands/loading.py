"""Loading the engine from a command, with a word on stderr while it loads (the model
and the place index take several seconds: the person at the terminal should know why
nothing happens yet)."""
from __future__ import annotations

import sys
import time
from typing import TextIO


def load_engine(settings, *, say: bool, err: TextIO | None = None):
    """An `Engine` with its model and place index loaded; `say`: tell stderr what loads
    and how long it took."""
    err = err or sys.stderr
    t0 = time.monotonic()
    if say:
        model = settings["parse"]["model"]
        print(f"depeche: loading the language model ({model}) and the place index…",
              file=err, flush=True)
    from ..pipeline import Engine       # imports spaCy: seconds
    engine = Engine(settings)
    loaded = (engine.resources.nlp, engine.resources.gazetteer)   # now, not in article 1
    assert all(r is not None for r in loaded)
    if say:
        print(f"depeche: ready in {time.monotonic() - t0:.1f} s", file=err, flush=True)
    return engine
