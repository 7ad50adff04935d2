#!/usr/bin/env python3
"""Analyse a JSONL dataset too big for one machine on a Dask cluster, with the Diversity Lens CLI.

Why this exists: corpora of hundreds of GB live on clusters, and the teams that own them already run an
engine (NeMo Curator on Dask, datatrove on Slurm or Ray). The CLI does the work; this script only cuts the
file into byte ranges, runs one `diversity-lens analyze FILE --byte-range S:E --partial P.dlpart` per range
as a Dask task, then runs `diversity-lens merge` on the partials, on this (the client) machine. The merged
report equals one `analyze FILE --chunk-bytes N` with the same options, except `timing` and `partials`
(docs/scale.md). A dataset of several files (files, folders, globs, as `analyze` takes them) is cut file by
file; each task runs `analyze INPUT… --range-file FILE --byte-range S:E --partial P.dlpart`, and the merged
report equals `analyze INPUT…`.

    python3 examples/dask/analyze_on_dask.py data.jsonl --out report.json [--scheduler tcp://HOST:8786]
    python3 examples/dask/analyze_on_dask.py shards/ --out report.json      # every dataset file below shards/

Needs Dask distributed (Debian: python3-distributed, installed by scripts/setup-python.sh) on this machine and
on the workers, the CLI on every worker, and the input and --workdir at the same paths everywhere (a shared
file system). Python 3.11, standard library + distributed only.
Exit codes: 0 done, 1 a task, the merge or the cluster failed, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

MIB = 1024 * 1024
DEFAULT_RANGE_BYTES = 256 * MIB
DEFAULT_CHUNK_BYTES = 32 * MIB  # the CLI's default --chunk-bytes
DEBIAN_PYTHON = "/usr/bin/python3"
REEXEC_MARK = "DIVERSITY_LENS_DASK_REEXEC"
REPO_CLI = Path(__file__).resolve().parents[2] / "dist" / "cli.js"


class Failure(Exception):
    """A failure to report on one line (or a few) and exit with `code`, never a traceback."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------- arguments


def parse_size(text: str) -> int:
    """'256M' → 268435456: sizes read like the bench's --bytes (K, M, G = 2^10, 2^20, 2^30)."""
    units = {"": 1, "K": 1024, "M": MIB, "G": 1024 * MIB}
    t = text.strip().upper().removesuffix("IB").removesuffix("B")
    suffix = t[-1] if t and t[-1] in "KMG" else ""
    number = t[: len(t) - len(suffix)]
    try:
        value = int(float(number) * units[suffix])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size like 268435456, 256M or 1G, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive size, got {text!r}")
    return value


