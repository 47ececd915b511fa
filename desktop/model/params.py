"""Loading, checking and verifying the parameter files in ``model_params/``.

Every published number lives in ``model_params/mayo2023.json`` with its source line;
the calibrated baseline and the Monte-Carlo draws live in ``mayo2023_derived.json``,
produced from it by ``python -m desktop.model.derive``, which writes the same numbers to
``mayo2023_derived.npy`` as well: the application reads that binary copy (parsing the JSON's
350 KB cost a process start as long as its prediction) and verifies both files' sha256.
Nothing here holds a number of its own: this module reads, checks shapes and ranges, and
verifies sha256 sums.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

import numpy as np

from desktop import paths
from desktop.model.checksums import EXPECTED_SHA256

PUBLISHED_FILE = "mayo2023.json"
DERIVED_FILE = "mayo2023_derived.json"
# The derived numbers as one float64 array (len(OUTCOMES), 1 + draws, 6 + len(COVARIATES)): per outcome,
# row 0 is the point estimate and row 1 + d draw d; columns 0-2 the knot months, 3-5 the cumulative
# hazard at the knots, then the ln HRs (row 0: the published ones, which tie the file to mayo2023.json).
DERIVED_ARRAYS_FILE = "mayo2023_derived.npy"

OUTCOMES = ("overall_survival", "progression_free_survival")

# The order of the coefficient vector; one entry per row of the paper's Tables 3 and 4.
COVARIATES = (
    "age_per_year",
    "primary_pancreas",
    "primary_other",
    "ki67_3_20",
    "ki67_over_20",
    "lesions_4_9",
    "lesions_10_plus",
    "size_per_cm",
    "extrahepatic",
    "cytoreduction_incomplete_over_90",
    "cytoreduction_incomplete_under_90",
)

Z_95 = 1.959963984540054  # two-sided 95% normal quantile; the design's "3.92" is 2 x 1.96


class ParameterError(Exception):
    """A parameter file is missing, unreadable, malformed or altered (CLI exit code 3)."""


try:  # CPython's own SHA-256: hashlib would load OpenSSL first, about 4 ms of every start
    from _sha256 import sha256 as _sha256  # Python 3.11
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256 as _sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256 as _sha256


def sha256_hex(data: bytes) -> str:
    return _sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256_hex(path.read_bytes())


def manifest_sha256(file_sums: dict[str, str]) -> str:
    """sha256 of a ``sha256sum``-style manifest of the files, in name order.

    Reproducible with ``cd model_params && sha256sum <files in name order> | sha256sum``.
    """
    manifest = "".join(f"{file_sums[name]}  {name}\n" for name in sorted(file_sums))
    return sha256_hex(manifest.encode("ascii"))


def _read_json(path: Path) -> dict:
    if not path.is_file():
        raise ParameterError(f"parameter file missing: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ParameterError(f"parameter file unreadable or not valid JSON: {path} ({exc})") from None
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file malformed (not a JSON object): {path}")
    return data


def verify_file(path: Path) -> str:
    """Return the file's sha256, or raise if it differs from the expected one."""
    if not path.is_file():
        raise ParameterError(f"parameter file missing: {path}")
    expected = EXPECTED_SHA256.get(path.name)
    actual = file_sha256(path)
    if expected is None:
        raise ParameterError(f"unexpected parameter file (no expected sha256): {path}")
    if actual != expected:
        raise ParameterError(
            f"parameter file altered or corrupted: {path} "
            f"(sha256 {actual[:12]}..., expected {expected[:12]}...); reinstall netlm-risk"
        )
    return actual


def _require(condition: bool, path: Path, what: str) -> None:
    if not condition:
        raise ParameterError(f"parameter file malformed: {path}: {what}")


