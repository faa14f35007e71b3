"""The hooks through which the fixed step calls mechanisms compiled from users' .mod files.

The stepper (stepper.py) is compiled once, for every model. Each mechanism from a .mod file
brings its own hook, a compiled function of one fixed signature (SIG_HOOK; its first argument
the phase) that usermechs.py and userpoints.py write once per mechanism and numba caches on
disk next to the mechanism's kernels. The stepper calls it through its address, listed in H,
the hook table (call_hook: numba's own calling convention, so an error a kernel raises
propagates as from any compiled call). A model with a new set of mechanisms thus compiles
nothing new, and a new mechanism compiles only its own hook.

H: int64[n, H_WIDTH], rows (phase, address, b, g, m) in calling order:
  PH_ION      an ion mechanism; b: the U index of its block (ion_cur / ion_init, here)
  PH_CURRENT, PH_STATE, PH_INITIAL  a mechanism's kernels; b: the U index of its first array
  PH_ODE_SPEC, PH_ODE_MATSOL  a mechanism's variable-step kernels (states' derivatives, and
              their part of the Newton solve), when its module has them (ODE_STATES)
  PH_ODE_SYNONYM  a written concentration set from the states after each scatter of y
  PH_RECEIVE, PH_WATCH, PH_INIT, PH_NET_INIT  a point mechanism's event hooks; m: its index
              among the point mechanisms (its events' type is T_USER + m); g: the U index of
              the point mechanisms' shared part (userpoints.py)
U is the tuple of the model's user arrays (usermechs.make_user_arrays, userpoints.point_arrays):
U[0] celsius float64[1], U[1] node diameters, then the ions',
the density mechanisms' and the point mechanisms' parts. UD, the int64 descriptor of U
(`describe`): address, dtype code, ndim and shape of each array; the hooks read an entry back
as an array (`u_f64_1(UD, k)` and the like: the same memory, no copy). The engine keeps U
alive while UD is in use. A model without user mechanisms passes empty H and UD.

UD's last N_KERNEL entries describe the kernel's own arrays (KERNEL_ARRAYS: S, ..., spk_n),
written at each entry of the kernel (`set_kernel_arrays`: the queue and spike buffers grow
between calls), so that a hook's arguments are UD and scalars only (SIG_HOOK: phase, UD, the
event's time and flag, b, g, m, the instance k, the event's NetCon or self-event code nc,
row). A call with the arrays themselves cost ~110 ns even into an empty branch (each array
is ~9 words of arguments, and its reference count taken and given back), once per
NET_RECEIVE event and per mechanism and phase of every step."""

import numpy as np
from llvmlite import ir  # noqa: F401  (the intrinsics' code is LLVM IR)
from numba import carray, njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from .ions import ion_cur, ion_init, ion_second_order
from .layout import E_FLAG, E_NETCON, E_TIDX, E_TIME, E_TTYPE, F_T, T_USER

DESC_WIDTH = 6               # address, dtype code, ndim, shape[0], shape[1], shape[2]
DTYPE_CODES = {np.dtype(np.float64): 0, np.dtype(np.int64): 1}
CODE_NAMES = {0: "f64", 1: "i64"}

H_WIDTH = 5
PH_ION, PH_CURRENT, PH_STATE, PH_INITIAL, PH_RECEIVE, PH_WATCH, PH_INIT, PH_NET_INIT = range(8)
# the variable step's (pnm/cvode/glue.py; nmodl/cvodegen.py)
PH_ODE_SPEC, PH_ODE_MATSOL, PH_ODE_SYNONYM = 8, 9, 10
# cvode.use_fast_imem(1): an ELECTRODE_CURRENT mechanism's current hook again, its currents
# into the electrode sums instead of rhs/d (user_electrode_currents, fastimem.py)
PH_ELECTRODE = 11
NO_HOOKS = np.zeros((0, H_WIDTH), dtype=np.int64)
NO_DESCRIPTOR = np.zeros(0, dtype=np.int64)

