"""Where a run-time error happened, at no cost while nothing fails.

Each compiled statement closure gets its own copy of its code object carrying a StatementSite
(file, line, column, source line) as an extra, unused constant. Running a statement is then a
plain call, with no wrapper and no bookkeeping. When an exception leaves hoc code (a
procedure body, a top-level statement, a template's declarations), `locate(err)` walks the
traceback: the innermost frame whose code carries a site is the statement that failed."""

import types

from .errors import HocError


class StatementSite:
    """A statement's place in its source, for error messages."""
    __slots__ = ("filename", "line", "column", "source_line")

    def __init__(self, filename, line, column, source_line):
        self.filename, self.line, self.column = filename, line, column
        self.source_line = source_line


class LineSites:
    """The sites of a generated procedure body (codegen.py), indexed by its line number."""
    __slots__ = ("sites",)

    def __init__(self, sites):
        self.sites = tuple(sites)

    def at(self, line):
        return self.sites[line] if 0 <= line < len(self.sites) else None


def site_of_code(code):
    consts = code.co_consts
    if consts and type(consts[-1]) is StatementSite:
        return consts[-1]
    return None


def mark(fn, site):
    """fn (a statement closure) as the statement at site: a copy of the function whose code
    carries the site. A closure already marked keeps its own (inner, more precise) site.
    None when fn is not a plain Python function (the caller then wraps it)."""
    if type(fn) is not types.FunctionType:
        return None
    code = fn.__code__
    if site_of_code(code) is not None:
        return fn
    marked = types.FunctionType(code.replace(co_consts=code.co_consts + (site,)),
                                fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    return marked


def innermost_site(tb):
    site = None
    while tb is not None:
        consts = tb.tb_frame.f_code.co_consts
        if consts and type(consts[-1]) is LineSites:
            found = consts[-1].at(tb.tb_lineno)
        else:
            found = site_of_code(tb.tb_frame.f_code)
        if found is not None:
            site = found
        tb = tb.tb_next
    return site


def locate(err):
    """The HocError to raise for err, which left hoc code: a HocError gets the location of
    the innermost statement on its traceback (if it has none yet); any other exception
    becomes a HocError naming its type, located the same way (raise it `from err`)."""
    site = innermost_site(err.__traceback__)
    if isinstance(err, HocError):
        if site is not None:
            err.located(site.filename, site.line, site.column, site.source_line)
        return err
    if site is None:
        return HocError(f"{type(err).__name__}: {err}")
    return HocError(f"{type(err).__name__}: {err}", site.filename, site.line, site.column,
                    site.source_line)


def run_located(fn, fr):
    """fn(fr) for code that runs hoc statements from outside hoc: errors come out located."""
    try:
        return fn(fr)
    except HocError as err:
        raise locate(err)
    except Exception as err:
        raise locate(err) from err