def _check_published(data: dict, path: Path) -> None:
    for key in ("model", "source", "hazard_ratios", "milestones", "cohort_table1", "centring", "derivation_range"):
        _require(key in data, path, f"missing section '{key}'")
    for outcome in OUTCOMES:
        table = data["hazard_ratios"].get(outcome)
        _require(isinstance(table, dict), path, f"missing hazard ratios for {outcome}")
        for name in COVARIATES:
            entry = table.get(name)
            _require(isinstance(entry, dict), path, f"{outcome}: missing covariate '{name}'")
            values = [entry.get(k) for k in ("hr", "lower", "upper")]
            _require(
                all(isinstance(v, (int, float)) and math.isfinite(v) and v > 0 for v in values),
                path,
                f"{outcome}.{name}: hr, lower and upper must be positive numbers",
            )
            _require(values[1] <= values[0] <= values[2], path, f"{outcome}.{name}: need lower <= hr <= upper")
        milestones = data["milestones"].get(outcome)
        _require(isinstance(milestones, list) and len(milestones) == 3, path, f"{outcome}: need 3 milestones")
        months = [m.get("months") for m in milestones]
        survival = [m.get("survival") for m in milestones]
        _require(months == sorted(months) and len(set(months)) == 3, path, f"{outcome}: milestone months not increasing")
        _require(all(0 < s < 1 for s in survival) and survival == sorted(survival, reverse=True),
                 path, f"{outcome}: milestone survival not decreasing in (0, 1)")


class Baseline(NamedTuple):
    """Piecewise-linear baseline cumulative hazard H0 through (0, 0) and the knots."""

    knot_months: np.ndarray  # (..., K)
    cumulative_hazard: np.ndarray  # (..., K)


@dataclass(frozen=True)
class ModelParams:
    published: dict
    log_hr: dict  # outcome -> (P,) published ln HR
    log_hr_se: dict  # outcome -> (P,) SE from the published 95% CI
    baseline: dict  # outcome -> Baseline (point estimate)
    draw_log_hr: dict  # outcome -> (D, P)
    draw_baseline: dict  # outcome -> Baseline with (D, K) arrays
    file_sha256: dict = field(default_factory=dict)
    sha256: str = ""

    @property
    def name(self) -> str:
        return self.published["model"]["name"]

    @property
    def version(self) -> str:
        return self.published["model"]["version"]

    @property
    def citation(self) -> str:
        return self.published["source"]["citation"]

    @property
    def table1(self) -> dict:
        return self.published["cohort_table1"]

    @property
    def derivation_range(self) -> dict:
        return self.published["derivation_range"]

    @property
    def centring(self) -> dict:
        return self.published["centring"]

    def last_knot_months(self, outcome: str) -> float:
        """End of the data-supported range: beyond it the curve is extrapolated."""
        return float(self.baseline[outcome].knot_months[-1])

    def hazard_ratio(self, outcome: str, covariate: str) -> dict:
        return self.published["hazard_ratios"][outcome][covariate]

    @property
    def n_draws(self) -> int:
        return int(self.draw_log_hr[OUTCOMES[0]].shape[0])


def published_log_hr(published: dict, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    """ln HR and its SE, SE = (ln upper - ln lower) / (2 x 1.96) (design/model.md)."""
    table = published["hazard_ratios"][outcome]
    hr = np.array([table[c]["hr"] for c in COVARIATES], dtype=float)
    lower = np.array([table[c]["lower"] for c in COVARIATES], dtype=float)
    upper = np.array([table[c]["upper"] for c in COVARIATES], dtype=float)
    return np.log(hr), (np.log(upper) - np.log(lower)) / (2 * Z_95)


def load_published(directory: Path | None = None, verify: bool = True) -> tuple[dict, str]:
    directory = Path(directory) if directory else paths.model_params_dir()
    path = directory / PUBLISHED_FILE
    digest = verify_file(path) if verify else (file_sha256(path) if path.is_file() else "")
    data = _read_json(path)
    _check_published(data, path)
    return data, digest


def _baseline_from(knots: np.ndarray, hazard: np.ndarray, path: Path, what: str) -> Baseline:
    _require(bool(np.all(np.diff(knots, axis=-1) > 0)) and bool(np.all(knots > 0)), path, f"{what}: knots not increasing")
    _require(bool(np.all(np.diff(hazard, axis=-1) > 0)) and bool(np.all(hazard > 0)), path, f"{what}: cumulative hazard not increasing")
    return Baseline(np.ascontiguousarray(knots), np.ascontiguousarray(hazard))


def derived_arrays(derived: dict, published: dict) -> np.ndarray:
    """The derived file's numbers in the layout of DERIVED_ARRAYS_FILE (for ``derive``)."""
    out = []
    for outcome in OUTCOMES:
        point, draws = derived["point"][outcome], derived["draws"][outcome]
        first = np.concatenate([point["knot_months"], point["cumulative_hazard"], published_log_hr(published, outcome)[0]])
        rest = np.concatenate([np.asarray(draws[k], dtype=float) for k in ("knot_months", "cumulative_hazard", "log_hr")],
                              axis=1)
        out.append(np.concatenate([first[None, :], rest]))
    return np.array(out, dtype=np.float64)


def derived_arrays_bytes(arrays: np.ndarray) -> bytes:
    """DERIVED_ARRAYS_FILE's bytes: numpy's .npy format, version 1.0."""
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(arrays, dtype="<f8"), version=(1, 0), allow_pickle=False)
    return buffer.getvalue()


