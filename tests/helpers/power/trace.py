"""Read the shim's log into operations on files (inodes), resolving names as the child saw them.

A name can be renamed or replaced while it is open, so every data operation is tied to the
inode its descriptor was opened on, not to a name. Directory entries are operations of their
own (create, rename, unlink) that a power cut can lose unless the directory was fsynced.
"""

import struct
from dataclasses import dataclass, field
from pathlib import Path

HEADER = struct.Struct("<Biqqii")
OPEN, WRITE, TRUNC, FSYNC, RENAME, UNLINK, CLOSE, ACK = range(1, 9)
O_CREAT, O_TRUNC = 0o100, 0o1000


@dataclass(frozen=True, slots=True)
class Op:
    """One operation, in completion order. ``inode`` for data ops; ``name``/``to`` for entries."""

    kind: str  # write | trunc | fsync | dirsync | create | rename | unlink | ack
    inode: int = -1
    offset: int = 0  # write: byte offset; trunc: new size
    data: bytes = b""
    name: str = ""  # relative to the root; the directory for dirsync
    to: str = ""


@dataclass
class Trace:
    """The folder before the child ran (names -> inodes -> bytes) and what the child did."""

    names: dict[str, int]
    contents: dict[int, bytes]
    ops: list[Op] = field(default_factory=list)


def snapshot(root: Path) -> Trace:
    """The folder's files as the starting state; -shm is left out (SQLite rebuilds it)."""
    names: dict[str, int] = {}
    contents: dict[int, bytes] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        inode = len(contents)
        names[path.relative_to(root).as_posix()] = inode
        contents[inode] = path.read_bytes()
    return Trace(names, contents)


def read(log: Path, root: Path, start: Trace) -> Trace:
    """Parse the shim's log of a child that ran on ``root`` starting from ``start``."""
    raw = log.read_bytes() if log.exists() else b""
    names = dict(start.names)  # the namespace as the child saw it, op by op
    next_inode = max(start.contents, default=-1) + 1
    fds: dict[int, int] = {}  # descriptor -> inode, or -2 for a directory
    dir_fds: dict[int, str] = {}
    sizes = {inode: len(data) for inode, data in start.contents.items()}  # to place appends
    ops: list[Op] = []
    pos = 0
    while pos + HEADER.size <= len(raw):
        op, fd, a, _b, path_len, data_len = HEADER.unpack_from(raw, pos)
        end = pos + HEADER.size + path_len + data_len
        if end > len(raw):
            break  # a record cut short by the kill: its call had not been logged yet
        path = raw[pos + HEADER.size : pos + HEADER.size + path_len].decode()
        data = raw[pos + HEADER.size + path_len : end]
        pos = end
        name = _relative(path, root)
        if op == OPEN:
            if (root / name).is_dir() or name == "":
                dir_fds[fd] = name
                fds.pop(fd, None)
                continue
            dir_fds.pop(fd, None)
            if name not in names:
                if not a & O_CREAT:
                    continue  # cannot happen for a successful open; be safe
                names[name] = next_inode
                sizes[next_inode] = 0
                next_inode += 1
                ops.append(Op("create", names[name], name=name))
            elif a & O_TRUNC:
                sizes[names[name]] = 0
                ops.append(Op("trunc", names[name], offset=0))
            fds[fd] = names[name]
        elif op == CLOSE:
            fds.pop(fd, None)
            dir_fds.pop(fd, None)
        elif op == WRITE and fd in fds:
            inode = fds[fd]
            offset = sizes[inode] if a < 0 else a
            sizes[inode] = max(sizes[inode], offset + len(data))
            ops.append(Op("write", inode, offset=offset, data=data))
        elif op == TRUNC:
            inode = fds.get(fd, names.get(name, -1))
            if inode >= 0:
                sizes[inode] = a
                ops.append(Op("trunc", inode, offset=a))
        elif op == FSYNC:
            if fd in dir_fds:
                ops.append(Op("dirsync", name=dir_fds[fd]))
            elif fd in fds:
                ops.append(Op("fsync", fds[fd]))
        elif op == RENAME:
            src, _, dst = data.decode().partition("\0")
            src, dst = _relative(src, root), _relative(dst, root)
            if src in names:
                names[dst] = names.pop(src)
                ops.append(Op("rename", names[dst], name=src, to=dst))
        elif op == UNLINK:
            if name in names:
                ops.append(Op("unlink", names.pop(name), name=name))
        elif op == ACK:
            ops.append(Op("ack", data=data))
    return Trace(start.names, start.contents, ops)


def _relative(path: str, root: Path) -> str:
    if not path:
        return ""
    rel = Path(path).relative_to(root).as_posix()
    return "" if rel == "." else rel
