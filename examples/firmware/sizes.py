#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Flash and static RAM per part of a linked firmware image, from the GNU ld map file.

Usage: sizes.py firmware.map

Only input sections that made it into the image are counted (the map lists garbage-collected
ones separately, before "Linker script and memory map"). Flash is .text + .rodata + the
initial values of .data; static RAM is .data + .bss. Parts: the mutls core, libtomcrypt,
libtommath, the C library (newlib-nano, libgcc) and the application (the example's own code
and its embedded certificates).
"""
import re
import sys

PARTS = [
    ("mutls", re.compile(r"libmutls\.a")),
    ("libtomcrypt", re.compile(r"libtomcrypt\.a")),
    ("libtommath", re.compile(r"libtommath\.a")),
    ("C library", re.compile(r"lib(c|c_nano|g|g_nano|gcc|nosys|m)\.a|crt")),
]


def part_of(path):
    for name, rx in PARTS:
        if rx.search(path):
            return name
    return "application"


def kind_of(section):
    if section.startswith((".text", ".rodata", ".isr_vector", ".ARM.exidx", ".ARM.extab")):
        return "flash"
    if section.startswith(".data"):
        return "data"
    if section.startswith((".bss", "COMMON")):
        return "bss"
    return None


def main():
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    except StopIteration:
        sys.exit("no memory map in " + sys.argv[1])
    totals = {}
    pending = None
    row = re.compile(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
    for line in lines[start:]:
        m = re.match(r"^ (\.\S+|COMMON)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if m:
            section, size, path = m.group(1), int(m.group(3), 16), m.group(4)
        else:
            m2 = re.match(r"^ (\.\S+|COMMON)\s*$", line)
            if m2:
                pending = m2.group(1)
                continue
            m3 = row.match(line) if pending else None
            if not m3:
                pending = None
                continue
            section, size, path = pending, int(m3.group(2), 16), m3.group(3)
            pending = None
        kind = kind_of(section)
        if kind is None or size == 0 or path.startswith("load address"):
            continue
        t = totals.setdefault(part_of(path), {"flash": 0, "data": 0, "bss": 0})
        t[kind] += size
    order = [p for p, _ in PARTS] + ["application"]
    print("%-12s %10s %10s   (flash = .text+.rodata+.data init; RAM = .data+.bss)" %
          ("part", "flash", "static RAM"))
    sum_f = sum_r = 0
    for p in order:
        t = totals.get(p, {"flash": 0, "data": 0, "bss": 0})
        flash, ram = t["flash"] + t["data"], t["data"] + t["bss"]
        sum_f += flash
        sum_r += ram
        print("%-12s %10d %10d" % (p, flash, ram))
    print("%-12s %10d %10d" % ("total", sum_f, sum_r))


if __name__ == "__main__":
    main()
