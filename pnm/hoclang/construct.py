"""`new T(args)` of a hoc template as one generated Python function.

A template's declarations (`create soma, dend`, `objref syn`, `double x`, ...) ran as one
closure each in a frame of their own, then init() was called. The constructor written here
makes the object, enters the template's procedures in its names, writes out each plain
declaration (a name without array dimensions: a Section made and marked as hoc's, None, 0.0)
as a store into the object's names, calls the compiled closure of any other declaration
as before, and calls init(). Errors of a declaration are located by the generated line's
site (locate.py), as the declaration's closure locates them."""

import types

from ..model.section import Section
from ..model.sectionapi import HOC_SECTIONS
from .errors import HocError
from .locate import LineSites, locate, site_of_code
from .runtime import Frame, new_object

_PLAIN = {"objref": "None", "double": "0.0"}


def plain_declaration(node):
    """('create' | 'objref' | 'double', [names]) of a declaration statement node whose names
    have no array dimensions; None for any other."""
    kind = node.data
    if kind not in ("create", "objref", "double"):
        return None
    if any(len(d.children) != 1 for d in node.children):
        return None
    return kind, [str(d.children[0]) for d in node.children]


def template_constructor(tmpl, interp):
    """args -> a new object of tmpl (its declarations run, then init(args))."""
    glob = {"NEW_OBJECT": new_object, "Frame": Frame, "Section": Section, "HocError": HocError,
            "NEW_SECTION": Section.__new__,  # Section(name, obj) without the class call's __init__
            "MARK_HOC": HOC_SECTIONS.add, "locate": locate, "TMPL": tmpl, "INTERP": interp,
            "CALL_PROC": interp.call_proc}
    lines = ["def construct(args):",
             "    obj = NEW_OBJECT(TMPL, INTERP)",
             "    ns = obj.hoc_ns",
             "    ns.update(TMPL.procs)",
             "    fr = None",
             "    try:"]
    sites = [None] * len(lines)
    pops_this = False
    for k, (closure, plain) in enumerate(zip(tmpl.decls, tmpl.decl_forms)):
        site = site_of_code(closure.__code__) if hasattr(closure, "__code__") else None
        if plain is None:       # any other declaration: its closure, in the object's frame
            glob[f"d{k}"] = closure
            lines += ["        if fr is None:", "            fr = Frame(ns, obj)",
                      f"        d{k}(fr)"]
            sites += [site] * 3
            pops_this = True        # (it may declare `this` in a way not seen here)
            continue
        kind, names = plain
        for name in names:
            if kind == "create":
                lines += [f"        s = NEW_SECTION(Section, {name!r}, obj)", "        MARK_HOC(s)",
                          f"        ns[{name!r}] = s"]
                sites += [site] * 3
            else:
                lines.append(f"        ns[{name!r}] = {_PLAIN[kind]}")
                sites.append(site)
                pops_this = pops_this or name == "this"
    if not tmpl.decls:
        lines.append("        pass")
        sites.append(None)
    lines += ["    except HocError as err:", "        raise locate(err)",
              "    except Exception as err:", "        raise locate(err) from err"]
    # `objref this` in a template: hoc makes it the object itself (resolve() gives fr.obj;
    # not kept in the table, where it would keep the object alive after its last reference)
    if pops_this:
        lines.append("    ns.pop('this', None)")
    lines += ["    init = TMPL.procs.get('init')",
              "    if init is not None:",
              "        CALL_PROC(init, ns, obj, list(args))",
              "    return obj"]
    sites += [None] * (len(lines) - len(sites))
    code = compile("\n".join(lines), f"<hoc new {tmpl.name}>", "exec")
    exec(code, glob)
    fn = glob["construct"]
    code = fn.__code__
    code = code.replace(co_consts=code.co_consts + (LineSites([None] + sites),))
    return types.FunctionType(code, glob, fn.__name__)