def default_cli() -> str:
    """`diversity-lens` when installed on PATH, else this checkout's build (node dist/cli.js)."""
    if shutil.which("diversity-lens"):
        return "diversity-lens"
    if REPO_CLI.is_file():
        return f"node {shlex.quote(str(REPO_CLI))}"
    return "diversity-lens"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="analyze_on_dask.py",
        description=(
            "Run `diversity-lens analyze --partial` over byte ranges of a JSONL file as Dask tasks, then "
            "`diversity-lens merge` the partials into one report, equal to a single `analyze` with the same "
            "options and --chunk-bytes (except `timing` and `partials`)."
        ),
        epilog=(
            "Extra CLI options: anything after `--` is passed to every `analyze --partial` task as is, e.g. "
            "`-- --view full --mattr-window 50`. Exit codes: 0 done, 1 a task, the merge or the cluster "
            "failed, 2 usage or input error. See docs/scale.md."
        ),
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=(
            "the dataset, as `diversity-lens analyze` takes it: one or more JSONL files, folders (every dataset file "
            "below) or quoted globs ('data/train-*.jsonl'). Plain JSONL files are cut into ranges; a compressed, "
            "JSON-array or Parquet file is one task for the whole file"
        ),
    )
    p.add_argument("--out", required=True, metavar="REPORT", help="report to write, as the CLI's --out: .json, .md, or no extension for both")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://HOST:8786 (default: start a LocalCluster here)",
    )
    p.add_argument(
        "--range-bytes",
        metavar="N",
        type=parse_size,
        default=DEFAULT_RANGE_BYTES,
        help=(
            "bytes of the input per task (default 256M). Rounded UP to a multiple of --chunk-bytes: every range "
            "boundary then falls on a chunk boundary, which is what makes the merged report equal `analyze`"
        ),
    )
    p.add_argument(
        "--chunk-bytes",
        metavar="N",
        type=parse_size,
        default=DEFAULT_CHUNK_BYTES,
        help="the CLI's --chunk-bytes (default 32M, the CLI's default); compare with `analyze --chunk-bytes` of the same value",
    )
    p.add_argument(
        "--workdir",
        metavar="DIR",
        help=(
            "folder for the partials, at the same path on this machine and every worker (shared file system). "
            "Default: a new folder next to --out, removed after success"
        ),
    )
    p.add_argument("--keep-partials", action="store_true", help="keep the partials (and the default --workdir) after the run, even on failure")
    p.add_argument("--cli", default=None, metavar="COMMAND", help="command that runs the CLI on the workers and here (default: diversity-lens on PATH, else node <repo>/dist/cli.js)")
    p.add_argument("--workers-per-task", type=int, default=1, metavar="N", help="the CLI's --workers inside each task (default 1: Dask runs the tasks in parallel)")
    p.add_argument("--n-workers", type=int, default=2, metavar="N", help="workers of the LocalCluster started without --scheduler (default 2)")
    analysis = p.add_argument_group("analysis options (passed to every task; see `diversity-lens analyze --help`)")
    analysis.add_argument("--field", action="append", default=[], metavar="P")
    analysis.add_argument("--group-by", action="append", default=[], metavar="P")
    analysis.add_argument("--view", choices=["default", "full"])
    analysis.add_argument("--tokenizer", choices=["word", "wink"])
    analysis.add_argument("--near-threshold", metavar="T")
    analysis.add_argument("--mattr-window", metavar="N")
    analysis.add_argument("--tail-max", metavar="N")
    analysis.add_argument("--min-slice-rows", metavar="N")
    analysis.add_argument("--max-line-bytes", metavar="N")
    merge = p.add_argument_group("merge options (passed to `merge`)")
    merge.add_argument("--reference", metavar="FILE", help="reference (real/human) dataset for tail-token coverage, read by the merge on this machine")
    merge.add_argument("--reference-field", action="append", default=[], metavar="P")
    return p


def parse_args(argv: list[str]) -> argparse.Namespace:
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    args = build_parser().parse_args(argv)
    args.extra = extra
    if args.workers_per_task < 0 or args.n_workers < 1:
        raise Failure("--workers-per-task must be ≥ 0 and --n-workers ≥ 1", 2)
    args.cli_argv = shlex.split(args.cli if args.cli is not None else default_cli())
    if not args.cli_argv:
        raise Failure("--cli is empty", 2)
    return args


def analysis_flags(args: argparse.Namespace) -> list[str]:
    """The options every `analyze --partial` task gets, in the CLI's spelling."""
    flags: list[str] = []
    for path in args.field:
        flags += ["--field", path]
    for path in args.group_by:
        flags += ["--group-by", path]
    for name in ("view", "tokenizer", "near_threshold", "mattr_window", "tail_max", "min_slice_rows", "max_line_bytes"):
        value = getattr(args, name)
        if value is not None:
            flags += ["--" + name.replace("_", "-"), str(value)]
    return flags + args.extra


# ---------------------------------------------------------------------------------------------- planning


def round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


MAX_NAME_BYTES = 255
EMPTY_NAME = "unnamed"
# src/core/io/safeFileName.ts, in Python (test/unit/core/io/safeFileName.test.ts checks that both agree): separators
# and what Windows forbids, C0/C1 controls, bidi controls, BOM, line separators, and surrogates (an undecodable byte
# of a file name arrives as one, by surrogateescape)
UNSAFE_NAME_CHARS = re.compile('[<>:"/\\\\|?*\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]')
RESERVED_NAMES = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)\Z", re.IGNORECASE)


def _trim_ends(s: str) -> str:
    return re.sub(r"[. ]+\Z", "", re.sub(r"\A[. ]+", "", s))


def _cut_to_bytes(s: str, limit: int) -> str:
    out, used = [], 0
    for ch in s:
        n = len(ch.encode("utf-8", "surrogatepass"))
        if used + n > limit:
            break
        out.append(ch)
        used += n
    return "".join(out)


