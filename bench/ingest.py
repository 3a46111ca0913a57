"""Upload ingest against pandas + openpyxl on one large workbook, side by side in one run.

    python bench/ingest.py [--sessions 200000] [--repeat 3] [--workbook PATH]

Builds (or reuses, with --workbook) an .xlsx of the demo organisation scaled until it holds at
least --sessions session rows, with every table those sessions reference, one sheet per table.
Then, interleaved so a busy moment on the machine does not fall on one side only, it times:

- ours: the upload path on the file's bytes (read with calamine + detect + map + validate),
  exactly what the Data page and `python -m dashboard validate` run;
- pd.read_excel(sheet_name=None, engine="openpyxl"): reading every sheet, nothing else.

It prints the median and minimum of --repeat runs of each, the median of each of our phases,
and the speed-up (openpyxl median / ours median).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from dashboard.sources.demo import generate
from dashboard.sources.upload import UploadedFile, load, plan, read_files
from dashboard.sources.workbook import write_workbook

SESSIONS_PER_EMPLOYEE = 8.5  # what the demo generator produces, roughly


def build_workbook(path: Path, sessions: int) -> dict[str, int]:
    """Write the scaled demo organisation to `path`; returns the rows per sheet."""
    employees = int(sessions / SESSIONS_PER_EMPLOYEE) + 1
    frames = generate(employees=employees)
    while len(frames["sessions"]) < sessions:
        employees = int(employees * 1.05) + 1
        frames = generate(employees=employees)
    write_workbook(frames, path)
    return {name: len(frame) for name, frame in frames.items()}


def ours(path: Path) -> dict[str, float]:
    """Seconds for the upload path, by phase."""
    started = time.perf_counter()
    grids, failures = read_files([UploadedFile(path.name, path.read_bytes())])
    read = time.perf_counter()
    decided = plan(grids, failures=failures)
    mapped = time.perf_counter()
    result = load(decided)
    done = time.perf_counter()
    if result.data is None or result.report.rows_rejected:
        raise SystemExit(f"the benchmark workbook did not load cleanly: {result.message}")
    return {
        "read": read - started,
        "detect + map": mapped - read,
        "validate": done - mapped,
        "total": done - started,
    }


def openpyxl(path: Path) -> float:
    started = time.perf_counter()
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workbook", type=Path, help="reuse or keep the workbook here")
    args = parser.parse_args()
    path = args.workbook or Path(tempfile.mkdtemp()) / "ingest-bench.xlsx"
    if not path.exists():
        print(f"building {path} …", flush=True)
        rows = build_workbook(path, args.sessions)
        print("rows: " + ", ".join(f"{n} {t}" for t, n in rows.items()))
    print(f"workbook: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    phases: list[dict[str, float]] = []
    theirs_runs: list[float] = []
    for run in range(args.repeat):
        phases.append(ours(path))
        theirs_runs.append(openpyxl(path))
        print(f"run {run + 1}: ours {phases[-1]['total']:.2f} s, openpyxl {theirs_runs[-1]:.2f} s")
    ours_runs = [p["total"] for p in phases]
    ours_median, theirs_median = statistics.median(ours_runs), statistics.median(theirs_runs)
    print(f"\n{'':<52} {'median s':>9} {'min s':>9}   ({args.repeat} runs)")
    print(
        f"{'ours: read + detect + map + validate':<52} {ours_median:>9.2f} {min(ours_runs):>9.2f}"
    )
    print(
        f"{'pd.read_excel(engine=openpyxl), reading only':<52} {theirs_median:>9.2f} "
        f"{min(theirs_runs):>9.2f}"
    )
    print(f"\nspeed-up (median): {theirs_median / ours_median:.1f}x")
    medians = {k: statistics.median(p[k] for p in phases) for k in phases[0]}
    print("our phases (median): " + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items()))


if __name__ == "__main__":
    main()
