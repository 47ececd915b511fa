"""The release workflow (.github/workflows/release.yml) is valid and runs what CI runs.

It cannot run here (Windows and macOS runners), so what can be checked is checked: the file
against the GitHub-workflow schema that check-jsonschema ships (offline), and that its build and
smoke commands, test command and Linux packages are those of .ci/run and build/ci_smoke.sh, so
that the two cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
CI_RUN = REPO / ".ci" / "run"
CI_SMOKE = REPO / "build" / "ci_smoke.sh"
# Steps that exist only in the release workflow, after code signing (they re-pack signed files).
SIGNING_ONLY = ("--repack", "--checksums")


def _schema_check(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict:
    from ruamel.yaml import YAML  # check-jsonschema's YAML reader (test extra)

    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def _commands(script: str) -> list[str]:
    """Shell command lines of ``script``, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", script)
    lines = [line.split(" #", 1)[0].strip() for line in joined.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _build_and_smoke(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        words = shlex.split(line.replace("$PY", "python"))
        if any(w in ("build/build.py", "build/smoke.py") for w in words) and not any(o in words for o in SIGNING_ONLY):
            found.append(" ".join(words))
    return found


def _apt_packages(script: str) -> set[str]:
    packages = set()
    for line in _commands(script):
        if "apt-get install" in line:
            words = line.split(">", 1)[0].split()
            packages |= {w for w in words[words.index("install") + 1:] if not w.startswith("-")}
    return packages


def test_the_workflow_passes_the_github_workflow_schema():
    result = _schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_does_reject_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:"), encoding="utf-8")
    result = _schema_check(broken)
    assert result.returncode != 0 and "runs-on" in result.stdout


def test_ci_builds_and_smoke_tests_through_ci_smoke(workflow):
    ci = _commands(CI_RUN.read_text(encoding="utf-8"))
    assert any(line.endswith("bash build/ci_smoke.sh") for line in ci)
    assert _build_and_smoke(_commands(CI_SMOKE.read_text(encoding="utf-8"))) == [
        "python build/build.py --repro-check", "python build/smoke.py"]


def test_the_workflow_builds_and_smoke_tests_as_ci_does_on_every_platform(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    ci_commands = _build_and_smoke(_commands(CI_SMOKE.read_text(encoding="utf-8")))
    workflow_commands = []
    for step in steps:
        found = _build_and_smoke(_commands(step.get("run", "")))
        if found:
            assert "if" not in step, f"'{step.get('name')}' must run on every platform"
            workflow_commands += found
    assert workflow_commands == ci_commands
    names = {entry["name"] for entry in workflow["jobs"]["build"]["strategy"]["matrix"]["include"]}
    assert names == {"linux-x86_64", "windows-x86_64", "macos-x86_64", "macos-arm64"}


def test_the_workflow_runs_the_whole_test_suite_offscreen_as_ci_does(workflow):
    job = workflow["jobs"]["build"]
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    assert "export QT_QPA_PLATFORM=offscreen" in CI_RUN.read_text(encoding="utf-8")
    runs = [line for step in job["steps"] for line in _commands(step.get("run", ""))]
    tests = [line for line in runs if re.search(r"\bpytest\b", line)]
    assert tests == ["python -m pytest -q -p no:cacheprovider"]  # no paths: the whole suite, as `pytest` in .ci/run
    assert any("pip install -c build/constraints.txt '.[test,build]'" in line for line in runs)


def test_the_workflow_installs_the_linux_packages_ci_installs(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    workflow_apt = set().union(*(_apt_packages(step.get("run", "")) for step in steps))
    assert workflow_apt and workflow_apt == _apt_packages(CI_RUN.read_text(encoding="utf-8"))


def test_signing_steps_are_skipped_without_their_secrets(workflow):
    steps = {step.get("name", step.get("uses")): step for step in workflow["jobs"]["build"]["steps"]}
    for name in ("Sign the Windows executables", "Sign the macOS app", "Notarise the macOS disk image",
                 "Pack the signed program again (archive, SBOM, SHA256SUMS)"):
        assert "!= ''" in steps[name]["if"], name
    assert "== ''" in steps["Say when the artefacts are unsigned"]["if"]


def test_the_pinned_versions_are_inside_the_ranges_of_pyproject():
    """build/constraints.txt must not pin outside pyproject.toml's ranges (pip would fail on the runners)."""
    from packaging.requirements import Requirement

    pins = {}
    for line in (REPO / "build" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"] + project["optional-dependencies"]["build"]
    shipped = {re.sub(r"[-_.]+", "-", Requirement(t).name).lower() for t in project["dependencies"] + project["optional-dependencies"]["build"]}
    for text in requirements:
        requirement = Requirement(text)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if name not in pins:
            assert name not in shipped, f"{requirement.name} goes into the executable but is not pinned in build/constraints.txt"
            continue  # a test tool not pinned yet: the newest in range is installed
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {requirement}"
