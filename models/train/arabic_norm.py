"""Python twin of khabar's Go normaliser (extract/normalize).

Training must see text exactly as the Go pipeline feeds the model, so this
module implements the same rules, switched by the same option names that the
model's config.json carries under "khabar" -> "normalize". The Go test
extract/normalize/parity_test.go checks both agree on a golden file written by
`python3 arabic_norm.py --golden`.
"""
import json
import sys

DEFAULT = dict(format=True, diacritics=True, tatweel=True, alef=True, yaa=True,
               teh_marbuta=False, digits=True, whitespace=True, lowercase=False)

_FORMAT = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF, 0x00AD}
_NEWLINES = {"\n", "\r", "\v", "\f", "\u0085", "\u2028", "\u2029"}
_SPACES = {" ", "\t", "\u00a0", "\u1680", "\u202f", "\u205f", "\u3000"}


def _is_format(c):
    o = ord(c)
    return o in _FORMAT or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069


def _is_diacritic(c):
    o = ord(c)
    return (0x064B <= o <= 0x065F or o == 0x0670 or 0x0610 <= o <= 0x061A or
            (0x06D6 <= o <= 0x06ED and o not in (0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9)))


def _space(c):
    if c in _NEWLINES:
        return True, True
    if c in _SPACES or 0x2000 <= ord(c) <= 0x200A:
        return True, False
    return False, False


def _fold(c, o):
    if o["alef"] and c in "أإآٱ":
        return "ا"
    if o["yaa"] and c in "ىی":
        return "ي"
    if o["yaa"] and c == "ک":
        return "ك"
    if o["teh_marbuta"] and c == "ة":
        return "ه"
    if o["digits"] and "٠" <= c <= "٩":
        return chr(ord("0") + ord(c) - ord("٠"))
    if o["digits"] and "۰" <= c <= "۹":
        return chr(ord("0") + ord(c) - ord("۰"))
    if o["lowercase"] and ord(c) < 0x250 and c.isupper():
        return c.lower()
    return c


def normalize(text, opts=None):
    """Return the normalised text (same rules and order as the Go code)."""
    o = dict(DEFAULT)
    if opts:
        o.update(opts)
    out = []
    pending = ""
    for c in text:
        if o["whitespace"]:
            sp, nl = _space(c)
            if sp:
                if not pending:
                    pending = " "
                if nl:
                    pending = "\n"
                continue
        if o["format"] and _is_format(c):
            continue
        if (o["diacritics"] and _is_diacritic(c)) or (o["tatweel"] and c == "\u0640"):
            continue
        c = _fold(c, o)
        if pending:
            if out:
                out.append(pending)
            pending = ""
        out.append(c)
    return "".join(out)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--golden":
        # Reads lines of text on stdin, writes {"in","out"} JSON lines.
        for line in sys.stdin:
            line = line.rstrip("\n")
            print(json.dumps({"in": line, "out": normalize(line)}, ensure_ascii=False))
    else:
        for line in sys.stdin:
            print(normalize(line.rstrip("\n")))