def _read_arrays(path: Path, verify: bool) -> tuple[np.ndarray, str]:
    """DERIVED_ARRAYS_FILE, its sha256 verified as ``verify_file`` does (one read of the file)."""
    if not path.is_file():
        raise ParameterError(f"parameter file missing: {path}")
    data = path.read_bytes()
    digest = sha256_hex(data)
    if verify and EXPECTED_SHA256.get(path.name) != digest:
        verify_file(path)  # words the refusal
    try:
        arrays = np.load(io.BytesIO(data), allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise ParameterError(f"parameter file unreadable: {path} ({exc})") from None
    _require(arrays.dtype == np.float64 and arrays.ndim == 3 and arrays.shape[0] == len(OUTCOMES)
             and arrays.shape[1] > 1 and arrays.shape[2] == 6 + len(COVARIATES), path, f"shape {arrays.shape}")
    _require(bool(np.all(np.isfinite(arrays))), path, "non-finite values")
    return arrays, digest


_CACHE: dict = {}


def load_params(directory: Path | None = None, verify: bool = True) -> ModelParams:
    """Load and check both parameter files; cached per folder.

    Raises ParameterError when a file is missing, malformed, or its sha256 differs
    from ``checksums.EXPECTED_SHA256`` (``verify=False`` only for the derive script).
    """
    directory = Path(directory) if directory else paths.model_params_dir()
    key = (str(directory.resolve()), verify)
    if key in _CACHE:
        return _CACHE[key]
    if verify:
        # Every shipped file, whether this command reads it or not: a damaged installation is
        # refused as a whole (a cohort prediction must not run beside an altered evidence file).
        for name in sorted(set(EXPECTED_SHA256) - {PUBLISHED_FILE, DERIVED_FILE, DERIVED_ARRAYS_FILE}):
            verify_file(directory / name)
    published, published_sum = load_published(directory, verify)
    derived_path = directory / DERIVED_FILE
    derived_sum = verify_file(derived_path) if verify else (file_sha256(derived_path) if derived_path.is_file() else "")
    arrays_path = directory / DERIVED_ARRAYS_FILE
    arrays, _ = _read_arrays(arrays_path, verify)

    log_hr, log_hr_se, baseline, draw_log_hr, draw_baseline = {}, {}, {}, {}, {}
    for outcome, table in zip(OUTCOMES, arrays):
        log_hr[outcome], log_hr_se[outcome] = published_log_hr(published, outcome)
        # to the last bits only: np.log of the same numbers may round differently on another CPU
        _require(bool(np.allclose(table[0, 6:], log_hr[outcome], rtol=1e-12, atol=0)), arrays_path,
                 f"derived from a different {PUBLISHED_FILE}; rerun python -m desktop.model.derive")
        baseline[outcome] = _baseline_from(table[0, :3], table[0, 3:6], arrays_path, f"point.{outcome}")
        draw_log_hr[outcome] = np.ascontiguousarray(table[1:, 6:])
        draw_baseline[outcome] = _baseline_from(table[1:, :3], table[1:, 3:6], arrays_path, f"draws.{outcome}")

    sums = {PUBLISHED_FILE: published_sum, DERIVED_FILE: derived_sum}
    params = ModelParams(
        published=published,
        log_hr=log_hr,
        log_hr_se=log_hr_se,
        baseline=baseline,
        draw_log_hr=draw_log_hr,
        draw_baseline=draw_baseline,
        file_sha256=sums,
        sha256=manifest_sha256(sums),
    )
    _CACHE[key] = params
    return params


def clear_cache() -> None:
    _CACHE.clear()