_I1 = types.int64[::1]
_I = types.int64
_F = types.float64
# (phase, UD, te, flag, b, g, m, k, nc, row)
SIG_HOOK = types.none(_I, _I1, _F, _F, _I, _I, _I, _I, _I, _I)
KERNEL_ARRAYS = ("S", "foff", "flen", "I", "ioff", "ilen", "queue_f", "queue_i", "queue_meta",
                 "least_f", "least_i", "spk_f", "spk_i", "spk_n")
KERNEL_KINDS = ("f64_1", "i64_1", "i64_1", "i64_1", "i64_1", "i64_1", "f64_2", "i64_2", "i64_1",
                "f64_1", "i64_1", "f64_1", "i64_1", "i64_1")
N_KERNEL = len(KERNEL_ARRAYS)


def native_address(dispatcher, sig):
    """The address of a compiled hook's native entry (numba's calling convention)."""
    result = dispatcher.get_compile_result(sig)
    return result.library.get_pointer_to_function(result.fndesc.llvm_func_name)


@intrinsic
def call_hook(typingctx, address, phase, UD, te, flag, b, g, m, k, nc, row):
    argtys = list(SIG_HOOK.args)

    def codegen(context, builder, signature, args):
        conv = context.call_conv
        fnty = conv.get_function_type(types.none, argtys)
        target = builder.inttoptr(args[0], fnty.as_pointer())
        status, _ = conv.call_function(builder, target, types.none, argtys, list(args[1:]))
        with cgutils.if_unlikely(builder, status.is_error):
            conv.return_status_propagate(builder, status)   # the hook's exception, onwards
        return context.get_dummy_value()
    return types.none(_I, *argtys), codegen


def describe(arrays):
    """UD for the tuple of arrays U (each C-contiguous float64 or int64, at most 3-D), with
    room for the kernel's arrays after them (set_kernel_arrays)."""
    out = np.zeros(DESC_WIDTH * (len(arrays) + N_KERNEL), dtype=np.int64)
    for k, a in enumerate(arrays):
        if a.dtype not in DTYPE_CODES or a.ndim > 3 or not a.flags.c_contiguous:
            raise TypeError(f"user mechanism array {k} is {a.dtype} {a.ndim}-D "
                            f"(contiguous {a.flags.c_contiguous}); the hooks take C-contiguous "
                            "float64/int64 arrays of at most 3 dimensions")
        row = out[DESC_WIDTH * k:DESC_WIDTH * (k + 1)]
        row[0] = a.ctypes.data
        row[1] = DTYPE_CODES[a.dtype]
        row[2] = a.ndim
        row[3:3 + a.ndim] = a.shape
    return out


def entry_kind(a):
    """The reader's name of an array of U in the generated hooks: 'u_f64_2' etc."""
    return f"u_{CODE_NAMES[DTYPE_CODES[a.dtype]]}_{a.ndim}"


@intrinsic
def _f64_pointer(typingctx, address):
    sig = types.CPointer(types.float64)(types.int64)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(signature.return_type))
    return sig, codegen


@intrinsic
def _i64_pointer(typingctx, address):
    sig = types.CPointer(types.int64)(types.int64)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(signature.return_type))
    return sig, codegen


@njit(cache=True)
def u_f64_1(UD, k):
    r = DESC_WIDTH * k
    return carray(_f64_pointer(UD[r]), (UD[r + 3],))


@njit(cache=True)
def u_f64_2(UD, k):
    r = DESC_WIDTH * k
    return carray(_f64_pointer(UD[r]), (UD[r + 3], UD[r + 4]))


@njit(cache=True)
def u_f64_3(UD, k):
    r = DESC_WIDTH * k
    return carray(_f64_pointer(UD[r]), (UD[r + 3], UD[r + 4], UD[r + 5]))


@njit(cache=True)
def u_i64_1(UD, k):
    r = DESC_WIDTH * k
    return carray(_i64_pointer(UD[r]), (UD[r + 3],))


@njit(cache=True)
def u_i64_2(UD, k):
    r = DESC_WIDTH * k
    return carray(_i64_pointer(UD[r]), (UD[r + 3], UD[r + 4]))


@njit(cache=True)
def u_i64_3(UD, k):
    r = DESC_WIDTH * k
    return carray(_i64_pointer(UD[r]), (UD[r + 3], UD[r + 4], UD[r + 5]))


