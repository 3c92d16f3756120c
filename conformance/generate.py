#!/usr/bin/env python3
"""Write the generated conformance scenario: variants of the shapes real agent files take.

    conformance/generate.py [--check]

From a fixed seed, each variant combines a fence style, a name line, a description shape, a
tools line, extra keys and line endings, as seen in public collections: unquoted colons,
literal \\n escapes, <example> blocks at column 0, block scalars, values that start with a
YAML indicator, comments, duplicate keys, odd fences, BOMs, CRLF and tabs. Every variant has a
name of its own (gen-NNN) so the listing Claude Code sends can be mapped back to its file.
--check exits 1 when the committed files differ from what the seed makes.
"""
import os
import random
import shutil
import sys
import tempfile

SEED = 20261207
COUNT = 600
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "scenarios", "generated", "project", ".claude", "agents")

WORDS = ("review audit deploy test refactor schema query cache api backend frontend security "
         "latency docs migrate kubernetes terraform python rust typescript react").split()
FIRST = ["`", "@", "%", "{", "[", "&", "*", "!", "|", ">", "?", "-", "#", '"', "'", "~", ":", ",", "0", "."]
TOOLS = ["Read", "Write", "Edit", "Bash", "Grep", "Glob", "WebFetch", "Task", "Agent", "TodoWrite",
         "mcp__github__create_issue", "Bash(git:*)", "Agent(worker, helper)"]


def sentence(r, n=None):
    return " ".join(r.choice(WORDS) for _ in range(n or r.randint(3, 9)))


def example_block(r, literal):
    nl = "\\n" if literal else "\n"
    parts = ["<example>", f"Context: the user wants to {sentence(r, 3)}",
             f'user: "{sentence(r, 4)}"', f'assistant: "I will use the agent to {sentence(r, 3)}"',
             "<commentary>", sentence(r, 5), "</commentary>", "</example>"]
    return nl.join(parts)


def description(r):
    """(frontmatter lines for the description) of one shape."""
    shape = r.choice(["plain", "colon", "literal", "literal-examples", "col0-examples", "block-literal",
                      "block-folded", "first-char", "quoted", "single-quoted", "comment", "indented",
                      "quoted-escapes", "mixed", "hash", "dashes", "number", "empty", "url", "colon-end"])
    s = sentence(r)
    if shape == "plain":
        return [f"description: {s}"]
    if shape == "colon":
        return [f"description: Use this agent for {s}. Triggers on: '{r.choice(WORDS)}', {r.choice(WORDS)}"]
    if shape == "literal":
        return [f"description: {s}\\n\\n{sentence(r)}"]
    if shape == "literal-examples":
        return [f"description: Use this agent when {s}. Examples:\\n\\n{example_block(r, True)}"]
    if shape == "col0-examples":
        return [f"description: Use this agent when {s}.", ""] + example_block(r, False).split("\n")
    if shape == "block-literal":
        ind = r.choice(["  ", "    "])
        return [f"description: {r.choice(['|', '|-', '|+'])}"] + [ind + l if l else "" for l in
                                                                 [s, sentence(r), "", example_block(r, False).split(chr(10))[0]]]
    if shape == "block-folded":
        return [f"description: {r.choice(['>', '>-'])}", f"  {s}", f"  {sentence(r)}"]
    if shape == "first-char":
        c = r.choice(FIRST)
        return [f"description: {c}{r.choice(['', ' '])}{s}"]
    if shape == "quoted":
        return [f'description: "{s}: {sentence(r, 2)}"']
    if shape == "single-quoted":
        return [f"description: '{s} it''s'"]
    if shape == "comment":
        return ["# a comment before the description", f"description: {s} # trailing comment"]
    if shape == "indented":
        return [f"description: {s}", f"  {sentence(r)}", f"  {sentence(r)}"]
    if shape == "quoted-escapes":
        return [f'description: "{s}\\n\\n{sentence(r)}\\t{r.choice(WORDS)}"']
    if shape == "mixed":
        return [f"description: {s}\\n\\n<example>", f"user: {sentence(r, 3)}", "</example>"]
    if shape == "hash":
        return [f"description: {s} #{r.choice(WORDS)}"]
    if shape == "dashes":
        return [f"description: {s} --- {sentence(r, 2)}"]
    if shape == "number":
        return [f"description: {r.choice(['42', '1.5', 'true', 'null', '0x10', '1e3', 'yes', '2024-01-01'])}"]
    if shape == "empty":
        return [r.choice(["description:", 'description: ""', "description: ''"])]
    if shape == "url":
        return [f"description: {s} (see https://example.com/{r.choice(WORDS)})"]
    return [f"description: {s}:"]


