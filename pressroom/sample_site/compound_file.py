"""A writer of Compound File Binary files (MS-CFB version 3), the container an HWP 5 document is stored in.

Only what the sample site's HWP attachments need: streams by path ("BodyText/Section0"), storages made for
their folders, 512-byte sectors, streams under 4,096 bytes in the mini stream, a FAT of at most 109 sectors
(files up to ~6.8 MiB). The output is deterministic: no timestamps, no class ids.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
HEADER_FAT_SLOTS = 109  # FAT sector numbers the header holds; more would need DIFAT sectors
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
STORAGE, STREAM, ROOT = 1, 2, 5
BLACK = 1
ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")  # one 128-byte directory entry


@dataclass
class _Node:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Node] = field(default_factory=dict)
    number: int = 0
    start: int = END_OF_CHAIN


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A CFB file holding each of `streams` (path with "/" between storage names -> bytes)."""
    root = _tree(streams)
    nodes = _numbered(root)
    mini_stream = b""
    mini_fat: list[int] = []
    big: list[_Node] = []
    for node in nodes:
        if node.kind != STREAM:
            continue
        if len(node.data) >= MINI_CUTOFF:
            big.append(node)
        elif node.data:
            node.start = len(mini_fat)
            mini_stream += _padded(node.data, MINI_SECTOR)
            mini_fat += _chain(node.start, len(node.data), MINI_SECTOR)
    root.data = mini_stream
    fat: list[int] = []
    body = bytearray()

    def place(data: bytes) -> int:
        """Append `data` in whole sectors, chained in the FAT; END_OF_CHAIN for nothing."""
        if not data:
            return END_OF_CHAIN
        start = len(fat)
        fat.extend(_chain(start, len(data), SECTOR))
        body.extend(_padded(data, SECTOR))
        return start

    root.start = place(mini_stream)
    for node in big:
        node.start = place(node.data)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) + b"\xff" * (-4 * len(mini_fat) % SECTOR)
    first_mini_fat = place(mini_fat_bytes if mini_fat else b"")
    links = _links(nodes)
    entries = b"".join(_entry(node, *links[node.number]) for node in nodes)
    first_directory = place(entries + _unused_entries(len(nodes)))
    # The FAT describes every sector, its own included: grow it until it covers itself.
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * SECTOR // 4:
        fat_sectors += 1
    if fat_sectors > HEADER_FAT_SLOTS:
        raise ValueError("too large for a compound file without DIFAT sectors")
    fat_start = len(fat)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))
    body.extend(struct.pack(f"<{len(fat)}I", *fat))
    slots = [fat_start + n for n in range(fat_sectors)] + [FREE] * (HEADER_FAT_SLOTS - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        SIGNATURE, bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors, first_directory, 0,
        MINI_CUTOFF, first_mini_fat, len(mini_fat_bytes) // SECTOR if mini_fat else 0, END_OF_CHAIN, 0, *slots,
    )  # fmt: skip
    return header + bytes(body)


def _tree(streams: dict[str, bytes]) -> _Node:
    root = _Node("Root Entry", ROOT)
    for path, data in streams.items():
        *folders, name = path.split("/")
        storage = root
        for folder in folders:
            storage = storage.children.setdefault(folder, _Node(folder, STORAGE))
        storage.children[name] = _Node(name, STREAM, data)
    return root


def _numbered(root: _Node) -> list[_Node]:
    """Every node, root first, each numbered by its place in the directory."""
    nodes: list[_Node] = []
    pending = [root]
    while pending:
        node = pending.pop(0)
        node.number = len(nodes)
        nodes.append(node)
        pending.extend(_in_order(node.children.values()))
    return nodes


def _in_order(children: Iterable[_Node]) -> list[_Node]:
    return sorted(children, key=lambda node: (len(node.name), node.name.upper()))


def _links(nodes: list[_Node]) -> dict[int, tuple[int, int, int]]:
    """(left sibling, right sibling, first child) of each node by number.

    A storage's children form a binary search tree in the CFB order (shorter names first, then by upper-cased
    name); a balanced one, all black: readers walk it and do not check red-black colouring.
    """
    links = {node.number: (NO_STREAM, NO_STREAM, NO_STREAM) for node in nodes}

    def subtree(children: list[_Node], low: int, high: int) -> int:
        if low >= high:
            return NO_STREAM
        middle = (low + high) // 2
        left, right = subtree(children, low, middle), subtree(children, middle + 1, high)
        links[children[middle].number] = (left, right, links[children[middle].number][2])
        return children[middle].number

    for node in nodes:
        if node.children:
            children = _in_order(node.children.values())
            first = subtree(children, 0, len(children))
            links[node.number] = (*links[node.number][:2], first)
    return links


def _entry(node: _Node, left: int, right: int, child: int) -> bytes:
    name = node.name.encode("utf-16-le") + b"\0\0"
    size = len(node.data) if node.kind != STORAGE else 0
    start = node.start if node.kind != STORAGE else 0
    return ENTRY.pack(name, len(name), node.kind, BLACK, left, right, child, bytes(16), 0, 0, 0, start, size)


def _unused_entries(used: int) -> bytes:
    empty = ENTRY.pack(b"", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM, bytes(16), 0, 0, 0, 0, 0)
    return empty * (-used % (SECTOR // ENTRY.size))


def _chain(start: int, size: int, unit: int) -> list[int]:
    count = -(-size // unit)
    return [start + n + 1 for n in range(count - 1)] + [END_OF_CHAIN]


def _padded(data: bytes, unit: int) -> bytes:
    return data + bytes(-len(data) % unit)
