#!/usr/bin/env python3
"""The rooms of the source tree and what each may include: a room uses only rooms on
lower layers (and itself). Run by ctest (structure.rooms): an upward or sideways
include fails the build's tests, naming the file, the line and the rule it breaks.

    scripts/check_rooms.py [--list] [--self-test]

A header is found the way the compiler finds it (gateway/, shared/, console/ are the
include roots), so the room is the folder the included file is really in.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
import tempfile

# Lowest first. Rooms on one line are siblings: neither includes the other.
LAYERS = [
    ["shared/core/config"],
    ["shared/core/catalogue", "shared/core/routing"],
    ["shared/core/validation"],
    ["gateway/common"],
    ["gateway/http", "gateway/store"],
    ["gateway/net"],
    ["gateway/proxy"],
    ["gateway/glue", "gateway/health"],
    ["gateway/filters"],
    ["gateway/observe"],
    ["gateway/config"],
    ["gateway/control"],
    ["gateway/state"],
    ["gateway/admin", "gateway/collector", "gateway/routes_cli"],
    ["gateway/server"],
    ["gateway"],  # the processes' main()s
    ["console/api"],
    ["console/models"],
    ["console/widgets"],
    ["console/pages"],
    ["console"],  # the window, dialogs, main: the shell over its pages
]
# Sideways uses that are part of the design, each with its reason (none yet).
ALLOWED = {}
INCLUDE_ROOTS = ["gateway", "shared", "console"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def room_of(path):
    """The room a repository-relative path is in, or None outside every room."""
    best = None
    for layer in LAYERS:
        for room in layer:
            if path.startswith(room + "/") and (best is None or len(room) > len(best)):
                best = room
    return best


def layer_of(room):
    for i, layer in enumerate(LAYERS):
        if room in layer:
            return i
    raise KeyError(room)


def resolve(including, name):
    """The repository-relative path of an include, as the compiler would find it."""
    here = os.path.join(os.path.dirname(including), name)
    if os.path.exists(os.path.join(ROOT, here)):
        return os.path.normpath(here)
    for root in INCLUDE_ROOTS:
        candidate = os.path.join(root, name)
        if os.path.exists(os.path.join(ROOT, candidate)):
            return candidate
    return None


def sources():
    for top in ("gateway", "shared", "console"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith((".h", ".cpp")):
                    yield os.path.relpath(os.path.join(dirpath, f), ROOT)


def violations():
    found = []
    for path in sources():
        room = room_of(path)
        if room is None:
            found.append((path, 0, f"{path} is in no room: add its folder to LAYERS in scripts/check_rooms.py"))
            continue
        with open(os.path.join(ROOT, path), encoding="utf-8") as text:
            for number, line in enumerate(text, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = resolve(path, match.group(1))
                if target is None:
                    continue  # generated (moc, ui) or a system header spelled with quotes
                other = room_of(target)
                if other is None or other == room or (room, other) in ALLOWED:
                    continue
                if layer_of(other) >= layer_of(room):
                    kind = "a sibling" if layer_of(other) == layer_of(room) else "a higher"
                    found.append((path, number, f"{room} includes {kind} room {other} ({match.group(1)})"))
    return found


def self_test():
    """The check itself can fail: a tree with one upward include is refused."""
    global ROOT
    saved = ROOT
    with tempfile.TemporaryDirectory() as tree:
        for path, text in {
            "gateway/http/framing.h": '#include "server/session.h"\n',
            "gateway/server/session.h": '#include "http/framing.h"\n',
            "shared/core/config/model.h": "",
        }.items():
            os.makedirs(os.path.join(tree, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(tree, path), "w") as f:
                f.write(text)
        ROOT = tree
        found = violations()
        ROOT = saved
    want = [("gateway/http/framing.h", 1, "gateway/http includes a higher room gateway/server (server/session.h)")]
    if found != want:
        print(f"check_rooms: self-test failed: {found}")
        return 1
    print("check_rooms: self-test passed (an upward include is refused)")
    return 0


def main():
    if "--self-test" in sys.argv:
        return self_test()
    if "--list" in sys.argv:
        for i, layer in enumerate(LAYERS):
            print(f"{i:2} {'  '.join(layer)}")
        return 0
    found = violations()
    for path, number, why in found:
        print(f"{path}:{number}: {why}")
    if found:
        print(f"check_rooms: {len(found)} include(s) against the rooms' order (scripts/check_rooms.py --list)")
        return 1
    print("check_rooms: every include goes to its own room or a lower one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
