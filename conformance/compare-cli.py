#!/usr/bin/env python3
"""Agreement of an agentdeck binary's `list --json` with the recording, from the outside: for
each scenario, which agents it says Claude Code uses (loaded, not shadowed, not disabled, in
Claude Code's scopes), with which description and tools, and which files it says are skipped,
against what Claude Code itself did. Works with any agentdeck build (an old one too), so it
gives figures before and after a change.

    conformance/compare-cli.py --agentdeck PATH [--root DIR] [SCENARIO...]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

import record

HERE = os.path.dirname(os.path.abspath(__file__))


def compare(agentdeck, root, name):
    scenario = os.path.join(root, "scenarios", name)
    expected = json.load(open(os.path.join(root, "expected", name + ".json")))
    with tempfile.TemporaryDirectory() as work:
        work = os.path.realpath(work)
        for part in ("project", "home"):
            src = os.path.join(scenario, part)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(work, part), symlinks=True)
            else:
                os.makedirs(os.path.join(work, part))
        os.makedirs(os.path.join(work, "project", ".git"))
        if os.path.isdir(os.path.join(scenario, "plugins")):
            shutil.copytree(os.path.join(scenario, "plugins"), os.path.join(work, "home", ".claude", "plugins"))
        env = {"PATH": os.environ["PATH"], "HOME": os.path.join(work, "home"), "NO_COLOR": "1",
               "XDG_CACHE_HOME": os.path.join(work, "cache"), "XDG_STATE_HOME": os.path.join(work, "state"),
               "XDG_DATA_HOME": os.path.join(work, "data"), "XDG_CONFIG_HOME": os.path.join(work, "config")}
        out = subprocess.run([agentdeck, "list", "--json"], cwd=os.path.join(work, "project"), env=env,
                             capture_output=True)
        listed = json.loads(out.stdout or b"[]")
        subst = [("$PROJECT", os.path.join(work, "project")), ("$HOME", os.path.join(work, "home")),
                 ("$PLUGINS", os.path.join(work, "home", ".claude", "plugins"))]
    used = {}
    for a in listed:
        if a.get("kind", "agent") != "agent" or a["scope"] not in ("project", "user", "plugin", "managed"):
            continue
        if a["claude_code"] == "skips" or a.get("shadowed_by") or a.get("disabled"):
            continue
        used[a["name"]] = a
    facts, agree = 0, 0
    for want in expected["agents"]:
        facts += 1
        got = used.get(want["name"])
        if got and got["description"] == want["description"] and record.tools_line(got) == want["tools"]:
            agree += 1
    facts += sum(1 for n in used if n not in {w["name"] for w in expected["agents"]})
    by_path = {a["path"]: a for a in listed}
    for rec, why in expected.get("skipped", {}).items():
        path = rec
        for var, real in subst:
            path = path.replace(var, real)
        if why == "yaml" and by_path.get(path, {}).get("kind", "agent") != "agent":
            continue
        facts += 1
        if by_path.get(path, {}).get("claude_code") == "skips":
            agree += 1
    for dup in expected.get("duplicates", []):
        facts += 1
        active = dup["active"]
        for var, real in subst:
            active = active.replace(var, real)
        if used.get(dup["name"], {}).get("path") == active:
            agree += 1
    return facts, agree


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--agentdeck", required=True)
    ap.add_argument("--root", default=os.environ.get("AGENTDECK_CONFORMANCE_ROOT", HERE))
    ap.add_argument("scenarios", nargs="*")
    opts = ap.parse_args()
    names = opts.scenarios or sorted(n for n in os.listdir(os.path.join(opts.root, "scenarios")))
    total, ok = 0, 0
    for name in names:
        f, a = compare(opts.agentdeck, opts.root, name)
        total, ok = total + f, ok + a
        print(f"{name}: {a} of {f} agent facts agree")
    print(f"all: {ok} of {total} agent facts agree ({100.0 * ok / max(total, 1):.1f}%)")


if __name__ == "__main__":
    main()
