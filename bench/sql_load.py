"""Cold load of the programme data from SQL: read and validate, per reader, median of runs.

    python bench/sql_load.py URL [URL ...] [--repeat 3] [--since YYYY-MM-DD]

Each run reads with a new connection (nothing cached in the process), so it is what the app
pays when its cache is empty. PostgreSQL is measured with both readers: `auto` (ADBC/Arrow)
and `sqlalchemy` (psycopg); other databases with SQLAlchemy's driver.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from dashboard.sources.sql_mapping import SqlSettings
from dashboard.sources.sql_read import read_tables
from dashboard.sources.sql_url import redact
from dashboard.validate import validate_tables


def cold_load(url: str, settings: SqlSettings, since: dt.date | None = None) -> dict[str, float]:
    """Seconds spent reading and validating once, and the rows read."""
    started = time.perf_counter()
    frames = read_tables(url, settings=settings, since=since)
    read = time.perf_counter() - started
    validate_tables(frames, source=redact(url))
    total = time.perf_counter() - started
    return {
        "read": read,
        "validate": total - read,
        "total": total,
        "rows": sum(len(f) for f in frames.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--since", help="also measure a history window from YYYY-MM-DD")
    args = parser.parse_args()
    windows = [None] + ([dt.date.fromisoformat(args.since)] if args.since else [])
    cases = [
        (url, reader, since)
        for url in args.urls
        for since in windows
        for reader in (("auto", "sqlalchemy") if url.startswith("postgresql") else ("sqlalchemy",))
    ]
    # Interleaved, so a busy moment on the machine does not fall on one case only.
    runs: dict[tuple, list[dict[str, float]]] = {case: [] for case in cases}
    for _ in range(args.repeat):
        for case in cases:
            url, reader, since = case
            runs[case].append(cold_load(url, SqlSettings(reader=reader), since))
    print(
        f"{'source':<46} {'reader':<10} {'rows':>9}  {'read s':>11} {'validate s':>11} "
        f"{'total s':>11}   (median / min of {args.repeat})"
    )
    for (url, reader, since), results in runs.items():
        label = redact(url).split("@")[-1] + (f" since {since}" if since else "")
        cells = [
            f"{statistics.median(r[k] for r in results):5.2f} /{min(r[k] for r in results):5.2f}"
            for k in ("read", "validate", "total")
        ]
        print(f"{label:<46} {reader:<10} {int(results[0]['rows']):>9,}  {'  '.join(cells)}")


if __name__ == "__main__":
    main()
