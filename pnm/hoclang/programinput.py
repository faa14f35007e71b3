"""The program text as hoc's input stream: fscan() and getstr() without ropen() read what
follows the statement being run in the file being run (NEURON reads its input stream, so a
cell file can keep its numbers after the statement that reads them), and the interpreter then
goes on after what they read (Interpreter.execute)."""

import re

from .errors import HocError

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_streams = []


class ProgramInput:
    """A program's text and the read position: after the statement being run."""

    def __init__(self, text):
        self.text, self.pos, self.consumed = text, 0, False

    def word(self):
        """The next blank-separated word (None at the end); a word that ends its line leaves
        the position at the start of the next line, as C's scanf in NEURON's fscan."""
        text, n = self.text, len(self.text)
        i = self.pos
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            self.pos = n
            return None
        j = i
        while j < n and not text[j].isspace():
            j += 1
        k = j
        while k < n and text[k] in " \t\r":
            k += 1
        self.pos = k + 1 if k < n and text[k] == "\n" else j
        self.consumed = True
        return text[i:j]

    def line(self):
        """getstr(): the rest of the current line, blanks and newline kept (as nrniv)."""
        text, i = self.text, self.pos
        j = text.find("\n", i)
        j = len(text) if j < 0 else j + 1
        self.pos, self.consumed = j, True
        return text[i:j]


def scan_number(next_word):
    """NEURON's fscan: the next word that reads as a number (C's %lf of its start); words
    that do not, and inf/nan, are skipped; none left is an error."""
    while True:
        word = next_word()
        if word is None:
            raise HocError("fscan(): end of file (EOF in fscan)")
        if word[0] in "inIN":
            continue
        m = _NUMBER.match(word)
        if m:
            return float(m.group())


def push(text):
    stream = ProgramInput(text)
    _streams.append(stream)
    return stream


def pop():
    _streams.pop()


def current():
    """The input of the program being run, None outside one."""
    return _streams[-1] if _streams else None