@njit(cache=True)
def kernel_base(UD):
    """The index of the first kernel array's entry in UD (KERNEL_ARRAYS)."""
    return UD.shape[0] // DESC_WIDTH - N_KERNEL


# ---- the stepper's side: compiled once, with the stepper --------------------------------------

@njit(cache=True, inline="always")
def _describe_1(UD, e, a, code):
    r = DESC_WIDTH * e
    UD[r] = a.ctypes.data
    UD[r + 1] = code
    UD[r + 2] = 1
    UD[r + 3] = a.shape[0]


@njit(cache=True, inline="always")
def _describe_2(UD, e, a, code):
    r = DESC_WIDTH * e
    UD[r] = a.ctypes.data
    UD[r + 1] = code
    UD[r + 2] = 2
    UD[r + 3] = a.shape[0]
    UD[r + 4] = a.shape[1]


@njit(cache=True, error_model="numpy")
def set_kernel_arrays(UD, S, foff, flen, I, ioff, ilen, queue_f, queue_i, queue_meta, least_f,
                      least_i, spk_f, spk_i, spk_n):
    """UD's last entries: the kernel's arrays of this call (KERNEL_ARRAYS' order)."""
    if UD.shape[0] == 0:
        return
    e = kernel_base(UD)
    _describe_1(UD, e, S, 0)
    _describe_1(UD, e + 1, foff, 1)
    _describe_1(UD, e + 2, flen, 1)
    _describe_1(UD, e + 3, I, 1)
    _describe_1(UD, e + 4, ioff, 1)
    _describe_1(UD, e + 5, ilen, 1)
    _describe_2(UD, e + 6, queue_f, 0)
    _describe_2(UD, e + 7, queue_i, 1)
    _describe_1(UD, e + 8, queue_meta, 1)
    _describe_1(UD, e + 9, least_f, 0)
    _describe_1(UD, e + 10, least_i, 1)
    _describe_1(UD, e + 11, spk_f, 0)
    _describe_1(UD, e + 12, spk_i, 1)
    _describe_1(UD, e + 13, spk_n, 1)


@njit(cache=True, error_model="numpy")
def density_phase(S, foff, flen, H, UD, phase):
    """The mechanisms' hooks of a phase without events (current, state, initial)."""
    for r in range(H.shape[0]):
        if H[r, 0] == phase:       # t read for each: a runge state step moves it (usermechs)
            call_hook(H[r, 1], phase, UD, S[foff[F_T]], 0.0, H[r, 2], H[r, 3], H[r, 4], 0, -1,
                      0)


@njit(cache=True, error_model="numpy")
def user_ion_currents(S, foff, flen, H, UD):
    """Before every current evaluation: ion currents zeroed, reversal potentials updated
    (NEURON's ion mechanisms come before all others)."""
    if UD.shape[0] == 0:
        return
    celsius = u_f64_1(UD, 0)[0]
    for r in range(H.shape[0]):
        if H[r, 0] == PH_ION:
            u = H[r, 2]
            ion_cur(S, u_i64_1(UD, u), u_f64_1(UD, u + 1), u_i64_1(UD, u + 2), celsius)


@njit(cache=True, error_model="numpy")
def user_ion_second_order(S, H, UD, rhs):
    """secondorder = 2: the ions' currents at the step's middle voltage (ions.py)."""
    if UD.shape[0] == 0:
        return
    for r in range(H.shape[0]):
        if H[r, 0] == PH_ION:
            ion_second_order(S, u_i64_1(UD, H[r, 2]), rhs)


@njit(cache=True, error_model="numpy")
def user_currents(S, foff, flen, H, UD):
    """Every mechanism's BREAKPOINT current into rhs/d (and ionic currents into the ions)."""
    if UD.shape[0] == 0:
        return
    density_phase(S, foff, flen, H, UD, PH_CURRENT)


