"""hoc errors: every message names the file, line and column and shows the line with a caret."""


class HocError(Exception):
    """A syntax or run-time error in hoc code, located in its source."""

    def __init__(self, message, filename=None, line=None, column=None, source_line=None):
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.source_line = source_line

    def located(self, filename, line, column, source_line):
        """Fill in the innermost location once (the first statement that sees the error)."""
        if self.line is None:
            self.filename, self.line, self.column = filename, line, column
            self.source_line = source_line
        return self

    def __str__(self):
        where = f"{self.filename or '<hoc>'}"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.message}"
        if self.source_line is not None:
            pad = " " * (max(1, self.column or 1) - 1)
            text += f"\n {self.source_line.rstrip()}\n {pad}^"
        return text


class HocSyntaxError(HocError):
    pass


class HocQuit(SystemExit):
    """quit(): leaves the program (as SystemExit, so that Python callers unwind cleanly)."""


def missing_file_notice(name, loading_file):
    """load_file of a file that is not there: NEURON's "Couldn't find" on stderr, and 0 (the
    program goes on, as in NEURON: published programs load optional .ses files)."""
    import sys
    where = f"{loading_file}: " if loading_file else ""
    sys.stderr.write(f"pnm: {where}load_file(\"{name}\"): Couldn't find {name} (looked in the "
                     "current directory and the directory of the loading file); load_file "
                     "returns 0 and the program goes on, as in NEURON\n")
    return 0.0
