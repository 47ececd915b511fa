"""build.py packs a folder reproducibly: same files in, same archive bytes out, whatever the
files' times, the order they were written in, or the builder's owner and umask."""

from __future__ import annotations

import gzip
import os
import tarfile
import zipfile

import pytest

from tests.packaging.build_modules import fresh_build_script




@pytest.fixture
def builder(tmp_path, monkeypatch):
    module = fresh_build_script()
    monkeypatch.setattr(module, "DIST", tmp_path / "dist")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    (tmp_path / "dist").mkdir()
    return module


def _folder(root, names, mtime):
    folder = root / "netlm-risk"
    for name in names:  # written in the order given
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode() * 100)
        os.utime(path, (mtime, mtime))
    (folder / "netlm-risk").write_bytes(b"\x7fELF bootloader")
    (folder / "netlm-risk").chmod(0o700)
    return folder


@pytest.mark.parametrize("windows", [False, True])
def test_two_packings_of_the_same_files_are_byte_identical(builder, tmp_path, monkeypatch, windows):
    if windows:
        monkeypatch.setattr(builder.sys, "platform", "win32")
    names = ["_internal/b.txt", "_internal/a/z.so", "_internal/a/y.json"]
    first = builder.make_archive(_folder(tmp_path / "one", names, 1_000_000_000))
    first_bytes = first.read_bytes()
    second = builder.make_archive(_folder(tmp_path / "two", list(reversed(names)), 1_700_000_000))
    assert second.name == first.name and second.read_bytes() == first_bytes
    assert first.suffix == (".zip" if windows else ".gz")


def test_the_tar_is_sorted_owned_by_root_with_fixed_times_and_a_timeless_gzip_header(builder, tmp_path):
    archive = builder.make_archive(_folder(tmp_path, ["_internal/b.txt", "_internal/a.txt"], 1_000_000_000))
    header = archive.read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0"  # gzip MTIME field: none
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "root", "root", 1764000000)}
    modes = {m.name: m.mode for m in members}
    assert modes["netlm-risk/netlm-risk"] == 0o755 and modes["netlm-risk/_internal/a.txt"] == 0o644
    with gzip.open(archive) as stream:
        assert stream.read(1)  # a valid gzip stream


def test_the_zip_has_fixed_times(builder, tmp_path, monkeypatch):
    monkeypatch.setattr(builder.sys, "platform", "win32")
    archive = builder.make_archive(_folder(tmp_path, ["_internal/a.txt"], 1_000_000_000))
    with zipfile.ZipFile(archive) as zf:
        stamps = {info.date_time for info in zf.infolist()}
        names = [info.filename for info in zf.infolist()]
    assert stamps == {(2025, 11, 24, 16, 0, 0)} and names == sorted(names)