@njit(cache=True, error_model="numpy")
def user_electrode_currents(S, foff, H, UD, sum_foff):
    """cvode.use_fast_imem(1): the PH_ELECTRODE rows' current hooks called again (their
    BREAKPOINT at the same t, v and states gives the same currents) with the hooks' foff
    replaced by sum_foff, whose F_RHS and F_D places name the fields that collect the
    electrodes' sums (NEURON's ELECTRODE_CURRENT code adds to _nrn_sav_rhs and _nrn_sav_d as
    it adds to rhs and d). The next kernel entry describes foff again if a hook raises."""
    if UD.shape[0] == 0:
        return
    e = kernel_base(UD)
    _describe_1(UD, e + 1, sum_foff, 1)
    for r in range(H.shape[0]):
        if H[r, 0] == PH_ELECTRODE:
            call_hook(H[r, 1], PH_CURRENT, UD, S[foff[F_T]], 0.0, H[r, 2], H[r, 3], H[r, 4],
                      0, -1, 0)
    _describe_1(UD, e + 1, foff, 1)


@njit(cache=True, error_model="numpy")
def user_states(S, foff, flen, H, UD):
    """Every user mechanism's SOLVE (state update) after the voltage update."""
    density_phase(S, foff, flen, H, UD, PH_STATE)


@njit(cache=True, error_model="numpy")
def user_initial(S, foff, flen, H, UD, celsius):
    """Ion values at their defaults, then every user mechanism's INITIAL block."""
    if UD.shape[0] == 0:
        return
    u_f64_1(UD, 0)[0] = celsius
    for r in range(H.shape[0]):
        if H[r, 0] == PH_ION:
            u = H[r, 2]
            ion_init(S, u_i64_1(UD, u), u_f64_1(UD, u + 1), u_i64_1(UD, u + 2), celsius)
    density_phase(S, foff, flen, H, UD, PH_INITIAL)


@njit(cache=True, error_model="numpy")
def user_receive(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
                 least_f, least_i, spk_f, spk_i, spk_n, H, UD):
    """NET_RECEIVE of a point process or artificial cell from a .mod file (userpoints.py)."""
    m = event_i[E_TTYPE] - T_USER
    for r in range(H.shape[0]):
        if H[r, 0] == PH_RECEIVE and H[r, 4] == m:
            call_hook(H[r, 1], PH_RECEIVE, UD, event_f[E_TIME], event_f[E_FLAG], H[r, 2],
                      H[r, 3], m, event_i[E_TIDX], event_i[E_NETCON], 0)
            return


@njit(cache=True, error_model="numpy")
def user_watch(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i, queue_meta,
               least_f, least_i, spk_f, spk_i, spk_n, H, UD):
    """WATCH conditions of user point processes, at the start of each step."""
    t = S[foff[F_T]]
    for r in range(H.shape[0]):
        if H[r, 0] == PH_WATCH:
            call_hook(H[r, 1], PH_WATCH, UD, t, 0.0, H[r, 2], H[r, 3], H[r, 4], 0, -1, 0)


@njit(cache=True, error_model="numpy")
def slots_reset(slot_free, slot_meta):
    """Every self-event slot free (userpoints.py)."""
    n = slot_free.shape[0]
    for j in range(n):
        slot_free[j] = n - 1 - j
    slot_meta[0] = n


@njit(cache=True, error_model="numpy")
def user_init_events(S, foff, flen, I, ioff, ilen, event_f, event_i, queue_f, queue_i,
                     queue_meta, least_f, least_i, spk_f, spk_i, spk_n, H, UD):
    """At finitialize: the events INITIAL blocks sent, then NET_RECEIVE INITIAL per NetCon in
    creation order (NEURON's init_events)."""
    g = -1
    for r in range(H.shape[0]):
        if H[r, 0] == PH_INIT:
            g = H[r, 3]
    if g < 0:
        return
    slots_reset(u_i64_1(UD, g + 2), u_i64_1(UD, g + 3))
    for r in range(H.shape[0]):
        if H[r, 0] == PH_INIT:
            call_hook(H[r, 1], PH_INIT, UD, S[foff[F_T]], 0.0, H[r, 2], g, H[r, 4], 0, -1, 0)
    init_list = u_i64_2(UD, g + 4)
    for j in range(init_list.shape[0]):
        m = init_list[j, 0]
        for r in range(H.shape[0]):
            if H[r, 0] == PH_NET_INIT and H[r, 4] == m:
                call_hook(H[r, 1], PH_NET_INIT, UD, S[foff[F_T]], 0.0, H[r, 2], g, m,
                          init_list[j, 1], -1, init_list[j, 2])
