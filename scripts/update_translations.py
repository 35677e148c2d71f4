"""Keep the pt-BR translation in step with the code.

    python scripts/update_translations.py          # refresh the .ts from the sources, then build the .qm
    python scripts/update_translations.py --check  # change nothing; exit 1 when something is out of date

The update runs `pyside6-lupdate` over every gui/**/*.py and the core modules that hold message
templates (CORE_SOURCES: the message catalogs, marked with their own QT_TRANSLATE_NOOP) into
resources/translations/faturas_pt_BR.ts (existing translations are kept; strings no longer in
the code are dropped with -no-obsolete), then `pyside6-lrelease` into faturas_pt_BR.qm, the
file gui/i18n.py loads. New strings arrive "unfinished": translate them (Qt Linguist or any
editor), then run the script again to rebuild the .qm.

`--check` fails (exit 1, one line per problem) when:
  * a string in the code is missing from the .ts, or the .ts holds one the code no longer has;
  * a message is unfinished, obsolete or has an empty translation (each plural form counts);
  * a translation lost or gained a placeholder (%1, %2, %n, or a named one such as {count}) or a
    keyboard accelerator (&);
  * the shipped .qm is not byte for byte what lrelease makes from the .ts.

The Qt tools are looked up next to the running interpreter (the venv's bin or Scripts
directory), then in the PySide6 package, never on PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "gui"
CORE_SOURCES = (ROOT / "core" / "message_catalog.py", ROOT / "core" / "import_catalog.py")
TRANSLATIONS = ROOT / "resources" / "translations"
TS = TRANSLATIONS / "faturas_pt_BR.ts"
QM = TRANSLATIONS / "faturas_pt_BR.qm"
LANGUAGE = "pt_BR"

PLACEHOLDER = re.compile(r"%(?:n|\d+)|\{[a-z_]+\}")
# "&" marks an accelerator unless doubled ("&&" is a literal ampersand).
ACCELERATOR = re.compile(r"(?<!&)&(?!&)")


class ToolError(RuntimeError):
    """A Qt tool is missing or failed."""


@dataclass(frozen=True, slots=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]  # one per plural form; () when there is no translation element
    kind: str  # the translation's type attribute: "" (finished), "unfinished", "obsolete", "vanished"

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment

    def where(self) -> str:
        return f"[{self.context}] {self.source!r}"


# -- tools --------------------------------------------------------------------------------------
def tool(name: str) -> Path:
    """`pyside6-lupdate` / `pyside6-lrelease` of the running interpreter's environment."""
    exe = ".exe" if os.name == "nt" else ""
    bin_dir = Path(sys.executable).parent
    candidates = [bin_dir / f"pyside6-{name}{exe}", bin_dir / "Scripts" / f"pyside6-{name}{exe}"]
    try:
        import PySide6

        package = Path(PySide6.__file__).resolve().parent
        candidates += [package / f"{name}{exe}", package / "Qt" / "libexec" / f"{name}{exe}"]
    except ImportError:
        pass
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise ToolError(f"pyside6-{name} not found next to {sys.executable} (install pyside6 in this environment)")


def _run(args: list[str | Path]) -> str:
    done = subprocess.run([str(a) for a in args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise ToolError(f"{Path(args[0]).name} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def source_files() -> list[Path]:
    return sorted(p for p in SOURCES.rglob("*.py") if "__pycache__" not in p.parts) + list(CORE_SOURCES)


def lupdate(ts: Path) -> str:
    """Merge the code's strings into `ts` (created if missing), dropping vanished ones."""
    files = [p.relative_to(ROOT) for p in source_files()]
    return _run([tool("lupdate"), *files, "-ts", ts, "-no-obsolete", "-locations", "relative",
                 "-source-language", "en", "-target-language", LANGUAGE])


def lrelease(ts: Path, qm: Path) -> str:
    return _run([tool("lrelease"), ts, "-qm", qm])


# -- reading a .ts ------------------------------------------------------------------------------
def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                texts: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                forms = translation.findall("numerusform")
                texts = tuple(f.text or "" for f in forms) if forms else (translation.text or "",)
                kind = translation.get("type", "")
            messages.append(Message(name, message.findtext("source") or "", message.findtext("comment") or "",
                                    message.get("numerus") == "yes", texts, kind))
    return messages


# -- checks -------------------------------------------------------------------------------------
def placeholder_problems(messages: list[Message]) -> list[str]:
    """Every translation keeps its source's %1/%2/%n placeholders and its number of '&'."""
    problems = []
    for m in messages:
        want = Counter(PLACEHOLDER.findall(m.source))
        amps = len(ACCELERATOR.findall(m.source))
        for text in m.translations:
            if not text:
                continue
            if Counter(PLACEHOLDER.findall(text)) != want:
                problems.append(f"placeholders differ: {m.where()} → {text!r}")
            if len(ACCELERATOR.findall(text)) != amps:
                problems.append(f"accelerators (&) differ: {m.where()} → {text!r}")
    return problems


def translation_problems(messages: list[Message]) -> list[str]:
    problems = []
    for m in messages:
        if m.kind:
            problems.append(f"{m.kind}: {m.where()}")
        elif not m.translations or not all(t.strip() for t in m.translations):
            problems.append(f"empty translation: {m.where()}")
    return problems


def coverage_problems(shipped: list[Message], fresh: list[Message]) -> list[str]:
    """`fresh` is the .ts after lupdate over the current code: it must hold the same messages."""
    have = {m.key for m in shipped}
    want = {m.key for m in fresh}
    problems = [f"not in the .ts (run scripts/update_translations.py): [{c}] {s!r}"
                for c, s, _ in sorted(want - have)]
    problems += [f"in the .ts but no longer in the code: [{c}] {s!r}" for c, s, _ in sorted(have - want)]
    return problems


def check() -> list[str]:
    """Everything --check looks at; an empty list when the translation is up to date."""
    if not TS.is_file():
        return [f"missing {TS.relative_to(ROOT)}: run scripts/update_translations.py"]
    shipped = read_ts(TS)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / TS.name
        shutil.copyfile(TS, copy)
        lupdate(copy)
        fresh = read_ts(copy)
        problems = coverage_problems(shipped, fresh)
        problems += translation_problems(shipped)
        problems += placeholder_problems(shipped)
        built = Path(tmp) / QM.name
        lrelease(TS, built)
        if not QM.is_file():
            problems.append(f"missing {QM.relative_to(ROOT)}: run scripts/update_translations.py")
        elif QM.read_bytes() != built.read_bytes():
            problems.append(f"{QM.relative_to(ROOT)} is not what lrelease makes from the .ts: "
                            "run scripts/update_translations.py")
    return problems


def update() -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    print(lupdate(TS).strip())
    print(lrelease(TS, QM).strip())
    messages = read_ts(TS)
    todo = translation_problems(messages) + placeholder_problems(messages)
    if todo:
        print(f"\n{len(todo)} message(s) still need work in {TS.relative_to(ROOT)}:")
        for line in todo:
            print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if the .ts or .qm is out of date or incomplete")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = check()
            for line in problems:
                print(line)
            if problems:
                print(f"\n{len(problems)} translation problem(s).", file=sys.stderr)
                return 1
            print(f"{TS.relative_to(ROOT)} and {QM.name} are up to date.")
            return 0
        update()
        return 0
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
