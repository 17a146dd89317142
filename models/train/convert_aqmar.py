"""AQMAR (Arabic Wikipedia NER) -> ANERcorp-style CoNLL with PER/LOC/ORG/MISC.

MIS0-3 (and typo variants MIS, MIS-1, MISS1, MIS1`) -> MISC; OO/IO -> O; I--ORG -> I-ORG;
language tags (B-SPANISH, B-ENGLISH) -> O; I- after a different type is repaired to B-.
"""
import glob
import os
import re
import sys


def fix(tag):
    if tag in ("O", "OO", "IO"):
        return "O"
    m = re.match(r"^([BI])-+([A-Z]+)", tag)
    if not m:
        return "O"
    bi, t = m.groups()
    if t.startswith("MIS"):
        t = "MISC"
    elif t == "PER":
        t = "PERS"
    elif t not in ("LOC", "ORG"):
        return "O"
    return f"{bi}-{t}"


def main(src, out):
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted(glob.glob(os.path.join(src, "*.txt"))):
            prev = "O"
            for line in open(path, encoding="utf-8"):
                p = line.split()
                if len(p) < 2:
                    if prev is not None:
                        f.write("\n")
                        n += 1
                    prev = None
                    continue
                tag = fix(p[1])
                if tag.startswith("I-") and (prev is None or prev == "O" or prev[2:] != tag[2:]):
                    tag = "B-" + tag[2:]
                f.write(f"{p[0]} {tag}\n")
                prev = tag
            if prev is not None:
                f.write("\n")
                n += 1
            prev = None
    print(f"aqmar: {n} sentences -> {out}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
