"""Compile and check translation catalogs in pure Python (polib), so no GNU gettext is needed.

    python -m helpdesk.i18n compile   locale/*/LC_MESSAGES/*.po -> .mo, fuzzy entries left out
    python -m helpdesk.i18n check     exit 1 listing untranslated or fuzzy entries of locale/ru

Settings are deliberately not imported: importing them would start the embedded servers.
"""

import os
import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CHECKED_LANGUAGE = "ru"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        # polib writes only translated entries: fuzzy and obsolete ones are skipped, as msgfmt does.
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        compiled.append(po_path)
    return compiled


def catalog_problems(po_path: Path) -> list[str]:
    catalog = polib.pofile(str(po_path))
    shown = os.path.relpath(po_path)
    problems = []
    if catalog.metadata_is_fuzzy:
        # makemessages marks a new header fuzzy; left so, msgfmt would drop its Plural-Forms.
        problems.append(f'{shown}: header is marked fuzzy (delete "#, fuzzy" above msgid "")')
    for entry in catalog.untranslated_entries():
        problems.append(f"{shown}:{entry.linenum}: untranslated: {entry.msgid!r}")
    for entry in catalog.fuzzy_entries():
        problems.append(f"{shown}:{entry.linenum}: fuzzy: {entry.msgid!r}")
    return problems


def main(argv: list[str]) -> int:
    if argv == ["compile"]:
        compiled = compile_catalogs()
        for po_path in compiled:
            print(f"compiled {os.path.relpath(po_path)}")
        if not compiled:
            print(f"no .po files under {LOCALE_DIR}")
        return 0
    if argv == ["check"]:
        po_paths = sorted((LOCALE_DIR / CHECKED_LANGUAGE / "LC_MESSAGES").glob("*.po"))
        if not po_paths:
            print(f"no .po files for {CHECKED_LANGUAGE!r} under {LOCALE_DIR}", file=sys.stderr)
            return 1
        problems = [problem for po_path in po_paths for problem in catalog_problems(po_path)]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} translation problem(s)", file=sys.stderr)
            return 1
        print(f"{CHECKED_LANGUAGE}: {len(po_paths)} catalog(s) fully translated")
        return 0
    print("usage: python -m helpdesk.i18n compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
