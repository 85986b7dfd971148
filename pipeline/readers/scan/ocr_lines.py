"""Every line of a scanned page read again: cut out, scaled to each of several reading heights, and
read in one Tesseract run; each line then takes the surest of its readings (Tesseract's reading of a
line changes with its scale, and its confidence says which to trust), with the characters that reading
lost taken from the others."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any, NamedTuple

import numpy as np

from pipeline.config.vocabulary import ocr_settings, pdf_settings
from pipeline.language.scripts import WORD_CHARACTER, WRITTEN_WORD
from pipeline.readers.scan.ocr_words import line_bands, words_of
from pipeline.readers.scan.page_image import ink_bands, text_height
from pipeline.readers.scan.tesseract import Segmentation, read_tsv

SYMBOL = re.compile(r"[^\w\u3000-\u30ff]")  # neither a letter, a digit nor Japanese writing or punctuation


def reread_lines(image, words: list[dict], factor: float, every_line: bool = False) -> list[dict]:
    """The words, each line's taken from the surest of its readings: the page's (read scaled by
    `factor`), and, for a line the page's reading is unsure of or whose type that scale sets far from
    the reading height (or for `every_line`: a table's rows, whose every cell counts), the line's own
    cut out and scaled to the heights of `reread_heights` (Tesseract's reading of a line changes with
    its scale, and its confidence says which reading to trust). A line is first read again at the
    height nearest `line_height`; where that reading and the page's agree, surely, on every character,
    the line is settled, and only the others are read at the other heights. Each height's cut-out
    lines are stacked into one image: one Tesseract run reads them all."""
    if every_line:
        chosen = {word["line"] for word in words}
    else:
        chosen = _unsure_lines(words) | _off_scale_lines(words, factor)
    settings = pdf_settings().ocr
    heights = sorted(settings.reread_heights, key=lambda height: abs(height - settings.line_height))
    again = [word for word in words if word["line"] in chosen]
    readings = _read_strips(image, _strips(image, again, heights[:1]))
    settled = _agreed(words, readings)
    again = [word for word in again if word["line"] not in settled]
    readings += _read_strips(image, _strips(image, again, heights[1:]))
    if not readings:
        return sure(words)
    chosen_words: dict[str, list[dict]] = {}
    for word in words:
        chosen_words.setdefault(word["line"], []).append(word)
    for line, first in list(chosen_words.items()):
        every = [first, *(reading for strip, reading in readings if strip.line == line)]
        surest = sure(max(every, key=_sureness))  # on a tie the page's reading stays
        chosen_words[line] = _filled(with_lost_words(surest, every), every)
    out: list[dict] = []
    for word in words:  # each line's chosen reading takes its place in the page's order
        out.extend(chosen_words.pop(word["line"], []))
    return out


def _read_strips(image, strips: list[Strip]) -> list[tuple[Strip, list[dict]]]:
    """Each strip with its words, read in one Tesseract run over the strips stacked, placed back in
    the page image's pixels (a word of a neighbouring line cut out with it left out)."""
    if not strips:
        return []
    stacked, tops = stack([strip.image for strip in strips])
    readings: list[list[dict]] = [[] for _ in strips]
    heights = [strip.image.height for strip in strips]
    for word in words_of(read_tsv(stacked, Segmentation.ONE_BLOCK), keep_unsure=True):
        index = stacked_at(tops, heights, word)
        if index is None:
            continue
        strip, top = strips[index], tops[index]
        box = _placed(word["box"], strip, top)
        if strip.line_box[1] <= box[1] + box[3] / 2 <= strip.line_box[1] + strip.line_box[3]:
            # The line keeps its key and box however Tesseract parts the strip (a word in much larger
            # or smaller type, a tag run into a title, keeps its own size: ocr_words.chars_of); a
            # neighbour's sliver cut out with the line is left out.
            readings[index].append({**word, "line": strip.line, "box": box, "line_box": strip.line_box})
    for reading in readings:
        reading.sort(key=lambda word: word["box"][0])  # one line, left to right, however Tesseract parted it
    return list(zip(strips, readings, strict=True))


def _agreed(words: list[dict], readings: list[tuple[Strip, list[dict]]]) -> set[str]:
    """The lines whose reading again says, surely, what the page's reading says surely: the same
    characters, and neither reading unsure of the line (`_unsure_lines`)."""
    page: dict[str, list[dict]] = {}
    for word in words:
        page.setdefault(word["line"], []).append(word)
    unsure = _unsure_lines(words)
    agreed = set()
    for strip, reading in readings:
        first = page[strip.line]
        same = "".join(word["text"] for word in sure(first)) == "".join(
            word["text"] for word in sure(reading)
        )
        if reading and same and strip.line not in unsure and not _unsure_lines(reading):
            agreed.add(strip.line)
    return agreed


def with_missed_lines(gray: np.ndarray, words: list[dict]) -> list[dict]:
    """The words, with a wordless, unsure line for each band of ink rows of about a line's height with
    no word in it: a line Tesseract's layout analysis never found (a contents entry with its leader
    dots, on a grey scan), which reread_lines then reads on its own."""
    height = text_height(gray)
    if not height:
        return words
    settings = ocr_settings()
    # The rows words were found on: a line's word its middle row (a box stretched over lines says no
    # more), a column of vertical writing every row it runs down.
    found = np.zeros(gray.shape[0] + 1, bool)
    for word in words:
        left, top, width, tall = word["line_box"]
        if tall > settings.vertical * width:
            found[max(0, int(top)) : int(top + tall) + 1] = True
        else:
            found[min(gray.shape[0], max(0, int(word["box"][1] + word["box"][3] / 2)))] = True
    missed = []
    for top, bottom in ink_bands(gray):
        if not settings.min_line <= bottom - top <= settings.missed_band * height or found[top:bottom].any():
            continue
        ink = np.flatnonzero((gray[top:bottom] < settings.ink_level).any(axis=0))
        if ink.size >= settings.missed_ink * height:
            box = [float(ink[0]), float(top), float(ink[-1] + 1 - ink[0]), float(bottom - top)]
            line = f"missed/{top}/0/0"
            missed.append(
                {"line": line, "text": "", "conf": 0.0, "box": box, "line_box": box, "unsure": True}
            )
    return words + missed


def _unsure_lines(words: list[dict]) -> set[str]:
    """The lines a reading is unsure of: a word in it too unsure to keep or kept only unsurely, its
    characters' mean confidence under `sure_line` (in a short line, a table's cell, any word's: one
    character is much of it, and reading it again costs little), or a gap among its words (or at its
    ends) wider than `lost_gap` line heights, where a word was lost (half a line read as one word 'SS')."""
    by_line: dict[str, list[dict]] = {}
    for word in words:
        by_line.setdefault(word["line"], []).append(word)
    unsure = set()
    for line, members in by_line.items():
        left, _, width, height = members[0]["line_box"]
        edges = [left]
        for word in sorted(members, key=lambda w: w["box"][0]):
            edges += [word["box"][0], word["box"][0] + word["box"][2]]
        edges.append(left + width)
        widest = max(b - a for a, b in zip(edges[::2], edges[1::2], strict=True))
        characters = sum(len(word["text"]) for word in members)
        mean = sum(word["conf"] * len(word["text"]) for word in members) / max(characters, 1)
        least = min(word["conf"] for word in members)
        if (
            any(word.get("unsure") for word in members)
            or mean < ocr_settings().sure_line
            or (characters <= ocr_settings().short_line and least < ocr_settings().sure_line)
            or widest > ocr_settings().lost_gap * height
        ):
            unsure.add(line)
    return unsure


def _off_scale_lines(words: list[dict], factor: float) -> set[str]:
    """The lines whose type the page's scale (`factor`) sets further from `line_height` than `same_scale`
    of it: a title in large type, a foot note in small, which are best read at their own scale."""
    settings = ocr_settings()
    return {
        line
        for line, (_, height) in line_bands([word for word in words if word["text"]]).items()
        if abs(height * factor / settings.line_height - 1) > settings.same_scale
    }


def sure(words: list[dict]) -> list[dict]:
    """The words Tesseract is sure of: those of a reading, less the unsure ones kept to fill its gaps."""
    return [word for word in words if not word.get("unsure")]


def _filled(reading: list[dict], readings: list[list[dict]]) -> list[dict]:
    """A line's surest reading with the characters its `readings` give where it gives none (each
    reading loses a character or two the others keep, or keeps only as an unsure word: 進 of 進める at
    one scale, 導 at another), the surer readings' first. The readings are set side by side by their
    text, since Tesseract's boxes for Japanese words are too loose to say which characters one reading
    lacks: a character counts as lost when another reading has it between the same neighbours
    (lost_context of them before it, the next one after it or the line's end), and it goes into the word
    before it, so that the line's words keep their boxes."""
    texts = [word["text"] for word in reading]
    for other in sorted(readings, key=_sureness, reverse=True):
        theirs = "".join(word["text"] for word in other)
        ours = "".join(texts)
        for tag, i1, _, j1, j2 in reversed(SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes()):
            lost = theirs[j1:j2]
            context = (
                ours[max(0, i1 - ocr_settings().lost_context) : i1]
                == theirs[max(0, j1 - ocr_settings().lost_context) : j1]
            )
            if (
                tag == "insert" and len(lost) <= ocr_settings().lost_most and WRITTEN_WORD.fullmatch(lost) and i1 >= ocr_settings().lost_context
                and context and ours[i1 : i1 + 1] == theirs[j2 : j2 + 1]
            ):  # fmt: skip
                index, offset = _owner(texts, i1 - 1)
                texts[index] = texts[index][: offset + 1] + lost + texts[index][offset + 1 :]
    return [{**word, "text": text} for word, text in zip(reading, texts, strict=True)]


def with_lost_words(reading: list[dict], readings: list[list[dict]]) -> list[dict]:
    """A line's surest reading with the words its other `readings` read surely (`lost_word_confidence`)
    where it reads none: in a stretch of the line none of its words covers (an era's 令 or a date
    "R4.4.1" one reading loses whole while it reads the rest of the line best). Word boxes are loose,
    so a word counts as covered where a word of the reading overlaps `lost_word_overlap` of it or more;
    the surer readings are asked first, and a word taken covers its place for the rest."""
    settings = ocr_settings()
    kept = sorted(reading, key=lambda word: word["box"][0])
    for other in sorted(readings, key=_sureness, reverse=True):
        for word in sure(other):
            if not (WORD_CHARACTER.search(word["text"]) and word["conf"] >= settings.lost_word_confidence):
                continue
            if any(_overlap(word["box"], mine["box"]) >= settings.lost_word_overlap for mine in kept):
                continue
            at = sum(mine["box"][0] < word["box"][0] for mine in kept)
            before = kept[at - 1]["text"] if at else ""
            after = kept[at]["text"] if at < len(kept) else ""
            # The same characters beside it are the reading's own, boxed elsewhere (民 of 市民).
            if not (before.endswith(word["text"]) or after.startswith(word["text"])):
                kept.insert(at, word)
    return kept if len(kept) > len(reading) else reading


def _overlap(box: list[float], other: list[float]) -> float:
    """How much of the narrower of two word boxes (left, top, width, height) the other overlaps across."""
    shared = min(box[0] + box[2], other[0] + other[2]) - max(box[0], other[0])
    return max(0.0, shared) / max(min(box[2], other[2]), 1.0)


def _owner(texts: list[str], at: int) -> tuple[int, int]:
    """The word holding character `at` of the words' joined texts, and its place in that word."""
    for index, text in enumerate(texts):
        if at < len(text):
            return index, at
        at -= len(text)
    raise IndexError(at)


def _sureness(words: list[dict]) -> float:
    """How much of a line a reading gives with confidence: its characters weighted by their words',
    a symbol (> | \\ ~) at half a letter's, since a symbol is what a character read wrong comes out as
    (入 as >)."""
    return sum(_weight(word["text"]) * word["conf"] for word in words) / 100


def _weight(text: str) -> float:
    return sum(0.5 if SYMBOL.fullmatch(char) else 1.0 for char in text)


class Strip(NamedTuple):
    """A line cut out to be read again: its key and band in the page image, the crop holding it, the
    scale that brings its type to a reading height, and the crop so scaled."""

    line: str
    line_box: list[float]
    crop: tuple[int, int, int, int]
    scale: float
    image: Any


def _placed(box: list[float], strip: Strip, top: int) -> list[float]:
    """A box read in the stack of strips (`strip` set at row `top`) in the page image's pixels."""
    left, y, width, height = box
    return [(left - ocr_settings().strip_margin) / strip.scale + strip.crop[0], (y - top) / strip.scale + strip.crop[1],
            width / strip.scale, height / strip.scale]  # fmt: skip


def _strips(image, words: list[dict], heights: list[float]) -> list[Strip]:
    """The lines to read again (every line of horizontal writing), once for each of `heights`: its
    line box, the crop of the page image holding it, the scale that brings its
    type to that height, and the crop so scaled."""
    from PIL import Image

    settings = pdf_settings().ocr
    bands = line_bands(words)
    strips: list[Strip] = []
    seen: set[str] = set()
    for word in words:
        left, _, width, height = word["line_box"]
        if word["line"] in seen or height > ocr_settings().vertical * width:
            continue
        seen.add(word["line"])
        # The line's band, not its box: a stray word box can stretch a line's box over the next line.
        middle, typical = bands[word["line"]]
        band = [
            left,
            middle - ocr_settings().reread_band * typical,
            width,
            2 * ocr_settings().reread_band * typical,
        ]
        side = typical * 0.5
        crop = (max(0, round(left - side)), max(0, round(band[1])),
                min(image.width, round(left + width + side)), min(image.height, round(band[1] + band[3])))  # fmt: skip
        piece = image.crop(crop)
        for line_height in heights:
            scale = min(max(line_height / typical, settings.min_scale), settings.max_scale)
            size = (max(1, round(piece.width * scale)), max(1, round(piece.height * scale)))
            strips.append(Strip(word["line"], band, crop, scale, piece.resize(size, Image.LANCZOS)))
    return strips


def stack(pieces: list) -> tuple[Any, list[int]]:
    """Images one under another on white, for one Tesseract run; and the row each is set at."""
    from PIL import Image

    stack = Image.new(
        "L",
        (
            max(p.width for p in pieces) + 2 * ocr_settings().strip_margin,
            sum(p.height + ocr_settings().strip_margin for p in pieces) + ocr_settings().strip_margin,
        ),
        255,
    )
    tops, y = [], ocr_settings().strip_margin
    for piece in pieces:
        stack.paste(piece, (ocr_settings().strip_margin, y))
        tops.append(y)
        y += piece.height + ocr_settings().strip_margin
    return stack, tops


def stacked_at(tops: list[int], heights: list[int], word: dict) -> int | None:
    """Which image of a stack (set at `tops`, `heights` tall) a word read from the stack lies in."""
    middle = word["box"][1] + word["box"][3] / 2
    half = ocr_settings().strip_margin / 2
    return next((i for i, top in enumerate(tops) if top - half <= middle < top + heights[i] + half), None)
