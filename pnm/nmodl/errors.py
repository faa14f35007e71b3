"""The error every stage of the NMODL compiler raises: file:line[:column], message, source
line and caret."""


class NmodlError(Exception):
    """A translation error in a .mod file; the message starts with file:line[:column]."""

    def __init__(self, path, line, message, column=None, source=None):
        where = f"{path}:{line}" + (f":{column}" if column else "")
        text = f"{where}: {message}"
        if source is not None and 0 < line <= len(source.splitlines()):
            src_line = source.splitlines()[line - 1].expandtabs(1)
            text += "\n    " + src_line
            if column:
                text += "\n    " + " " * (column - 1) + "^"
        super().__init__(text)
        self.path, self.line, self.column = path, line, column
