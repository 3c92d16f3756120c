#!/usr/bin/env python3
"""Run the real Claude Code against each conformance scenario and record what it loaded.

For every folder in conformance/scenarios/ this lays a temporary HOME and a git project with
the scenario's files, starts a stand-in for the model API on 127.0.0.1, runs
`claude -p hello --debug-file LOG` there, and reads two things: the first /v1/messages request
(the agent listing and the skill listing Claude Code sends the model) and the debug log (files
it ignored and why, duplicate names and the active file, invalid plugin manifests). What it saw
is written to conformance/expected/NAME.json, beside the Claude Code version.

    conformance/record.py --claude PATH [--check] [SCENARIO...]

--check compares with the recorded files instead of writing them, and exits 1 on a difference
(CI runs this, so fixtures and expectations cannot drift apart). AGENTDECK_CONFORMANCE_ROOT
names another folder of scenarios/ and expected/ (conformance/held-out uses it for files that
must not enter the repository).
"""
import argparse
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("AGENTDECK_CONFORMANCE_ROOT", HERE)
SCENARIOS = os.path.join(ROOT, "scenarios")
EXPECTED = os.path.join(ROOT, "expected")
CHECKING = False
AGENT_HEADER = "Available agent types for the Agent tool:\n"
SKILL_HEADER = "The following skills are available for use with the Skill tool:\n\n"


