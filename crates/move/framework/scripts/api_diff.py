#!/usr/bin/env python3
"""Compares the public surface of two Move source trees (ours against Aptos's move-stdlib).

    python3 crates/move/framework/scripts/api_diff.py APTOS_SOURCES OUR_SOURCES

For every module it collects functions (visibility, native/inline/entry, the attributes
`view`, `test_only`, `deprecated`, `verify_only`, and the signature text), structs and enums
(abilities and fields) and constants (values), after dropping comments and `spec` blocks, and
prints what is missing, extra or different. `#[test]` and `#[verify_only]` functions are
ignored. Exit status 1
when something of Aptos's is missing or different.
"""
import glob
import re
import sys

KEPT_ATTRS = ("view", "test_only", "deprecated")


def without_specs(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out, i = [], 0
    spec = re.compile(r"\bspec\b")
    while i < len(text):
        m = spec.search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i:m.start()])
        j = m.end()
        while j < len(text) and text[j] not in "{;":
            j += 1
        if j < len(text) and text[j] == ";":
            i = j + 1
            continue
        depth = 0
        while j < len(text):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return "".join(out)


def squeeze(sig):
    sig = re.sub(r"\s+", " ", sig).strip()
    sig = re.sub(r"\s*([:,<>|+()])\s*", r"\1", sig)
    return sig.replace(",)", ")")


def surface(root):
    items = {}
    for path in sorted(glob.glob(root + "/**/*.move", recursive=True)):
        if path.endswith(".spec.move"):
            continue
        text = without_specs(open(path, encoding="utf-8").read())
        for mod_match in re.finditer(r"module\s+([\w:]+)\s*\{", text):
            mod = mod_match.group(1)
            start = mod_match.end()
            body = text[start:]
            fun_re = (r"((?:#\[[^\]]*\]\s*)*)((?:(?:public(?:\s*\(\s*\w+\s*\))?|native|inline|entry)\s+)*)"
                      r"fun\s+(\w+)\s*([^{;]*)")
            for m in re.finditer(fun_re, body):
                attrs = re.findall(r"#\[([^\]]*)\]", m.group(1))
                # Unit tests and prover-only functions are not part of the callable API.
                if any(re.fullmatch(r"test(\(.*\))?", a.strip()) or a.strip() == "verify_only" for a in attrs):
                    continue
                kept = " ".join(sorted(a for a in attrs if a in KEPT_ATTRS))
                mods = " ".join(sorted(re.sub(r"\s+", "", x) for x in m.group(2).split()))
                items[(mod, "fun " + m.group(3))] = f"{kept} {mods} {squeeze(m.group(4))}".strip()
            for m in re.finditer(r"\b(struct|enum)\s+(\w+)([^{;]*)\{([^}]*)\}", body):
                fields = squeeze(m.group(4)).rstrip(",")
                items[(mod, "struct " + m.group(2))] = f"{squeeze(m.group(3))} {{{fields}}}"
            for m in re.finditer(r"const\s+(\w+)\s*:\s*(\w+)\s*=\s*([^;]+);", body):
                value = m.group(3).strip()
                try:
                    value = str(int(value, 0))
                except ValueError:
                    pass
                items[(mod, "const " + m.group(1))] = f"{m.group(2)} = {value}"
    return items


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    theirs, ours = surface(sys.argv[1]), surface(sys.argv[2])
    bad = 0
    for key in sorted(set(theirs) | set(ours)):
        name = "::".join([key[0], key[1]])
        if key not in ours:
            print(f"missing  {name}: {theirs[key]}")
            bad += 1
        elif key not in theirs:
            print(f"extra    {name}: {ours[key]}")
        elif theirs[key] != ours[key]:
            print(f"differs  {name}\n  theirs: {theirs[key]}\n  ours:   {ours[key]}")
            bad += 1
    print(f"{len(theirs)} items theirs, {len(ours)} ours, {bad} missing or different")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
