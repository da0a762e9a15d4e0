#!/usr/bin/env python3
"""The link-level half of the module rule (lib/src/MODULES): reads the symbols each library object
file defines and calls (nm), then fails when a module calls a module its row does not list, or when
files call each other in a loop (a strongly connected set of two or more files).
Usage: check-layering.py MODULES OBJECT_DIR"""
import collections
import os
import subprocess
import sys


def read_table(path):
    calls = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _inc, call = [p.strip() for p in line.split("|")]
        calls[name] = set() if call == "-" else set(call.split())
    return calls


def read_objects(objdir):
    defs, uses = {}, collections.defaultdict(set)
    for root, _dirs, files in os.walk(objdir):
        for f in files:
            if not f.endswith(".c.o") or f.startswith("hs_styles_data"):
                continue
            path = os.path.join(root, f)
            name = os.path.relpath(path, objdir)[:-2]
            out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
            uses.setdefault(name, set())
            for line in out.splitlines():
                p = line.split()
                if len(p) == 3 and p[1] in "TDBRC":
                    defs[p[2]] = name
                elif len(p) == 2 and p[0] == "U":
                    uses[name].add(p[1])
    graph = {f: {defs[s] for s in u if s in defs and defs[s] != f} for f, u in uses.items()}
    return graph


def loops(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
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
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    table, objdir = read_table(sys.argv[1]), sys.argv[2]
    graph = read_objects(objdir)
    if len(graph) < 20:
        print(f"check-layering: only {len(graph)} object files under {objdir}")
        print("check-layering: 0 passed, 1 failed")
        return 1
    failed = 0
    for f in sorted(graph):
        mod = f.split("/")[0]
        if mod not in table:
            print(f"{f}: module '{mod}' is not in MODULES")
            failed += 1
            continue
        allowed = table[mod]
        for g in sorted(graph[f]):
            other = g.split("/")[0]
            if other in (mod, "core") or "*" in allowed or other in allowed:
                continue
            print(f"{f} calls {g}: module {mod} may not call {other} (lib/src/MODULES)")
            failed += 1
    for comp in loops(graph):
        print("files calling each other in a loop: " + " ".join(comp))
        failed += 1
    print(f"check-layering: {len(graph)} files, {sum(len(v) for v in graph.values())} calls between files")
    print("check-layering: %d passed, %d failed" % (1 if not failed else 0, 1 if failed else 0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
