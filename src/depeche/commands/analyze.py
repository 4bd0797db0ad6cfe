"""`depeche analyze`: articles in, records out (text fiche, JSON or JSONL)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence, TextIO

from ..errors import DepecheError
from .exits import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from .loading import load_engine


def register(sub) -> None:
    p = sub.add_parser(
        "analyze", help="analyse articles and print their records",
        description="Analyse articles and print one record per article.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
inputs:
  FILE.txt     one article, plain text (UTF-8; other encodings are detected)
  FILE.html    a web page; its main text is extracted with trafilatura
  FILE.jsonl   one article per line: {"id", "title", "text", "published"}
  FOLDER       every .txt, .html and .jsonl file in it
  -            one article (or JSONL) from standard input

formats:
  text   a fiche for a person at a terminal (default when writing to a terminal)
  json   one JSON document (a list when there are several articles)
  jsonl  one record per line, in input order, streamed (default when piped)

exit status: 0 all articles analysed, 1 some inputs failed (each named on
stderr, the others still analysed), 2 usage error, 3 nothing could run.""")
    p.add_argument("paths", nargs="+", metavar="PATH", help="articles to analyse (see inputs)")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl"),
                   help="output format (default: text on a terminal, else jsonl)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date for inputs that carry none: the anchor of "
                        "relative dates such as 'vendredi' or 'hier'")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--out", metavar="DIR",
                   help="write the records as partition files DIR/part-NNNNN.jsonl (one per "
                        "--batch-size inputs, in input order; inputs that failed in "
                        "DIR/_errors.jsonl); a rerun skips the partitions already written")
    p.add_argument("--cluster", metavar="SPEC",
                   help="analyse on a Dask cluster (with --out): local:N for N worker "
                        "processes here, or tcp://SCHEDULER:8786 for a running cluster "
                        "(needs depeche[cluster])")
    p.add_argument("--batch-size", type=int, default=64, metavar="N",
                   help="inputs per partition file with --out (64)")
    p.add_argument("--no-progress", action="store_true",
                   help="nothing on stderr but errors: no loading notice, no progress bar")
    p.set_defaults(func=cmd_analyze)


def _progress(total_hint: int | None, enabled: bool):
    from tqdm import tqdm
    return tqdm(total=total_hint, unit="article", disable=not enabled, file=sys.stderr,
                dynamic_ncols=True, leave=False)


def _count_hint(paths: Sequence[str]) -> int | None:
    """Articles to expect, when cheap to know (lines of JSONL files)."""
    from pathlib import Path
    n = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.is_file():
            return None
        if p.suffix.lower() in (".jsonl", ".ndjson"):
            with p.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += 1
    return n


def cmd_analyze(args, out: TextIO) -> int:
    from ..articles import read_inputs
    from ..fiche import render_fiche
    from ..settings import load_settings

    settings = load_settings(args.config)
    fmt = args.format or ("text" if out.isatty() else "jsonl")
    try:
        from ..articles import parse_date
        published = parse_date(args.published, origin="--published") if args.published else None
    except DepecheError as exc:
        print(f"depeche: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.cluster and not args.out:
        print("depeche: --cluster goes with --out DIR (the records are written there as "
              "partition files)", file=sys.stderr)
        return EXIT_USAGE
    if args.batch_size < 1:
        print("depeche: --batch-size must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    from ..corpus.cluster import spec_problem
    if (problem := spec_problem(args.cluster)) is not None:
        print(f"depeche: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.out:
        return _analyze_to_folder(args, settings, published)
    engine = load_engine(settings, say=not args.no_progress)
    counts = {"inputs": 0, "failed": 0, "analysed": 0}

    def articles():
        """Articles in input order; errors are reported as they are met."""
        for item in read_inputs(args.paths, settings=settings, published=published):
            counts["inputs"] += 1
            if item.error is not None:
                counts["failed"] += 1
                print(f"depeche: error: {item.error}", file=sys.stderr)
            else:
                yield item.article

    total = _count_hint(args.paths)
    bar = _progress(total, not args.no_progress and (total or 0) > 3 and sys.stderr.isatty())
    collected = []
    try:
        for record in engine.analyze_many(articles()):
            counts["analysed"] += 1
            bar.update(1)
            if fmt == "jsonl":
                out.write(record.to_json() + "\n")
                out.flush()
            elif fmt == "json":
                collected.append(record.to_dict())
            else:
                out.write(render_fiche(record) + "\n")
            if record.skipped:
                for w in record.warnings:
                    print(f"depeche: note: {record.id}: {w}", file=sys.stderr)
    finally:
        bar.close()
    if fmt == "json":
        single = len(collected) == 1 and counts["inputs"] == 1
        out.write(json.dumps(collected[0] if single else collected, ensure_ascii=False,
                             indent=1) + "\n")
    if counts["failed"]:
        print(f"depeche: {counts['failed']} of {counts['inputs']} inputs failed, "
              f"{counts['analysed']} analysed", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK


def _analyze_to_folder(args, settings, published) -> int:
    """`analyze --out DIR [--cluster SPEC]`: partition files, resumable."""
    from pathlib import Path

    from ..articles import read_inputs
    from ..corpus.cluster import ClusterSpec, connect, records_as_json, records_on_worker
    from ..corpus.partitions import Done, write_partitions
    say = not args.no_progress
    total = _count_hint(args.paths)
    bar = _progress(total, say and sys.stderr.isatty())

    def on_error(origin: str, message: str) -> None:
        where = message if message.startswith(origin) else f"{origin}: {message}"
        bar.write(f"depeche: error: {where}", file=sys.stderr)

    items = read_inputs(args.paths, settings=settings, published=published)
    folder = Path(args.out)
    try:
        if args.cluster:
            with connect(ClusterSpec.parse(args.cluster), settings, say=say) as client:
                workers = max(1, len(client.scheduler_info().get("workers", {})))
                summary = write_partitions(
                    items, folder, lambda arts: client.submit(records_on_worker, arts,
                                                              pure=False),
                    size=args.batch_size, inflight=2 * workers, progress=bar.update,
                    on_error=on_error)
        else:
            engine = load_engine(settings, say=say)
            summary = write_partitions(items, folder,
                                       lambda arts: Done(records_as_json(engine, arts)),
                                       size=args.batch_size, progress=bar.update,
                                       on_error=on_error)
    finally:
        bar.close()
    print(f"depeche: {folder}: {summary.line()}", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK
