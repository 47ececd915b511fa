"""Qt-free file helpers: atomic writes and case/cohort reading with clear errors."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import time
from pathlib import Path
from typing import Any

from desktop.model.case import FIELDS, Case, CaseError, validate_case

MAX_CASE_BYTES = 1_000_000
MAX_COHORT_BYTES = 200_000_000


class InputError(Exception):
    """Bad input: one or more lines, each naming the field (and the line of a CSV)."""

    def __init__(self, problems: list[str] | str):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(problems))
        self.problems = problems


def safe_stem(text: str | None, max_chars: int = 40) -> str:
    """``text`` as a file-name stem that every file system takes: letters, digits, - and _
    kept, anything else (a path separator, a space) made "_"; "" when nothing is left."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (text or "").strip())
    return cleaned[:max_chars].strip("_")


# Windows refuses to replace a file that another program holds open without sharing deletion
# (Excel, a PDF viewer; briefly a virus scanner or the search indexer): the rename is retried
# for about two seconds, then the save fails with FileBusyError and the old file stays as it was.
_WINDOWS = os.name == "nt"
REPLACE_ATTEMPTS = 10
REPLACE_PAUSE_S = 0.2


class FileBusyError(PermissionError):
    """The target file is held open by another program that does not let it be replaced (Windows)."""

    def __init__(self, path: Path):
        super().__init__(errno.EACCES, "it is open in another program; close it there, then save again", str(path))


def _replace(tmp_name: str, path: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp_name, path)
            return
        except PermissionError:
            if not _WINDOWS:
                raise  # POSIX: a permission problem, which waiting does not change
            if attempt + 1 < REPLACE_ATTEMPTS:
                time.sleep(REPLACE_PAUSE_S)
    raise FileBusyError(path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it. Windows cannot open a folder
    as a file (os.open fails there) and journals the rename in NTFS's metadata; it is skipped."""
    if _WINDOWS:
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the old file survives any failure.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, and
    only then replace the target (``os.replace`` is atomic on POSIX and Windows). If the
    target cannot be replaced, the temporary file is removed and the old file is untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # when a file is written, not at every start (it brings shutil, bz2, lzma and random)

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a case file")


def _read_text(path: Path, limit: int) -> str:
    """The file's UTF-8 text (a byte-order mark is dropped); InputError says why not."""
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file too large ({size} bytes; the limit is {limit}): {path}")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def parse_case_json(text: str, source: str = "case") -> Case:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise InputError(f"{source}: not valid JSON ({exc})") from None
    except RecursionError:  # e.g. 100,000 nested brackets
        raise InputError(f"{source}: not a case file (JSON nested too deeply)") from None
    try:
        return validate_case(data)
    except CaseError as exc:
        raise InputError(exc.problems) from None


def read_case_file(path: Path | str) -> Case:
    path = Path(path)
    text = _read_text(path, MAX_CASE_BYTES)
    return parse_case_json(text, str(path))


def case_to_json(case: Case) -> str:
    return json.dumps(case.to_dict(), indent=2, ensure_ascii=False) + "\n"


def read_cohort_csv(path: Path | str) -> tuple[list[str], list[dict[str, str]], list[Case]]:
    """Header, raw rows and validated cases of a cohort CSV; any bad row fails the whole file."""
    path = Path(path)
    text = _read_text(path, MAX_COHORT_BYTES)
    if not text.strip():
        raise InputError(f"{path}: the file is empty (a header row is required)")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"{path}: line 1: not readable as CSV ({exc})") from None
    header = [h.strip() for h in header]
    problems = []
    if len(header) == 1 and ";" in header[0]:
        raise InputError(f"{path}: line 1: the file looks semicolon-separated; save it with commas as separators")
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        problems.append(f"{path}: line 1: duplicated column(s): {', '.join(duplicates)}")
    unknown = [h for h in header if h not in FIELDS]
    if unknown:
        problems.append(f"{path}: line 1: unknown column(s): {', '.join(repr(h) for h in unknown)}")
    missing = [name for name, spec in FIELDS.items() if spec.required and name not in header]
    if missing:
        problems.append(f"{path}: line 1: missing required column(s): {', '.join(missing)}")
    if problems:
        raise InputError(problems)
    rows, cases = [], []
    try:
        for row_values in reader:
            line = reader.line_num
            if not any(v.strip() for v in row_values):
                continue  # blank line
            if len(row_values) != len(header):
                problems.append(f"line {line}: expected {len(header)} cells, found {len(row_values)}")
                continue
            row = dict(zip(header, row_values))
            try:
                cases.append(validate_case(row, from_text=True))
                rows.append(row)
            except CaseError as exc:
                problems.extend(f"line {line}: {p}" for p in exc.problems)
            if len(problems) > 200:
                problems.append("... (more problems not listed)")
                break
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: not readable as CSV ({exc})")
    if problems:
        raise InputError(problems)
    if not cases:
        raise InputError(f"{path}: no patient rows below the header")
    return header, rows, cases
