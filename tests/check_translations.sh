#!/usr/bin/env bash
# The German translation is complete: lupdate re-reads every GUI source into a copy of
# translations/hlcnn_de.ts, and the check fails when a source string has no translation (new
# strings arrive unfinished), a translation is empty, a plural form is missing, or a translation
# drops or adds a %1-style placeholder of its source.
# usage: check_translations.sh LUPDATE SOURCE_DIR
set -euo pipefail
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/translations/hlcnn_de.ts" "$work/hlcnn_de.ts"
LUPDATE=$1 "$root/packaging/update-translations.sh" "$work/hlcnn_de.ts"
python3 - "$work/hlcnn_de.ts" "$root/core/src/recipe.cpp" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
problems, total = [], 0
# The recipe form shows the schema's labels and zero words through tr() at run time: each must be
# a message of hlcnn::RecipeForm (widgets/src/recipe_form.cpp lists them for lupdate).
schema = open(sys.argv[2]).read()
wanted = set(re.findall(r'Field\("[^"]+",\s*"[^"]+",\s*(?:RecipeType::\w+,\s*)?"[^"]+",\s*"([^"]+)"', schema))
wanted |= set(re.findall(r'zeroMeans = "([^"]+)"', schema)) - {"all"}
form = {m.findtext("source") for c in tree.getroot().iter("context") if c.findtext("name") == "hlcnn::RecipeForm" for m in c.iter("message")}
if len(wanted) < 20:
    problems.append(f"found only {len(wanted)} recipe labels in {sys.argv[2]}")
for label in sorted(wanted - form):
    problems.append(f"recipe label not translatable (add it to recipe_form.cpp's list): {label!r}")
for context in tree.getroot().iter("context"):
    name = context.findtext("name")
    for m in context.iter("message"):
        total += 1
        source = m.findtext("source") or ""
        t = m.find("translation")
        where = f"{name}: {source!r}"
        if t is None or t.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"untranslated: {where}")
            continue
        forms = [f.text or "" for f in t.iter("numerusform")] if m.get("numerus") == "yes" else [t.text or ""]
        if not forms or any(not f.strip() for f in forms):
            problems.append(f"empty translation: {where}")
            continue
        wanted = sorted(set(re.findall(r"%\d", source)))
        for f in forms:
            if sorted(set(re.findall(r"%\d", f))) != wanted:
                problems.append(f"placeholders differ: {where} -> {f!r}")
print(f"{total} source strings, {len(problems)} problems")
for p in problems:
    print(p)
sys.exit(1 if problems or total == 0 else 0)
PY
