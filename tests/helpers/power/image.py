"""Build the disk a power cut could leave, ALICE/CrashMonkey style, from a trace and a cut point.

The model (what a journaling file system with a volatile write cache promises, no more):
- a write or truncate of a file is durable once a later fsync/fdatasync of that file completed;
- a directory entry (create, rename, unlink) is durable once a later fsync of its directory
  completed;
- everything else issued before the cut may or may not have reached the disk: the image keeps
  a random subset or a random prefix of those writes, and a kept write may be torn (only its
  first 512-byte sectors landed). Entry changes that were not synced land as a prefix.
SQLite's -shm file is written through mmap (invisible to the shim) and rebuilt on open, so
an image never has one.
"""

import random
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tests.helpers.power.trace import Op, Trace

SECTOR = 512
DATA_KINDS = ("write", "trunc")
ENTRY_KINDS = ("create", "rename", "unlink")


@dataclass(frozen=True, slots=True)
class Cut:
    """One crash point and what it kept: index into the ops, and how later writes landed."""

    at: int  # ops[:at] were issued before the power went
    mode: str  # subset | prefix
    kept: int  # how many not-yet-durable data ops landed anyway
    dropped: int  # how many did not


def build(trace: Trace, at: int, rng: random.Random, into: Path) -> Cut:
    """Write the disk state after a cut at ``at`` into the empty folder ``into``."""
    issued = trace.ops[:at]
    last_fsync: dict[int, int] = {}
    last_dirsync: dict[str, int] = {}
    for i, op in enumerate(issued):
        if op.kind == "fsync":
            last_fsync[op.inode] = i
        elif op.kind == "dirsync":
            last_dirsync[op.name] = i

    pending_data = sum(
        1
        for i, op in enumerate(issued)
        if op.kind in DATA_KINDS and i > last_fsync.get(op.inode, -1)
    )
    pending_entries = sum(
        1
        for i, op in enumerate(issued)
        if op.kind in ENTRY_KINDS and not _synced(op, i, last_dirsync)
    )
    mode = rng.choice(("subset", "prefix"))
    keep_p = rng.random()
    prefix_left = rng.randint(0, pending_data)
    entries_left = rng.randint(0, pending_entries)
    kept = dropped = 0
    names = dict(trace.names)
    files = {inode: bytearray(data) for inode, data in trace.contents.items()}
    for i, op in enumerate(issued):
        if op.kind in DATA_KINDS:
            if i < last_fsync.get(op.inode, -1):
                _apply_data(files, op, torn_sectors=None)
                continue
            if mode == "subset":
                land = rng.random() < keep_p
            else:
                land = prefix_left > 0
                prefix_left -= 1
            if land:
                kept += 1
                torn = rng.randint(0, len(op.data) // SECTOR) if rng.random() < 0.2 else None
                _apply_data(files, op, torn_sectors=torn)
            else:
                dropped += 1
        elif op.kind in ENTRY_KINDS:
            if not _synced(op, i, last_dirsync):
                if entries_left <= 0:
                    continue
                entries_left -= 1
            _apply_entry(names, files, op)

    for name, inode in names.items():
        if name.endswith("-shm"):
            continue
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(files.get(inode, b"")))
    return Cut(at, mode, kept, dropped)


def _synced(op: Op, i: int, last_dirsync: dict[str, int]) -> bool:
    """An entry change is durable once its folder (both, for a rename) was fsynced after it."""
    return all(i < last_dirsync.get(folder, -1) for folder in _folders(op))


def _folders(op: Op) -> list[str]:
    names = [op.name, op.to] if op.kind == "rename" else [op.name]
    return [_parent(name) for name in names]


def _parent(name: str) -> str:
    parent = str(PurePosixPath(name).parent)
    return "" if parent == "." else parent


def _apply_data(files: dict[int, bytearray], op: Op, *, torn_sectors: int | None) -> None:
    content = files.setdefault(op.inode, bytearray())
    if op.kind == "trunc":
        del content[op.offset :]
        content.extend(b"\0" * (op.offset - len(content)))
        return
    data = op.data if torn_sectors is None else op.data[: torn_sectors * SECTOR]
    if not data:
        return
    if len(content) < op.offset:
        content.extend(b"\0" * (op.offset - len(content)))
    content[op.offset : op.offset + len(data)] = data


def _apply_entry(names: dict[str, int], files: dict[int, bytearray], op: Op) -> None:
    if op.kind == "create":
        names[op.name] = op.inode
        files.setdefault(op.inode, bytearray())
    elif op.kind == "rename":
        if op.name in names:
            names[op.to] = names.pop(op.name)
    elif op.kind == "unlink":
        names.pop(op.name, None)
