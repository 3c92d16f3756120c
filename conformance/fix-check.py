#!/usr/bin/env python3
"""Every file `agentdeck fix` writes must load in the real Claude Code with the name,
description and tools agentdeck showed for it before the fix.

    conformance/fix-check.py --claude PATH --agentdeck PATH [SCENARIO...]

For each scenario (default: every one with project agents), the agent files are copied into a
temporary project; `agentdeck list --json` gives what agentdeck shows of each; `agentdeck fix
FILE` rewrites each one Claude Code skips or loads only through its retry; then the pinned
Claude Code runs on the project (as record.py runs it) and each fixed file's agent must be in
its listing with those fields. Prints 'N passed, N failed' and exits 1 on a failure.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import record


def sandbox_env(home):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NO_COLOR": "1"}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(home, var.lower())
    return env


def check(claude, agentdeck, name):
    src = os.path.join(record.SCENARIOS, name, "project", ".claude", "agents")
    if not os.path.isdir(src):
        return 0, []
    with tempfile.TemporaryDirectory(prefix="agentdeck-fix-") as work:
        work = os.path.realpath(work)
        scenario = os.path.join(work, "scenario")
        agents = os.path.join(scenario, "project", ".claude", "agents")
        shutil.copytree(src, agents)
        env = sandbox_env(os.path.join(work, "agentdeck-home"))
        listed = subprocess.run([agentdeck, "list", "--json", agents], env=env, capture_output=True, check=True)
        before = {os.path.relpath(a["path"], agents): a for a in json.loads(listed.stdout)}
        fixed, failures = [], []
        for rel, a in sorted(before.items()):
            if a["claude_code"] == "loads" or a["kind"] != "agent":
                continue
            path = os.path.join(agents, rel)
            out = subprocess.run([agentdeck, "fix", path], env=env, capture_output=True, text=True)
            if out.returncode == 0:
                fixed.append(rel)
        # Only files agentdeck says it can fix; what it refuses (no description) it says so.
        text, _ = record.run_claude(claude, scenario, os.path.join(work, "cc"))
        listing, _ = record.agent_listing(text) or ([], "")
        by_name = {}
        for entry in listing:
            by_name.setdefault(entry["name"], entry)
        for rel in fixed:
            a = before[rel]
            got = by_name.get(a["name"])
            want = {"name": a["name"], "description": a["description"], "tools": record.tools_line(a)}
            if got is None:
                failures.append(f"{name}/{rel}: fixed, but Claude Code does not list '{a['name']}'")
            elif got != want:
                diff = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
                failures.append(f"{name}/{rel}: fixed, Claude Code lists it otherwise: {json.dumps(diff)[:300]}")
        return len(fixed), failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claude", required=True)
    ap.add_argument("--agentdeck", required=True)
    ap.add_argument("scenarios", nargs="*")
    opts = ap.parse_args()
    names = opts.scenarios or sorted(os.listdir(record.SCENARIOS))
    total, failures = 0, []
    for name in names:
        n, f = check(opts.claude, opts.agentdeck, name)
        total += n
        failures += f
        if n:
            print(f"{name}: {n} files fixed, {len(f)} differ")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