def safe_file_name(stem: str, suffix: str | None = None) -> str:
    """One safe path component made of `stem` (untrusted: a file's name) and `suffix` (ours, kept): the rule of
    src/core/io/safeFileName.ts, so a partial's name lands in --workdir whatever the input is called (no separator,
    no control or bidi character, no Windows device name, at most 255 bytes of UTF-8, never empty)."""
    ext, base = suffix, stem
    if ext is None:
        m = re.search(r"\.[A-Za-z0-9_-]{1,16}\Z", stem)
        ext = m.group(0) if m and m.start() > 0 else ""
        base = stem[: len(stem) - len(ext)]
    if len(ext.encode("utf-8")) > MAX_NAME_BYTES - 16:
        raise ValueError(f"suffix too long for a file name: {ext}")
    base = _trim_ends(UNSAFE_NAME_CHARS.sub("_", unicodedata.normalize("NFC", base)))
    base = _trim_ends(_cut_to_bytes(base, MAX_NAME_BYTES - len(ext.encode("utf-8"))))
    if base == "":
        base = EMPTY_NAME
    # a device name is checked on the final stem (a cut and a trim can make one), with room made for the "_"
    if RESERVED_NAMES.match(f"{base}{ext}".split(".")[0].rstrip(" ")):
        base = "_" + _trim_ends(_cut_to_bytes(base, MAX_NAME_BYTES - len(ext.encode("utf-8")) - 1))
    name = base + ext
    return re.sub(r"[. ]+\Z", "", name) + "_" if re.search(r"[. ]\Z", name) else name


def plan_ranges(inputs: list[str], range_bytes: int, chunk_bytes: int) -> list[dict]:
    """One task per byte range [start, end) of each input, every boundary a multiple of range_bytes (itself a
    multiple of chunk_bytes). A last piece shorter than one chunk joins the range before it (a task for the
    few bytes that end a file would cost a process start for nothing). A compressed, JSON-array, Parquet or empty
    file is one whole task (whole_file). Partial names: `NNN-<input name>.<range>.dlpart` made safe
    (safe_file_name), unique by the index and range."""
    tasks = []
    for file_index, path in enumerate(inputs):
        size = os.stat(path).st_size
        name = Path(path).name
        if size == 0 or whole_file(path):
            tasks.append({"file": path, "start": None, "end": None, "size": size, "name": safe_file_name(f"{file_index:03d}-{name}", ".whole.dlpart")})
            continue
        starts = list(range(0, size, range_bytes))
        if len(starts) > 1 and size - starts[-1] < chunk_bytes:
            starts.pop()
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else size
            tasks.append({"file": path, "start": start, "end": end, "size": size, "name": safe_file_name(f"{file_index:03d}-{name}", f".{start:015d}-{end:015d}.dlpart")})
    return tasks


SNIFF_BYTES = 64 * 1024  # src/core/reader/sniff.ts


def whole_file(path: str) -> bool:
    """Whether the CLI reads `path` whole (no byte ranges): gzip or zstd (by their magic bytes, as the CLI tells
    them), Parquet (PAR1), or one JSON array (the rule of looksLikeJsonArray in src/core/reader/sniff.ts). A wrong
    guess costs nothing but speed or a refused task: the CLI checks each task's range itself."""
    with open(path, "rb") as f:
        window = f.read(SNIFF_BYTES + 1)
    complete = len(window) <= SNIFF_BYTES
    window = window[:SNIFF_BYTES]
    if window.startswith((b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"PAR1")):
        return True
    at = 3 if window.startswith(b"\xef\xbb\xbf") else 0
    while at < len(window) and window[at] in b" \t\r\n":
        at += 1
    if at >= len(window) or window[at] != 0x5B or (at + 1 < len(window) and window[at + 1] == 0):
        return False
    nl = window.find(b"\n", at)
    if nl == -1 and not complete:
        return True
    line_end = len(window) if nl == -1 else nl
    try:
        json.loads(window[at:line_end].decode("utf-8"))
    except ValueError:
        return True  # the first line is not a value on its own: a pretty-printed or long array
    return complete and window[line_end:].strip() == b""


# src/core/pipeline/datasetFiles.ts: the file names a folder contributes
DATASET_FILE = re.compile(r"\.(jsonl|ndjson|json)(\.gz|\.zst)?\Z|\.parquet\Z", re.IGNORECASE)
GLOB_CHARS = re.compile(r"[*?[]")


def code_unit_order(path: str) -> bytes:
    """The sort key of JavaScript's string comparison (UTF-16 code units), which datasetFiles.ts sorts by."""
    return path.encode("utf-16-be", "surrogatepass")


