"""Word's automatic numbering (word/numbering.xml) restored into the text, as Word prints it: a heading
styled '第%1章' with a decimal counter reads '第1章', a list level '(%2)' reads '(3)'. Counters run per
abstract numbering definition, a deeper level restarts when a shallower one advances, and a numbering
instance's start override restarts its list."""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_KANJI = "〇一二三四五六七八九"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _kanji(n: int) -> str:
    if n < 10:
        return _KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI[tens % 10]) + "十" + (_KANJI[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter in one of Word's number formats (an unknown format prints as decimal)."""
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand", "ideographDigital",
               "japaneseLegal", "japaneseDigitalTenThousand"):  # fmt: skip
        return _kanji(n) if n < 100 else str(n)
    if fmt.startswith("aiueo") and 1 <= n <= len(_AIUEO):
        return _AIUEO[n - 1]
    if fmt.startswith("iroha") and 1 <= n <= len(_IROHA):
        return _IROHA[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str  # '第%1章', '%1.%2', or the bullet itself
    suffix: str  # what separates the number from the text: tab, space or nothing
    legal: bool = False  # isLgl: every counter printed in decimal


def val(element, tag: str, default: str | None = None) -> str | None:
    """The w:val of `element`'s child `tag`: '' where the child says nothing (<w:b/> is on), `default`
    where there is no such child."""
    child = element.find(W + tag) if element is not None else None
    return default if child is None else child.get(W + "val", "")


def _levels(abstract) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(W + "lvl"):
        levels[int(lvl.get(W + "ilvl", "0"))] = Level(
            start=int(val(lvl, "start", "1") or 1),
            fmt=val(lvl, "numFmt", "decimal") or "decimal",
            text=val(lvl, "lvlText", "") or "",
            suffix=val(lvl, "suff", "tab") or "tab",
            legal=lvl.find(W + "isLgl") is not None,
        )
    return levels


@dataclass
class Numbering:
    """The numbering definitions of one document and the counters as the document is read in order."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, tuple[str, dict[int, int]]] = field(
        default_factory=dict
    )  # numId -> abstract, starts
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_xml(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.findall(W + "abstractNum"):
            numbering.abstracts[abstract.get(W + "abstractNumId")] = _levels(abstract)
        for num in root.findall(W + "num"):
            starts = {
                int(override.get(W + "ilvl", "0")): int(val(override, "startOverride"))
                for override in num.findall(W + "lvlOverride")
                if val(override, "startOverride") is not None
            }
            numbering.instances[num.get(W + "numId")] = (val(num, "abstractNumId") or "", starts)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The number the next paragraph of this list at this level shows, with what follows it."""
        abstract_id, starts = self.instances.get(num_id, ("", {}))
        levels = self.abstracts.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if starts and num_id not in self.started:
            self.started.add(num_id)
            for level, start in starts.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text + " " if level.text.strip() else ""
        text = level.text
        for k in range(ilvl, -1, -1):
            shown = levels.get(k, level)
            fmt = "decimal" if level.legal and k < ilvl else shown.fmt
            value = counters.get(k, shown.start)
            text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text + ("" if level.suffix == "nothing" or not text else " ")
