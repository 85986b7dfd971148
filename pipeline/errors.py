"""The error a stage raises for input it cannot use: its message is the one-line reason users see."""


class InputError(Exception):
    """Unusable input (empty, undecodable, encrypted, no text layer, not a plan)."""
