"""codegen.py's o.name(args): Interpreter.call_method's usual cases written out.

A public proc of a hoc object is called by call_proc; a Python object's method with no
strdef or array argument is called as call_method calls it, its value made a hoc value as
call_method makes it; call_method itself does the rest and raises every error. Each call
site also remembers the class of the last Python object whose method it called through
getattr (genruntime.MethodSite): while the object is of that class, the method's function
is called directly, without getattr making a bound method."""

from .nodeshape import is_literal
from .runtime import OBJECT_METHODS, OBJREF_OUT_METHODS, PNM_PROCS
from .genruntime import MethodSite


def method_call(gen, node):
    """Emit o.name(args) through gen (codegen's _Generator); the temporary of its value."""
    obj, name = gen.expr(node.children[0]), str(node.children[1])
    args = gen.args(node.children[2])
    setters = gen.const(gen.comp.arg_setters(node.children[2]))
    listed = f"[{', '.join(args)}]"
    slow = f"call_method(fr, {obj}, {name!r}, {listed}, {setters})"
    t, v = gen.temp(), gen.temp()
    if name in PNM_PROCS or name in OBJECT_METHODS or name in OBJREF_OUT_METHODS:
        hoc_object(gen, obj, name, listed, setters, slow, t, v, "if")
        gen.emit("else:")       # call_method's value (0 or nil); an object variable it assigns
        gen.emit(f"    {t} = {slow}")
        return t
    site = gen.const(MethodSite())
    wrapped = "".join(f" or type({a}) in WRAPPED" for a in args if not is_literal(a))
    plain = "".join(f" and type({a}) not in WRAPPED" for a in args if not is_literal(a))
    gen.emit(f"if type({obj}) is {site}.cls{plain}:")
    gen.emit(f"    {t} = {site}.fn({', '.join([obj] + args)})")
    python_value(gen, t, "    ")
    hoc_object(gen, obj, name, listed, setters, slow, t, v, "elif")
    gen.emit("else:")
    gen.emit(f"    {v} = None if {obj} is None or isinstance({obj}, HocObject){wrapped} "
             f"else getattr({obj}, {name!r}, None)")
    gen.emit(f"    if {v} is None:")
    gen.emit(f"        {t} = {slow}")
    gen.emit("    else:")
    gen.emit(f"        {t} = {v}({', '.join(args)})")
    gen.emit(f"        {site}.learn({obj}, {name!r})")
    python_value(gen, t, "        ")
    return t


def hoc_object(gen, obj, name, listed, setters, slow, t, v, keyword):
    """The branch of a hoc object: its public proc by call_proc, call_method else."""
    gen.emit(f"{keyword} type({obj}) is HocObject:")
    gen.emit(f"    {v} = {obj}.hoc_ns.get({name!r})")
    gen.emit(f"    if type({v}) is Proc and ({obj} is fr.obj or "
             f"{name!r} in {obj}.hoc_template.public):")
    gen.emit(f"        {t} = call_proc({v}, {obj}.hoc_ns, {obj}, {listed}, {setters}, fr)")
    gen.emit(f"        if {t} is NO_VALUE:")
    gen.emit(f"            {t} = 0.0")
    gen.emit("    else:")
    gen.emit(f"        {t} = {slow}")


def python_value(gen, t, indent):
    """A Python method's value as hoc sees it (call_method's): None 0, an int a float."""
    gen.emit(f"{indent}if type({t}) is not float:")
    gen.emit(f"{indent}    if {t} is None:")
    gen.emit(f"{indent}        {t} = 0.0")
    gen.emit(f"{indent}    elif isinstance({t}, int):")
    gen.emit(f"{indent}        {t} = float({t})")