class StandIn(http.server.ThreadingHTTPServer):
    """A stand-in for the model API: keeps every request body, answers each with 'ok'."""

    daemon_threads = True

    def __init__(self, tool_uses=()):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []
        self.lock = threading.Lock()
        # Tool calls to answer with, one per request of the main conversation, in order
        # (a request that already carries a tool result of ours gets the next one).
        self.tool_uses = list(tool_uses)

    def next_tool_use(self, req):
        """The tool call to answer `req` with: the next one when `req` is the main
        conversation (its system prompt lists the agent types) and its last message is the
        user's, not a subagent's or a side request."""
        with self.lock:
            if not self.tool_uses or not req.get("stream") or not req.get("tools"):
                return None
            if not any(AGENT_HEADER in t for t in texts(req)):
                return None
            return self.tool_uses.pop(0)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, ctype, body):
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.reply(200, "application/json", b"")

    def do_GET(self):
        self.reply(200, "application/json", b"{}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            req = json.loads(body)
        except ValueError:
            req = {}
        if "/v1/messages" in self.path and "count_tokens" not in self.path:
            with self.server.lock:
                self.server.requests.append(req)
        if "count_tokens" in self.path:
            return self.reply(200, "application/json", b'{"input_tokens": 1}')
        model = req.get("model", "stand-in")
        use = self.server.next_tool_use(req)
        if use is not None:
            return self.stream_tool_use(model, use)
        if not req.get("stream"):
            msg = {"id": "msg_0", "type": "message", "role": "assistant", "model": model,
                   "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
                   "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
            return self.reply(200, "application/json", json.dumps(msg).encode())
        self.stream(model, "msg_0", {"type": "text", "text": ""},
                    {"type": "text_delta", "text": "ok"}, "end_turn")

    def stream_tool_use(self, model, use):
        """Answer as the API streams a tool call: one tool_use block, its input in one delta."""
        block = {"type": "tool_use", "id": use["id"], "name": use["name"], "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(use["input"])}
        self.stream(model, "msg_" + use["id"], block, delta, "tool_use")

    def stream(self, model, msg_id, block, delta, stop):
        """A streamed answer of one content block, as the API sends it (server-sent events)."""
        events = [
            {"type": "message_start", "message": {"id": msg_id, "type": "message", "role": "assistant",
                                                  "model": model, "content": [], "stop_reason": None,
                                                  "stop_sequence": None,
                                                  "usage": {"input_tokens": 1, "output_tokens": 1}}},
            {"type": "content_block_start", "index": 0, "content_block": block},
            {"type": "content_block_delta", "index": 0, "delta": delta},
            {"type": "content_block_stop", "index": 0},
            {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
             "usage": {"output_tokens": 1}},
            {"type": "message_stop"},
        ]
        data = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()
        self.reply(200, "text/event-stream", data)


def tools_line(a):
    """An agent's tools as Claude Code lists them, from agentdeck's `list --json` fields: no
    `tools` or one written empty is all tools (2.1.332)."""
    tools, deny = a.get("tools"), a.get("disallowedTools")
    if not tools:
        return f"All tools except {', '.join(deny)}" if deny else "All tools"
    left = [t for t in tools if t not in (deny or [])]
    return ", ".join(left) if left else "None"


def texts(req):
    """Every text block of a request, system and messages, in order."""
    out = []
    system = req.get("system")
    if isinstance(system, str):
        out.append(system)
    elif isinstance(system, list):
        out += [b.get("text", "") for b in system if isinstance(b, dict)]
    for m in req.get("messages", []):
        c = m.get("content")
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, list):
            out += [b.get("text", "") for b in c if isinstance(b, dict) and b.get("type") == "text"]
    return out


def block_after(text, header, end_markers):
    i = text.find(header)
    if i < 0:
        return None
    rest = text[i + len(header):]
    ends = [rest.find(m) for m in end_markers if rest.find(m) >= 0]
    return rest[: min(ends)] if ends else rest


AGENT_ENTRY = re.compile(r"^- (.+?): (.*?) \(Tools: ([^\n]*?)\)(?=\n- |\Z)", re.S | re.M)


def agent_listing(text):
    block = block_after(text, AGENT_HEADER, ["\n\nWhen you launch multiple agents", "\n\n# ", "\n</system-reminder>"])
    if block is None:
        return None
    block = block.rstrip("\n")
    return [{"name": n, "description": d, "tools": t} for n, d, t in AGENT_ENTRY.findall(block)], block


def skill_listing(text, known):
    """Skill entries: `- DIR (DISPLAY): DESCRIPTION`, `- NAME: DESCRIPTION` or `- NAME`.
    A description may run over lines; a new entry starts at a line `- X` where X is a name
    the scenario or the bundled listing knows."""
    block = block_after(text, SKILL_HEADER, ["\n\nToday's date is", "\n</system-reminder>"])
    if block is None:
        return None
    entries = []
    for line in block.rstrip("\n").split("\n"):
        m = re.match(r"^- ([^\s:()]+(?::[^\s:()]+)*)(?: \((.*?)\))?(?:: (.*))?$", line)
        if m and (m.group(1) in known or not entries):
            entries.append({"name": m.group(1), "display": m.group(2), "description": m.group(3)})
        elif entries:
            prev = entries[-1]
            prev["description"] = (prev["description"] or "") + "\n" + line
    return entries


LOG_LINE = re.compile(r"^\S+ \[(DEBUG|WARN|ERROR|INFO)\] (.*)$")
INTERESTING = re.compile(
    r"frontmatter|Duplicate agent name|Invalid|invalid|Missing required|does not recognize|"
    r"manifest|Skipping|skipped|\[agents\]|Failed to load|validation")
BORING = re.compile(
    r"hooks module|\$\.fs\.|\$\.store|engine\.create|plugin\.register|pluginConfigs|Fast mode|"
    r"mTLS|configureGlobalAgents|STARTUP|Watching for changes|Sending \d+ skills|"
    r"getPluginSkills|Checking plugin cc-plugin|Total plugin|Loaded \d+ unique skills|"
    r"getSkills returning|Loading skills from|Failed to stat directory|builtin|Writing to temp file|"
    r"Renaming .*claude\.json|settings\.read|memory index", re.I)


def log_lines(path, subst):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            m = LOG_LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            level, msg = m.groups()
            if BORING.search(msg) or (level in ("DEBUG", "INFO") and not INTERESTING.search(msg)):
                continue
            for real, name in subst:
                msg = msg.replace(real, name)
            out.append(f"[{level}] {msg}")
    return out


def known_names(root):
    """Skill and command names a scenario could produce, to split the skill listing."""
    names = set()
    for dirpath, dirs, files in os.walk(root):
        for f in files:
            if f == "SKILL.md":
                names.add(os.path.basename(dirpath))
            if f.endswith(".md"):
                names.add(f[:-3])
                rel = os.path.relpath(os.path.join(dirpath, f), root)
                if "/commands/" in "/" + rel:
                    tail = rel.split("commands/", 1)[1][:-3]
                    names.add(tail.replace("/", ":"))
        for d in dirs:
            names.add(d)
    plugins = os.path.join(root, "plugins")
    if os.path.isdir(plugins):
        for p in os.listdir(plugins):
            for n in list(names):
                names.add(f"{p}:{n}")
            manifest = os.path.join(plugins, p, ".claude-plugin", "plugin.json")
            try:
                pname = json.load(open(manifest)).get("name")
                for n in list(names):
                    names.add(f"{pname}:{n}")
            except (OSError, ValueError, AttributeError):
                pass
    return names


def run_claude(claude, scenario_dir, work):
    home = os.path.join(work, "home")
    project = os.path.join(work, "project")
    os.makedirs(home)
    for part, dest in (("home", home), ("project", project)):
        src = os.path.join(scenario_dir, part) if scenario_dir else None
        if src and os.path.isdir(src):
            shutil.copytree(src, dest, symlinks=True, dirs_exist_ok=True)
        else:
            os.makedirs(dest, exist_ok=True)
    subprocess.run(["git", "init", "-q", project], check=True)
    prompt_file = os.path.join(scenario_dir, "prompt.txt") if scenario_dir else None
    prompt = open(prompt_file).read().strip() if prompt_file and os.path.exists(prompt_file) else "hello"
    args = [claude, "-p", prompt, "--debug-file", os.path.join(work, "debug.log")]
    plugins = os.path.join(scenario_dir, "plugins") if scenario_dir else None
    plugin_dirs = []
    if plugins and os.path.isdir(plugins):
        for p in sorted(os.listdir(plugins)):
            dest = os.path.join(work, "plugins", p)
            shutil.copytree(os.path.join(plugins, p), dest, symlinks=True)
            args += ["--plugin-dir", dest]
            plugin_dirs.append(dest)
    uses_file = os.path.join(scenario_dir, "tool_uses.json") if scenario_dir else None
    uses = json.load(open(uses_file)) if uses_file and os.path.exists(uses_file) else []
    server = StandIn({"id": f"toolu_{i:04d}", **u} for i, u in enumerate(uses))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TERM": "dumb",
        "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}",
        "ANTHROPIC_API_KEY": "sk-ant-stand-in",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    extra = os.path.join(scenario_dir, "env.json") if scenario_dir else None
    if extra and os.path.exists(extra):
        env.update(json.load(open(extra)))
    try:
        proc = subprocess.run(args, cwd=project, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"claude exited {proc.returncode} in {scenario_dir}")
    if not server.requests:
        raise SystemExit(f"claude sent no request in {scenario_dir}")
    text = "\n".join(texts(server.requests[0]))
    subst = [(project, "$PROJECT"), (home, "$HOME")]
    for d in plugin_dirs:
        subst.append((d, "$PLUGINS/" + os.path.basename(d)))
    subst.append((work, "$WORK"))
    return text, log_lines(os.path.join(work, "debug.log"), subst)


def reduce_transcripts(projects, dest):
    """Claude Code's transcripts of a run, cut down to their structure: the lines and fields a
    reader of usage needs (types, times, tool calls and their names, the agent type of each
    subagent run, a command's name), with every other text replaced by its length, so the
    fixture holds Claude Code's shapes but none of its prose."""
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for dirpath, _, files in os.walk(projects):
        for f in files:
            src = os.path.join(dirpath, f)
            rel = os.path.relpath(src, projects).split(os.sep, 1)[-1]
            out = os.path.join(dest, rel)
            if f.endswith(".meta.json"):
                meta = json.load(open(src))
                os.makedirs(os.path.dirname(out), exist_ok=True)
                keep = {k: meta[k] for k in ("agentType", "toolUseId", "description") if k in meta}
                json.dump(keep, open(out, "w"), indent=1)
            elif f.endswith(".jsonl"):
                lines = [reduce_line(json.loads(l)) for l in open(src, encoding="utf-8") if l.strip()]
                lines = [l for l in lines if l]
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with open(out, "w", encoding="utf-8") as o:
                    for l in lines:
                        o.write(json.dumps(l) + "\n")


def reduce_line(o):
    if o.get("type") not in ("user", "assistant"):
        return None
    out = {k: o[k] for k in ("type", "timestamp", "sessionId", "isSidechain") if k in o}
    msg = o.get("message") or {}
    content = msg.get("content")
    if isinstance(content, str):
        command = re.search(r"<command-name>[^<]*</command-name>", content)
        content = command.group(0) if command else f"<{len(content)} characters>"
    elif isinstance(content, list):
        blocks = []
        for b in content:
            if b.get("type") == "tool_use":
                inp = {k: v for k, v in (b.get("input") or {}).items() if k in ("subagent_type", "skill", "description")}
                blocks.append({"type": "tool_use", "id": b.get("id"), "name": b.get("name"), "input": inp})
            elif b.get("type") == "text":
                text = b.get("text", "")
                command = re.search(r"<command-name>[^<]*</command-name>", text)
                blocks.append({"type": "text", "text": command.group(0) if command else f"<{len(text)} characters>"})
            else:
                blocks.append({"type": b.get("type")})
        content = blocks
    out["message"] = {"role": msg.get("role"), "content": content}
    return out


def count_uses(dest):
    """Delegations (Agent/Task tool calls), skill calls and commands in reduced transcripts."""
    uses = {}
    for dirpath, _, files in os.walk(dest):
        for f in sorted(files):
            if not f.endswith(".jsonl"):
                continue
            for l in open(os.path.join(dirpath, f), encoding="utf-8"):
                o = json.loads(l)
                content = (o.get("message") or {}).get("content")
                blocks = content if isinstance(content, list) else [{"type": "text", "text": content or ""}]
                for b in blocks:
                    if b.get("type") == "tool_use" and b.get("name") in ("Agent", "Task"):
                        key = "agent:" + str(b["input"].get("subagent_type"))
                    elif b.get("type") == "tool_use" and b.get("name") == "Skill":
                        key = "skill:" + str(b["input"].get("skill"))
                    elif o.get("type") == "user" and b.get("type") == "text":
                        m = re.search(r"<command-name>/?([^<]*)</command-name>", b.get("text") or "")
                        if not m:
                            continue
                        key = "command:" + m.group(1)
                    else:
                        continue
                    uses[key] = uses.get(key, 0) + 1
    return dict(sorted(uses.items()))


def record(claude, name, baseline, version):
    scenario_dir = os.path.join(SCENARIOS, name)
    usage = None
    with tempfile.TemporaryDirectory(prefix="agentdeck-cc-") as work:
        work = os.path.realpath(work)
        text, log = run_claude(claude, scenario_dir, work)
        projects = os.path.join(work, "home", ".claude", "projects")
        if any(os.path.exists(os.path.join(scenario_dir, f)) for f in ("tool_uses.json", "prompt.txt")):
            dest = os.path.join(EXPECTED, name + ".transcripts")
            with tempfile.TemporaryDirectory() as tmp:
                reduce_transcripts(projects, tmp)
                usage = count_uses(tmp)
                if not CHECKING:
                    reduce_transcripts(projects, dest)
    agents, _ = agent_listing(text) or ([], "")
    skills = skill_listing(text, known_names(scenario_dir) | baseline["skill_names"]) or []
    base_agents = {json.dumps(a, sort_keys=True) for a in baseline["agents"]}
    base_skills = {json.dumps(s, sort_keys=True) for s in baseline["skills"]}
    log = sorted(set(l for l in log if l not in baseline["log"]))
    return {
        "claude_code": version,
        "agents": [a for a in agents if json.dumps(a, sort_keys=True) not in base_agents],
        "skills": [s for s in skills if json.dumps(s, sort_keys=True) not in base_skills],
        "bundled_skills_listed": sum(1 for s in skills if json.dumps(s, sort_keys=True) in base_skills),
        **facts(log),
        **({"uses": usage} if usage is not None else {}),
        "log": log,
    }


def facts(log):
    """What the debug log says of each file and plugin, in a form a test can compare."""
    skipped, unknown, duplicates, plugins = {}, {}, [], {}
    for line in log:
        msg = line.split("] ", 1)[1].replace("\\n", "\n").replace('\\"', '"')
        m = re.match(r"^(?:\[skills\] )?YAML frontmatter in (\S+) failed to parse and was ignored", msg)
        if m:
            skipped[m.group(1)] = "yaml"
        m = re.match(r'^Agent file (\S+): (Missing required "(\w+)" field|Invalid "name")', msg)
        if m:
            skipped[m.group(1)] = f"missing-{m.group(3)}" if m.group(3) else "invalid-name"
        m = re.match(r"^Agent file (\S+) has (?:a )?frontmatter keys? Claude Code does not recognize or apply: (.*)$", msg)
        if m:
            unknown[m.group(1)] = re.findall(r'"([^"]*)"', m.group(2))
        m = re.match(r'^Failed to parse agent from (\S+): Missing required "name"', msg)
        if m:
            skipped.setdefault(m.group(1), "missing-name")
        m = re.match(r"^\[agents\] Duplicate agent name '(.*)' \((\w+)\): (.*) — active: (\S+)$", msg)
        if m:
            duplicates.append({"name": m.group(1), "scope": m.group(2),
                               "files": sorted(m.group(3).split(", ")), "active": m.group(4)})
        m = re.match(r'^"?Failed to load session plugin from (\S+): Plugin \S+ has an? (?:invalid|corrupt) manifest', msg)
        if m:
            body = msg[1:-1] if msg.startswith('"') and msg.endswith('"') else msg
            reason = re.search(r"(Validation errors: [^\n]*|JSON parse error: [^\n]*)$", body)
            plugins[m.group(1)] = reason.group(1) if reason else "invalid manifest"
    return {"skipped": dict(sorted(skipped.items())), "unknown_keys": dict(sorted(unknown.items())),
            "duplicates": sorted(duplicates, key=lambda d: d["name"]),
            "plugins_dropped": dict(sorted(plugins.items()))}


def baseline_of(claude):
    with tempfile.TemporaryDirectory(prefix="agentdeck-cc-") as work:
        text, log = run_claude(claude, None, os.path.realpath(work))
    agents, _ = agent_listing(text)
    block = block_after(text, SKILL_HEADER, ["\n\nToday's date is", "\n</system-reminder>"]) or ""
    names = {m.group(1) for m in re.finditer(r"^- ([^\s:()]+(?::[^\s:()]+)*)[ :(]", block, re.M)}
    skills = skill_listing(text, names) or []
    return {"agents": agents, "skills": skills, "skill_names": names, "log": set(log)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claude", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("scenarios", nargs="*")
    opts = ap.parse_args()
    global CHECKING
    CHECKING = opts.check
    version = subprocess.run([opts.claude, "--version"], capture_output=True, text=True,
                             env={"PATH": os.environ.get("PATH", ""), "HOME": tempfile.gettempdir()}).stdout.split()[0]
    names = opts.scenarios or sorted(os.listdir(SCENARIOS))
    baseline = baseline_of(opts.claude)
    os.makedirs(EXPECTED, exist_ok=True)
    differ = 0
    # What Claude Code lists of its own with no files around: names and sizes only (the
    # budget model needs how much of the skill listing its bundled skills take).
    own = {
        "claude_code": version,
        "agents": [{"name": a["name"], "chars": len(f"- {a['name']}: {a['description']} (Tools: {a['tools']})") + 1}
                   for a in baseline["agents"]],
        "skills": [{"name": s["name"], "chars": len(f"- {s['name']}: {s['description']}") + 1,
                    "name_only_chars": len(f"- {s['name']}") + 1} for s in baseline["skills"]],
    }
    names = [n for n in names if n != "_builtin"]
    out = json.dumps(own, indent=1) + "\n"
    path = os.path.join(EXPECTED, "_builtin.json")
    if opts.check:
        if (open(path).read() if os.path.exists(path) else "") != out:
            differ += 1
            print("DIFFERS _builtin: Claude Code's own agents and skills changed", file=sys.stderr)
    else:
        open(path, "w").write(out)
    for name in names:
        got = record(opts.claude, name, baseline, version)
        out = json.dumps(got, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
        path = os.path.join(EXPECTED, name + ".json")
        if opts.check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if old != out:
                differ += 1
                print(f"DIFFERS {name}: re-record with conformance/record", file=sys.stderr)
                import difflib
                sys.stderr.writelines(difflib.unified_diff(old.splitlines(True), out.splitlines(True), path, "live", n=1))
            else:
                print(f"same    {name}")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(out)
            print(f"recorded {name}: {len(got['agents'])} agents, {len(got['skills'])} skills, {len(got['log'])} log lines")
    if opts.check:
        print(f"{len(names) - differ} passed, {differ} failed")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