def resolve_dataset(inputs: list[str]) -> list[str]:
    """The dataset's files, absolute, in the order `diversity-lens analyze INPUT…` reads them: the rules of
    src/core/pipeline/datasetFiles.ts (arguments in order; a folder = every dataset file below it, hidden entries
    skipped; a glob in the last path segment = its folder's matching files; both sorted; a file named twice read
    once). Why here too: the ranges are planned per file. Should the two ever disagree, a task's --range-file is
    refused, or merge refuses the set naming the file no partial holds: never a wrong report."""
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            out.append(path)

    for given in inputs:
        absolute = os.path.abspath(given)
        folder, base = os.path.split(absolute)
        if GLOB_CHARS.search(folder) and not os.path.exists(absolute):
            raise Failure(f"{given}: wildcards work in the last part of a path only (the folder must be named)", 2)
        if GLOB_CHARS.search(base) and not os.path.exists(absolute):
            try:
                entries = [e for e in os.scandir(folder) if e.is_file()]
            except OSError as err:
                raise Failure(f"{given}: {err.strerror}", 2) from None
            names = sorted(
                (e.name for e in entries if fnmatch.fnmatchcase(e.name, base) and (not e.name.startswith(".") or base.startswith("."))),
                key=code_unit_order,
            )
            if not names:
                raise Failure(f"{given}: no file matches", 2)
            for name in names:
                add(os.path.join(folder, name))
            continue
        if not os.path.exists(absolute):
            raise Failure(f"no such file or folder: {given}", 2)
        if os.path.isdir(absolute):
            found = []
            for here, dirs, files in os.walk(absolute):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(here, f) for f in files if not f.startswith(".") and DATASET_FILE.search(f) and os.path.isfile(os.path.join(here, f))]
            if not found:
                raise Failure(f"{given}: a folder with no dataset files (.jsonl, .ndjson, .json, each also .gz or .zst, and .parquet)", 2)
            for path in sorted(found, key=code_unit_order):
                add(path)
        elif not os.path.isfile(absolute):
            raise Failure(f"not a regular file: {given}", 2)
        else:
            add(absolute)
    for path in out:
        if not os.access(path, os.R_OK):
            raise Failure(f"permission denied: {path}", 2)
    return out


# ---------------------------------------------------------------------------------------------- tasks


def run_range(cli_argv: list[str], task: dict, workdir: str, flags: list[str], chunk_bytes: int, workers: int) -> dict:
    """Runs on a Dask worker: one `analyze --partial` over one byte range. Returns what happened, never raises,
    so the client reports every failed range with its stderr rather than the first exception. A task of a dataset
    of several files (task["dataset"]: the inputs as given, absolute) names the dataset and its file."""
    import socket

    partial = os.path.join(workdir, task["name"])
    target = [*task["dataset"], "--range-file", task["file"]] if task.get("dataset") else [task["file"]]
    argv = [*cli_argv, "analyze", *target, "--partial", partial, "--chunk-bytes", str(chunk_bytes), "--workers", str(workers), "--quiet"]
    if task["start"] is not None:
        argv += ["--byte-range", f"{task['start']}:{task['end']}"]
    argv += flags
    started = time.monotonic()
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        code, stderr = done.returncode, done.stderr
    except OSError as err:  # the CLI is not installed on this worker, or not executable
        code, stderr = 127, f"cannot run {shlex.join(cli_argv)}: {err}"
    return {
        "code": code,
        "stderr": stderr,
        "seconds": time.monotonic() - started,
        "host": socket.gethostname(),
        "argv": argv,
        "partial": partial,
        "partial_bytes": os.path.getsize(partial) if code == 0 and os.path.exists(partial) else None,
    }


