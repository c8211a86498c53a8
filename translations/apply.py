#!/usr/bin/env python3
"""Fills translations/qrsync_de.ts from de.py after lupdate.

    /usr/lib/qt6/bin/lupdate -no-obsolete -locations none ui app/desktop \
        -ts translations/qrsync_de.ts
    python3 translations/apply.py

Strings without an entry in de.py stay "unfinished" (shown in English);
the script lists them so they can be added.
"""
import os
import sys
import xml.etree.ElementTree as ET

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from de import T  # noqa: E402

path = os.path.join(here, "qrsync_de.ts")
tree = ET.parse(path)
missing = []
for message in tree.iter("message"):
    source = message.find("source").text or ""
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        missing.append(source)
        continue
    if source in T:
        translation.text = T[source]
        translation.attrib.pop("type", None)
    elif translation.get("type") == "unfinished":
        missing.append(source)
tree.write(path, encoding="utf-8", xml_declaration=True)
# ElementTree drops the DOCTYPE lupdate writes; put it back.
with open(path, encoding="utf-8") as f:
    text = f.read()
if "<!DOCTYPE TS>" not in text:
    text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
with open(path, "w", encoding="utf-8") as f:
    f.write(text)
for s in missing:
    print("untranslated:", s)
