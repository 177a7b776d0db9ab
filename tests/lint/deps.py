#!/usr/bin/env python3
"""tests/lint/deps.py - the dependency rules of docs/architecture.md, checked.

    python3 tests/lint/deps.py OBJECT...

1. Folders include downwards only: every .c and .h under orchestrator/,
   modules/ and inventory/ may include headers of its own folder and of the
   folders LAYERS lists for it, nothing else.
2. No import loop between files: over the object files given (the engine's
   and the CLI's, as built), a file uses another when it calls a function
   or reads a variable the other defines (nm); no two files may use each
   other, directly or through others.

Prints each violation with what to do, and exits 1 when there is one.
"""
import os
import re
import subprocess
import sys

# What each folder may include besides itself (docs/architecture.md).
LAYERS = {
    "base": [],
    "lang": ["base"],
    "config": ["base", "lang"],
    "schedule": ["base", "lang", "config"],
    "transport": ["base"],
    "http": ["base"],
    "analysis": ["base", "lang", "http"],
    "notify": ["base", "lang", "config", "http"],
    "inventory": ["base", "lang"],
    "git": ["base", "lang", "config", "schedule", "inventory"],
    "modules": ["base", "lang", "transport"],
    "engine": ["base", "lang", "config", "schedule", "transport",
               "http", "analysis", "notify", "inventory", "git", "modules"],
    "patch": ["base", "lang", "config", "schedule", "transport",
              "http", "analysis", "notify", "inventory", "git", "modules",
              "engine"],
    "facts": ["base", "lang", "config", "schedule", "transport",
              "http", "analysis", "notify", "inventory", "git", "modules",
              "engine", "patch"],
    "report": ["base", "lang", "config", "schedule", "transport", "http",
               "analysis", "notify", "inventory", "git", "modules", "engine",
               "patch", "facts"],
    "cli": ["base", "lang", "config", "schedule", "transport", "http",
            "analysis", "notify", "inventory", "git", "modules", "engine",
            "patch", "facts", "report"],
}
# Headers a folder may include beyond LAYERS, each with why.
ALSO = {
    ("lang", "modules/module.h"):
        "a task's module is looked up in the module table and checks its "
        "own arguments while the playbook is parsed",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    """The folder a source file belongs to: orchestrator/X/ or top-level."""
    parts = path.split("/")
    return parts[1] if parts[0] == "orchestrator" else parts[0]


def resolve(path, name):
    """The repository path an include names (-Iorchestrator -I.)."""
    for cand in (os.path.join(os.path.dirname(path), name),
                 os.path.join("orchestrator", name), name):
        if os.path.exists(cand):
            return os.path.normpath(cand)
    return None


def symbol_graph(objects):
    """Which object uses which: undefined symbols against definitions."""
    defined, used = {}, {}
    for o in objects:
        out = subprocess.run(["nm", o], capture_output=True, text=True,
                             check=True).stdout
        defined[o], used[o] = set(), set()
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "TDBRC":
                defined[o].add(f[2])
            elif len(f) == 2 and f[0] == "U":
                used[o].add(f[1])
    owner = {s: o for o in objects for s in defined[o]}
    return {o: sorted({owner[s] for s in used[o]
                       if s in owner and owner[s] != o}) for o in objects}


def main():
    files = []
    for top in ("orchestrator", "modules", "inventory"):
        for d, _, names in os.walk(top):
            files += [os.path.join(d, n) for n in names
                      if n.endswith((".c", ".h"))]
    bad = 0
    for f in sorted(files):
        me = folder_of(f)
        if me not in LAYERS:
            print("%s: folder %s is not in tests/lint/deps.py LAYERS "
                  "(and docs/architecture.md)" % (f, me))
            bad += 1
            continue
        for name in INCLUDE.findall(open(f).read()):
            target = resolve(f, name)
            if target is None:
                continue
            other = folder_of(target)
            if other != me and other not in LAYERS[me] and \
                    (me, target) not in ALSO:
                print("%s: includes %s, but %s/ may not use %s/ "
                      "(docs/architecture.md)" % (f, target, me, other))
                bad += 1
    graph = symbol_graph(sys.argv[1:])
    # Loops: Tarjan's strongly connected components.
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    for comp in sccs:
        print("import loop: %s (give one side the other's data through a "
              "narrow interface)" % " <-> ".join(
                  os.path.splitext(c)[0].split("/", 1)[-1] + ".c"
                  for c in comp))
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
