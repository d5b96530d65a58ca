"""Run the hidden checks of an assignment on exported answers (a fresh process, outside the sandbox
of the submission).

Usage: ``python -I check.py KIT_JSON ANSWERS_JSON STUDENT_ID [OTHER_IDS_JSON]``; prints a JSON
report on stdout: for every test its question, whether it passed and the type of its failure, and,
for questions that failed, the other student ids whose variant the answer satisfies.

The answers are data written by the submission: they are read with ``json`` only (never pickle),
and a SymPy expression is rebuilt from its text by walking Python's syntax tree with a whitelist
of operators, functions and names (:func:`to_sympy`), never by ``eval``/``sympify``, so that no
answer can run code in this process (for instance patch ``numpy.isclose`` before the checks run).

This file is standalone (the checks run with the grading environment's NumPy, SymPy and spinlib,
which the submission could not write to).
"""

from __future__ import annotations

import ast
import json
import re
import sys

import numpy as np
import sympy as sp

MAX_TEXT = 20_000
MAX_NODES = 5_000
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
FUNCTIONS = {
    name: getattr(sp, name)
    for name in (
        "sin",
        "cos",
        "tan",
        "cot",
        "sec",
        "csc",
        "asin",
        "acos",
        "atan",
        "atan2",
        "sinh",
        "cosh",
        "tanh",
        "coth",
        "asinh",
        "acosh",
        "atanh",
        "exp",
        "log",
        "sqrt",
        "Abs",
        "sign",
        "Heaviside",
        "re",
        "im",
        "conjugate",
        "Rational",
        "Integer",
        "Float",
        "Max",
        "Min",
        "floor",
        "ceiling",
        "erf",
        "erfc",
    )
}
CONSTANTS = {"pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo, "zoo": sp.zoo, "nan": sp.nan}
OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


class Unsupported:
    """Stands for an answer of a type that cannot be exported (every check on it fails)."""

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"<unsupported answer: {self.kind}>"


def to_sympy(text: str) -> sp.Expr:
    """A SymPy expression from its ``str`` form, built node by node from a whitelist.

    Parameters
    ----------
    text : str
        The expression as SymPy prints it (``str(expr)``), at most 20 000 characters.

    Returns
    -------
    sympy.Expr
        The expression; symbols carry no assumptions (the checks substitute numbers by name).

    Examples
    --------
    >>> to_sympy("-alpha*(A - B)/(2*q) + sqrt(2)")
    -alpha*(A - B)/(2*q) + sqrt(2)
    """
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise ValueError("expression text too long or not a string")
    tree = ast.parse(text, mode="eval")
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ValueError("expression too large")

    def build(node):
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and abs(node.value) < 1e12:
            return sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)
        if isinstance(node, ast.Name) and NAME.match(node.id):
            return CONSTANTS.get(node.id) or sp.Symbol(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](build(node.left), build(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and not node.keywords
        ):
            return FUNCTIONS[node.func.id](*[build(a) for a in node.args])
        raise ValueError(f"not allowed in an answer expression: {type(node).__name__}")

    return build(tree)


def _number(x):
    return float(x) if isinstance(x, str) else x  # 'nan', 'inf', '-inf' travel as strings


def decode(item):
    """The Python value of one exported answer (see runner.encode)."""
    kind = item.get("kind") if isinstance(item, dict) else None
    if kind == "plain" and (item["value"] is None or isinstance(item["value"], bool)):
        return item["value"]
    if kind == "number" and isinstance(item["value"], int | float | str):
        return _number(item["value"])
    if kind == "str" and isinstance(item["value"], str):
        return item["value"]
    if kind == "sympy":
        try:
            return to_sympy(item["text"])
        except (ValueError, SyntaxError, TypeError, RecursionError) as err:
            return Unsupported(f"expression ({err})")
    if kind == "list" and isinstance(item["items"], list):
        return [decode(v) for v in item["items"][:1000]]
    if kind == "array":
        data = [_number(v) for v in item["data"][:100_000]]
        shape = [int(n) for n in item["shape"]]
        return np.array(data, dtype=float).reshape(shape)
    return Unsupported(str(item.get("type", "?"))[:100] if isinstance(item, dict) else "?")


def load_tests(kit: dict) -> dict:
    """question -> [(test dict, function)], the kit's test sources executed here."""
    loaded = {}
    for question, info in kit["questions"].items():
        loaded[question] = []
        for test in info["tests"]:
            namespace: dict = {}
            exec(compile(test["source"], f"<{test['name']}>", "exec"), namespace)  # noqa: S102 (instructor code)
            loaded[question].append((test, namespace[test["name"]]))
    return loaded


def run_test(fn, answers: dict, student_id: str):
    """(passed, failure type) of one test function called with the answers it names."""
    code = fn.__code__
    kwargs = {}
    for param in code.co_varnames[: code.co_argcount]:
        if param == "STUDENT_ID":
            kwargs[param] = student_id
        elif param in answers:
            kwargs[param] = answers[param]
        else:
            return False, f"{param} is not defined"
    try:
        fn(**kwargs)
    except Exception as err:  # noqa: BLE001 (any failure of a check counts)
        return False, type(err).__name__
    return True, ""


def check(kit: dict, payload: dict, student_id: str, other_ids: list[str]) -> dict:
    answers = {}
    for name, item in (payload.get("answers") or {}).items():
        try:
            answers[name] = decode(item)
        except Exception as err:  # noqa: BLE001
            answers[name] = Unsupported(type(err).__name__)
    tests = load_tests(kit)
    report = {"tests": [], "variants": {}}
    for question, pairs in tests.items():
        failed_hidden = []
        for test, fn in pairs:
            passed, error = run_test(fn, answers, student_id)
            report["tests"].append(
                {
                    "question": question,
                    "name": test["name"],
                    "hidden": test["hidden"],
                    "passed": passed,
                    "error": error,
                }
            )
            if test["hidden"] and not passed:
                failed_hidden.append(fn)
        personal = [fn for fn in failed_hidden if "STUDENT_ID" in fn.__code__.co_varnames]
        if personal:
            report["variants"][question] = [
                other
                for other in other_ids
                if other != student_id and all(run_test(fn, answers, other)[0] for fn in personal)
            ]
    return report


def main(argv: list[str]) -> int:
    kit_path, answers_path, student_id, *rest = argv
    with open(kit_path) as handle:
        kit = json.load(handle)
    try:
        with open(answers_path) as handle:
            payload = json.loads(handle.read(4_000_000))
    except (OSError, ValueError):
        payload = {}
    other_ids = json.loads(rest[0]) if rest else []
    report = check(kit, payload if isinstance(payload, dict) else {}, student_id, other_ids)
    sys.stdout.write("\n@@REPORT@@" + json.dumps(report, default=str, allow_nan=True) + "\n")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main(sys.argv[1:]))
