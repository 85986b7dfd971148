"""The one definition of where things lie (pipeline/model/geometry.py), on boxes written here."""

from pipeline.model.geometry import (
    centre_x,
    gap_x,
    holds_centre,
    holds_middle,
    middle_y,
    overlap_x,
    overlap_y,
)
from pipeline.readers.gantt import Box


def test_centres_overlaps_gaps_and_holding():
    cell, word, beside = Box(100, 200, 50, 70), Box(120, 160, 55, 65), Box(210, 260, 60, 90)
    assert (centre_x(word), middle_y(word)) == (140, 60)
    assert overlap_x(cell, word) == 40 and overlap_y(cell, beside) == 10
    assert overlap_x(cell, beside) == -10 == -gap_x(cell, beside)  # apart: the gap, negative
    assert holds_centre(cell, word) and not holds_centre(cell, beside)
    assert holds_middle(Box(0, 1, 50, 70), word)  # the band holds it whatever its columns
    assert not holds_middle(cell, beside)  # its middle (75) is below the cell