def tools(r):
    picks = r.sample(TOOLS, r.randint(1, 4))
    shape = r.choice(["absent", "absent", "comma", "spaces", "list", "flow", "empty", "tilde", "star",
                      "quoted-empty", "disallowed", "both"])
    if shape == "absent":
        return []
    if shape == "comma":
        return ["tools: " + ", ".join(picks)]
    if shape == "spaces":
        return ["tools: " + " ".join(p for p in picks if "(" not in p)]
    if shape == "list":
        return ["tools:"] + [f"  - {p}" for p in picks]
    if shape == "flow":
        return ["tools: [" + ", ".join(p for p in picks if "(" not in p) + "]"]
    if shape == "empty":
        return ["tools:"]
    if shape == "tilde":
        return ["tools: ~"]
    if shape == "star":
        return ['tools: "*"']
    if shape == "quoted-empty":
        return ['tools: ""']
    if shape == "disallowed":
        return ["disallowedTools: " + ", ".join(picks)]
    return ["tools: " + ", ".join(picks), "disallowedTools: " + picks[0]]


def extras(r):
    out = []
    if r.random() < 0.4:
        out.append(f"model: {r.choice(['sonnet', 'opus', 'haiku', 'inherit', 'claude-sonnet-4-20250514'])}")
    if r.random() < 0.3:
        out.append(f"color: {r.choice(['red', 'blue', 'magenta', 'cyan'])}")
    if r.random() < 0.15:
        out.append(f"version: {r.choice(['1.0', '2', '0.1.0'])}")
    if r.random() < 0.1:
        out.append(f"tags: [{r.choice(WORDS)}, {r.choice(WORDS)}]")
    if r.random() < 0.05:
        out.append("\tcategory: tabbed")
    return out


def variant(r, i):
    name = f"gen-{i:03d}"
    name_line = r.choice([f"name: {name}", f"name: {name}", f"name: '{name}'", f'name: "{name}"', f"name: {name}  "])
    lines = [name_line] + description(r) + tools(r) + extras(r)
    if r.random() < 0.05:
        lines.append(f"description: {sentence(r)} (a second description key)")
    if r.random() < 0.2:
        head = lines[:1]
        rest = lines[1:]
        r.shuffle(rest)
        lines = head + rest if r.random() < 0.5 else rest[:1] + head + rest[1:]
    opening = r.choice(["---"] * 12 + ["---  ", "----"])
    closing = r.choice(["---"] * 12 + ["-----", "---  ", "--- "])
    text = "\n".join([opening] + lines + [closing, "", f"You are {sentence(r)}.", "", f"## {sentence(r, 2)}", "",
                                                 f"- {sentence(r)}", ""])
    if r.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if r.random() < 0.04:
        text = "\ufeff" + text
    return text


def write(out):
    r = random.Random(SEED)
    os.makedirs(out, exist_ok=True)
    for i in range(COUNT):
        with open(os.path.join(out, f"gen-{i:03d}.md"), "w", encoding="utf-8", newline="") as f:
            f.write(variant(r, i))


def main():
    if "--check" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp)
            differ = [f for f in sorted(os.listdir(tmp))
                      if not os.path.exists(os.path.join(OUT, f))
                      or open(os.path.join(tmp, f), "rb").read() != open(os.path.join(OUT, f), "rb").read()]
            extra = set(os.listdir(OUT)) - set(os.listdir(tmp))
        if differ or extra:
            print(f"generated scenario differs from its seed: {differ[:5]} {sorted(extra)[:5]}", file=sys.stderr)
            sys.exit(1)
        print(f"generated scenario matches its seed ({COUNT} files)")
        return
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    write(OUT)
    print(f"wrote {COUNT} variants to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
