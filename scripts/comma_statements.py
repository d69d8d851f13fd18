#!/usr/bin/env python3
"""Finds the comma operator used as a statement separator (`a = 1, b = 2;`, `return x = y, z;`)
in C++ sources: one statement per line reads better and debugs better. Declarations with several
names (`int a = 0, b = 0;`) and commas inside brackets, braces or strings are not flagged.
Usage: comma_statements.py FILE...  (exit 1 and FILE:LINE per finding)."""
import re
import sys

DECL = re.compile(
    r"^(?:(?:static|const|constexpr|inline|thread_local|extern|unsigned|signed|long|short|volatile)\s+)*"
    r"(?:[A-Za-z_][\w:]*(?:<[^;]*>)?[\s*&]+)+[A-Za-z_]\w*\s*(?:=|\{|\[|\(|,|;)")
CONTROL = re.compile(r"^(?:\}\s*)?(?:else\s+)?(?:if|while|switch)\s*\(")
STATEMENT_WORDS = ("return ", "delete ", "throw ", "co_return ")


def strip_literals(code):
    code = re.sub(r'R"(\w*)\(.*?\)\1"', '""', code)
    code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)
    return re.sub(r"'(?:[^'\\]|\\.)*'", "''", code)


def skip_condition(stmt):
    """The statement after `if (...)`, `} else`, a `case x:` label."""
    while True:
        stmt = stmt.lstrip()
        m = CONTROL.match(stmt)
        if m:
            depth = 0
            for i in range(m.end() - 1, len(stmt)):
                depth += {"(": 1, ")": -1}.get(stmt[i], 0)
                if depth == 0:
                    stmt = stmt[i + 1:]
                    break
            else:
                return ""
            continue
        if stmt.startswith("} else") or stmt.startswith("else"):
            stmt = stmt.split("else", 1)[1]
            continue
        return stmt


def top_level_comma(stmt):
    depth = angle = 0
    for i, ch in enumerate(stmt):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "<" and i > 0 and (stmt[i - 1].isalnum() or stmt[i - 1] == "_"):
            angle += 1  # a template's arguments: std::map<K, V>
        elif ch == ">" and angle > 0:
            angle -= 1
        elif ch == "," and depth == 0 and angle == 0:
            return True
    return False


def findings(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    out = []
    previous = ";"
    for number, line in enumerate(text.splitlines(), 1):
        code = strip_literals(line).split("//", 1)[0].strip()
        starts_statement = previous.endswith((";", "{", "}", ":", ")", "else"))
        if code:
            previous = code
        if not starts_statement:
            continue  # the rest of a statement begun above (an argument list, say)
        if not code.endswith(";") or code.startswith(("for", "#", "}  //", "using ", "typedef ", "template")):
            continue
        stmt = skip_condition(code)
        if not stmt or stmt.startswith("for"):
            continue
        if DECL.match(stmt) and not stmt.startswith(STATEMENT_WORDS):
            continue
        if top_level_comma(stmt.rstrip(";")) and (re.search(r"(?<![=!<>])=(?!=)|\+\+|--|\w\(", stmt.split(",")[0])
                                                   or stmt.startswith(STATEMENT_WORDS)):
            out.append(f"{path}:{number}: comma operator as a statement separator: {line.strip()[:100]}")
    return out


def main(paths):
    found = [f for p in paths for f in findings(p)]
    for f in found:
        print(f)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