def cli_version(cli_argv: list[str]) -> str:
    """The CLI's `--version`, or an error string (runs on the client and, via client.run, on every worker)."""
    import socket

    try:
        done = subprocess.run([*cli_argv, "--version"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"error on {socket.gethostname()}: cannot run {shlex.join(cli_argv)}: {err}"
    if done.returncode != 0:
        return f"error on {socket.gethostname()}: {shlex.join(cli_argv)} --version exited {done.returncode}: {done.stderr.strip()[-500:]}"
    return done.stdout.strip()


def describe_range(task: dict) -> str:
    if task["start"] is None:
        return f"{task['file']} (whole file)"
    return f"{task['file']} bytes {task['start']}:{task['end']}"


def tail(text: str, lines: int = 15) -> str:
    kept = text.strip().splitlines()[-lines:]
    return "\n".join("    " + line for line in kept) if kept else "    (no stderr)"


def summarize(failures: list[str], detailed: int = 3) -> str:
    """The first failures in full (command and stderr), the rest one line each: a thousand ranges that fail for
    the same reason should not bury the reason."""
    shown = failures[:detailed]
    rest = [f.splitlines()[0] + ": " + f.strip().splitlines()[-1].strip() for f in failures[detailed:]]
    return "\n".join(shown + rest[:50] + ([f"... and {len(rest) - 50} more"] if len(rest) > 50 else []))


def say(message: str) -> None:
    print(f"analyze_on_dask: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- dask


def import_distributed():
    """Dask distributed, or a re-run under Debian's /usr/bin/python3 (where python3-distributed installs) when
    this interpreter (pyenv, a venv) cannot import it, or a clear error."""
    try:
        import distributed  # noqa: F401

        return distributed
    except ImportError:
        pass
    here = os.path.realpath(sys.executable)
    if (
        os.environ.get(REEXEC_MARK) != "1"
        and os.path.exists(DEBIAN_PYTHON)
        and here != os.path.realpath(DEBIAN_PYTHON)
        and subprocess.run([DEBIAN_PYTHON, "-c", "import distributed"], capture_output=True).returncode == 0
    ):
        say(f"{sys.executable} cannot import distributed; re-running under {DEBIAN_PYTHON} (Debian's python3-distributed)")
        sys.stdout.flush()
        os.environ[REEXEC_MARK] = "1"
        os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
    raise Failure(
        f"Dask distributed is not installed for {sys.executable}: run `bash scripts/setup-python.sh` "
        "(Debian's python3-distributed) or `pip install distributed`",
        2,
    )


def open_client(distributed, args: argparse.Namespace):
    """A client of --scheduler, or of a LocalCluster of --n-workers single-threaded worker processes.
    Returns (client, cluster or None); the caller closes both."""
    import logging

    if args.scheduler:
        try:
            return distributed.Client(args.scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as err:
            raise Failure(f"cannot reach the Dask scheduler at {args.scheduler}: {err}") from None
    cluster = distributed.LocalCluster(
        n_workers=args.n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    try:
        return distributed.Client(cluster), cluster
    except BaseException:
        cluster.close()
        raise


def check_workers(client, cli_argv: list[str], local_version: str) -> int:
    """Every worker runs the same CLI version as this machine (merge refuses partials of another version)."""
    versions = client.run(cli_version, cli_argv)
    if not versions:
        raise Failure("the Dask cluster has no workers")
    bad = {worker: v for worker, v in versions.items() if v != local_version}
    if bad:
        lines = "\n".join(f"    {worker}: {v}" for worker, v in sorted(bad.items()))
        raise Failure(
            f"the CLI on these workers is missing or not version {local_version} (the CLI must be installed on every worker):\n{lines}"
        )
    return len(versions)


def run(args: argparse.Namespace) -> int:
    inputs = resolve_dataset(args.inputs)
    # one file named as such: its partials are of the file alone; otherwise every task names the whole dataset
    single = len(args.inputs) == 1 and len(inputs) == 1 and os.path.abspath(args.inputs[0]) == inputs[0]
    distributed = import_distributed()
    chunk_bytes = args.chunk_bytes
    range_bytes = round_up(args.range_bytes, chunk_bytes)
    if range_bytes != args.range_bytes:
        say(f"--range-bytes {args.range_bytes} rounded up to {range_bytes}, a multiple of --chunk-bytes {chunk_bytes}")
    out = os.path.abspath(args.out)
    if not os.path.isdir(os.path.dirname(out)):
        raise Failure(f"the folder of --out does not exist: {os.path.dirname(out)}", 2)
    reference = os.path.abspath(args.reference) if args.reference else None
    if reference and not os.path.isfile(reference):
        raise Failure(f"no such file: {args.reference} (--reference)", 2)
    flags = analysis_flags(args)
    tasks = plan_ranges(inputs, range_bytes, chunk_bytes)
    if not single:
        dataset = [os.path.abspath(given) for given in args.inputs]
        for task in tasks:
            task["dataset"] = dataset

    local_version = cli_version(args.cli_argv)
    if local_version.startswith("error on"):
        raise Failure(f"the CLI does not run here ({local_version}); pass --cli, e.g. --cli 'node /path/to/dist/cli.js'", 2)

    made_workdir = args.workdir is None
    if made_workdir:
        workdir = tempfile.mkdtemp(prefix=".dlparts-", dir=os.path.dirname(out))
    else:
        workdir = os.path.abspath(args.workdir)
        os.makedirs(workdir, exist_ok=True)
    started = time.monotonic()
    try:
        say(f"{len(tasks)} task(s) of up to {range_bytes} bytes over {len(inputs)} file(s); partials in {workdir}")
        if not single and len(inputs) > 1:
            say(f"the dataset's files, in order: {', '.join(inputs[:5])}{', …' if len(inputs) > 5 else ''}")
        client, cluster = open_client(distributed, args)
        try:
            n = check_workers(client, args.cli_argv, local_version)
            where = args.scheduler or f"a LocalCluster ({n} workers)"
            say(f"running on {where}, diversity-lens {local_version}")
            futures = client.map(
                run_range,
                [args.cli_argv] * len(tasks),
                tasks,
                [workdir] * len(tasks),
                [flags] * len(tasks),
                [chunk_bytes] * len(tasks),
                [args.workers_per_task] * len(tasks),
                pure=False,
            )
            task_of = {f.key: t for f, t in zip(futures, tasks)}
            failures = []
            done = 0
            for future in distributed.as_completed(futures):
                task = task_of[future.key]
                done += 1
                try:
                    result = future.result()
                except Exception as err:  # the worker died or Dask gave up on the task
                    failures.append(f"{describe_range(task)}: the task failed on Dask: {type(err).__name__}: {err}")
                    say(f"[{done}/{len(tasks)}] FAILED {describe_range(task)}")
                    continue
                if result["code"] != 0:
                    failures.append(
                        f"{describe_range(task)} on {result['host']}: exit {result['code']}\n"
                        f"    command: {shlex.join(result['argv'])}\n{tail(result['stderr'])}"
                    )
                    say(f"[{done}/{len(tasks)}] FAILED {describe_range(task)} (exit {result['code']})")
                elif not os.path.isfile(result["partial"]):
                    failures.append(
                        f"{describe_range(task)}: {result['host']} wrote {result['partial']}, which this machine cannot see: "
                        "--workdir must be a folder shared by this machine and every worker, at the same path"
                    )
                else:
                    say(
                        f"[{done}/{len(tasks)}] {describe_range(task)}: {result['seconds']:.1f} s on {result['host']}, "
                        f"partial {result['partial_bytes']} bytes"
                    )
            if failures:
                raise Failure(f"{len(failures)} of {len(tasks)} task(s) failed:\n" + summarize(failures))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        mapped = time.monotonic() - started

        # absolute names, and the client's working directory: a relative --cli works here as on a LocalCluster
        merge_argv = [*args.cli_argv, "merge", *[os.path.join(workdir, t["name"]) for t in tasks], "--out", out, "--quiet"]
        if reference:
            merge_argv += ["--reference", reference]
        for path in args.reference_field:
            merge_argv += ["--reference-field", path]
        say(f"merging {len(tasks)} partial(s) into {args.out}")
        merge_started = time.monotonic()
        merged = subprocess.run(merge_argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if merged.returncode != 0:
            raise Failure(f"merge failed (exit {merged.returncode}): {shlex.join(merge_argv)}\n{tail(merged.stderr)}")
        say(
            f"done in {time.monotonic() - started:.1f} s (tasks {mapped:.1f} s, merge {time.monotonic() - merge_started:.1f} s); "
            f"report: {args.out}"
        )
        return 0
    finally:
        if args.keep_partials:
            say(f"partials kept in {workdir}")
        else:
            remove_partials(workdir, tasks, made_workdir)


def remove_partials(workdir: str, tasks: list[dict], made_workdir: bool) -> None:
    """Deletes the partials this run named (and the folder it made); never anything else in a given --workdir."""
    for task in tasks:
        path = os.path.join(workdir, task["name"])
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
    if made_workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    # no __pycache__ next to the script from the LocalCluster's worker processes (they inherit the environment)
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    try:
        return run(parse_args(argv))
    except Failure as failure:
        say(str(failure))
        return failure.code
    except KeyboardInterrupt:
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
