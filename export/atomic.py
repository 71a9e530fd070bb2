"""Writes that either complete or leave the earlier files in place: one file, or a whole folder.

`replace_folder` is how out/ changes as one unit: the new set is written into a fresh folder
beside out/ and swapped with out/ in one step (Linux `renameat2(RENAME_EXCHANGE)`), so a build
killed at any moment leaves out/ exactly the old set or exactly the new one. What a killed run
leaves beside out/ (a half-written new set, an old set not yet removed) is removed by the next
run, under a lock on the parent folder so that concurrent runs never remove each other's work.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from tipmatrix.ctrl_c import held_off
from tipmatrix.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows; runs there are not serialised
    fcntl = None  # type: ignore[assignment]

# The marker of a folder tipmatrix wrote: only such a folder (or an empty one) is replaced whole.
MARKER = "datapackage.json"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> None:
    """Write beside the target, then move it in: a failed run never leaves half a file.

    mkstemp creates files readable by their owner only; the file gets the mode an ordinary
    write would have given it (0666 less the umask) before it is moved in. Temporary files an
    earlier, killed run left for this target are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_read_only(path: Path) -> bool:
    """A folder the user cannot write, or whose owner-write bit is off (honoured even for root)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR


def on_read_only_system(path: Path) -> bool:
    """Whether the folder is on a file system mounted read-only (no chmod makes it writable)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs (Windows), or the path went away
        return False


def read_only_system(path: Path | str, option: str = "--out") -> str:
    return f"is on a read-only file system; give {option} a folder on a writable disk (your home folder, /tmp)"


def check_writable_folder(target: Path, option: str = "--out") -> None:
    """Refuse, in one line, a target that is a file, or a read-only folder (or one inside it)."""
    if target.exists() and not target.is_dir():
        raise OutputError(target, f"is a file, not a folder; give {option} a folder (it is created if missing)")
    if target.is_dir():
        for folder in (target, *sorted(p for p in target.rglob("*") if p.is_dir() and not p.is_symlink())):
            if on_read_only_system(folder):
                raise OutputError(folder, read_only_system(folder, option))
            if is_read_only(folder):
                raise OutputError(folder, f"folder is read-only; make it writable (chmod -R u+w {target}) "
                                          f"or give {option} another folder")


def check_replaceable(target: Path, option: str = "--out") -> None:
    """A folder replaced as one unit must be one tipmatrix wrote (it has `MARKER`), or empty, or new:
    a build never swaps away a folder of the user's."""
    check_writable_folder(target, option)
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise OutputError(target, f"holds files tipmatrix did not write (no {MARKER}); the whole folder is replaced "
                                  f"by each run, so give {option} a new or empty folder")
    parent = _existing_ancestor(target.parent)
    if on_read_only_system(parent):
        raise OutputError(parent, read_only_system(parent, option))
    if is_read_only(parent):
        raise OutputError(parent, f"folder is read-only; the new set is written beside {target.name}/ and swapped in, "
                                  f"so make it writable or give {option} a folder elsewhere")


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on a folder for the time of a swap (flock on the folder itself: no lock file)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _leftovers(target: Path) -> list[Path]:
    parent = target.parent
    return sorted([*parent.glob(f".{target.name}.new-*"), *parent.glob(f".{target.name}.old-*")])


def _remove(path: Path) -> None:
    def writable_then_retry(func, name, _exc_info):
        os.chmod(os.path.dirname(name), 0o700)  # a folder the user made read-only in the old set
        func(name)

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, onerror=writable_then_retry)
    else:
        path.unlink(missing_ok=True)


def recover(target: Path) -> None:
    """Finish what a killed run left beside `target`: put back an old set whose swap was cut between
    its two renames (only where the one-step swap is missing), then remove every leftover."""
    olds = sorted(target.parent.glob(f".{target.name}.old-*"))
    if not target.exists() and olds:
        os.rename(olds[-1], target)
    for path in _leftovers(target):
        _remove(path)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where it is not available."""
    fn = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if fn is None:
        return False
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Make `staging` the folder at `target` in one step; the old set is removed after."""
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        _remove(staging)  # now the old set
        return
    # No one-step swap here: two renames; a kill between them is repaired by `recover` next run.
    old = staging.with_name(staging.name.replace(".new-", ".old-", 1))
    os.rename(target, old)
    os.rename(staging, target)
    _remove(old)


def write_tree(folder: Path, files: Mapping[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def replace_folder(target: Path, files: Mapping[str, bytes], option: str = "--out") -> None:
    """Make `target` hold exactly `files` (paths relative to it), all or nothing; see the module docstring.

    Output-side failures (read-only, a file in the way, a full disk) raise OutputError in one line.
    """
    target = target.resolve() if target.is_symlink() else target.absolute()
    check_replaceable(target, option)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.parent):
            recover(target)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
            try:
                os.chmod(staging, 0o777 & ~_umask())
                write_tree(staging, files)
                with held_off():
                    swap_in(staging, target)
            except BaseException:
                if staging.exists():
                    _remove(staging)
                raise
    except OSError as exc:
        where = exc.filename or target
        if exc.errno == errno.EROFS:
            raise OutputError(where, f"{read_only_system(where, option)}; {target} is left as it was") from exc
        raise OutputError(where, f"cannot write ({exc.strerror or exc}); {target} is left as it was") from exc
