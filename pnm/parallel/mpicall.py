"""MPI point-to-point calls from numba code that numba can cache on disk.

numba-mpi binds the MPI library's function addresses into the compiled code as constants, so
numba refuses to cache the coupling step of split cells and every process compiled it again
(15 s for splitcell, 50 s for multisplit on this 2-core machine, per rank, per run). Here the
addresses and handles travel as data instead: `header()` gives an int64 array (this process's
MPI_Isend, MPI_Irecv, MPI_Testall and MPI_Wtime addresses, the width of MPI's handles, the
communicator and MPI_DOUBLE handles), the coupling table starts with it, and the calls below
go through the addresses it holds. The compiled code holds no address, so it is cached once
for every process and run.

Handles are C ints in the MPICH ABI (MPICH, Intel MPI, MVAPICH: the mpich wheel pnm depends
on) and pointers in Open MPI; header()'s width entry tells the calls which (both kinds are
compiled in). Requests live in an int64 array with one 8-byte slot per request; 4-byte handles
are packed at the front of it (MPI_Testall reads a C array of them)."""

import ctypes

import numpy as np
from llvmlite import ir
from .. import compilelock

compilelock.install()        # before this module's numba kernels are defined

from numba import njit, types
from numba.extending import intrinsic

# the header's entries
ISEND, IRECV, TESTALL, WTIME, WIDTH, COMM, DOUBLE = range(7)
HEADER = 7
STATUS_BYTES = 64            # room for one MPI_Status of any implementation (MPICH: 20)

_I64 = types.int64


def _library():
    """The MPI library of this process (the one mpi4py loaded)."""
    from numba_mpi.common import LIB       # finds the loaded libmpi in the process's maps
    if LIB is None:
        raise RuntimeError("pnm could not find the MPI library this process loaded; split "
                           "cells need it (mpi4py with an MPI library, e.g. the mpich wheel)")
    return ctypes.CDLL(LIB)


MPICH_COMM_WORLD = 0x44000000    # MPI_COMM_WORLD in the MPICH ABI, where handles are C ints


def handle_width():
    """Bytes of an MPI handle: 4 in the MPICH ABI (recognised by its MPI_COMM_WORLD
    constant), else pointer-sized (Open MPI, the MPI 5 standard ABI)."""
    from mpi4py import MPI
    return 4 if MPI.COMM_WORLD.handle == MPICH_COMM_WORLD else ctypes.sizeof(ctypes.c_void_p)


def header(comm):
    """int64[HEADER]: the MPI entry points and handles the compiled calls use, for `comm`
    (an mpi4py communicator) in this process."""
    from mpi4py import MPI
    lib = _library()
    out = np.zeros(HEADER, dtype=np.int64)
    for slot, name in ((ISEND, "MPI_Isend"), (IRECV, "MPI_Irecv"), (TESTALL, "MPI_Testall"),
                       (WTIME, "MPI_Wtime")):
        out[slot] = ctypes.cast(getattr(lib, name), ctypes.c_void_p).value
    out[WIDTH] = handle_width()
    out[COMM] = comm.handle
    out[DOUBLE] = MPI.DOUBLE.handle
    return out


def with_header(table):
    """A coupling table with this process's header (on MPI_COMM_WORLD) in front."""
    from mpi4py import MPI
    return np.concatenate([header(MPI.COMM_WORLD), np.asarray(table, dtype=np.int64)])


def _handle_type(width):
    return ir.IntType(32) if width == 4 else ir.IntType(8).as_pointer()


def _handle(builder, value, width):
    return builder.trunc(value, ir.IntType(32)) if width == 4 else \
        builder.inttoptr(value, ir.IntType(8).as_pointer())


def _make_point_to_point(width):
    """MPI_Isend / MPI_Irecv (same C signature) with handles of `width` bytes."""
    @intrinsic
    def call(typingctx, fn, buf, count, peer, tag, comm, dtype, request):
        sig = types.int32(_I64, _I64, _I64, _I64, _I64, _I64, _I64, _I64)

        def codegen(context, builder, signature, args):
            fn, buf, count, peer, tag, comm, dtype, request = args
            i32, i8p = ir.IntType(32), ir.IntType(8).as_pointer()
            handle = _handle_type(width)
            fnty = ir.FunctionType(i32, [i8p, i32, handle, i32, i32, handle, i8p])
            target = builder.inttoptr(fn, fnty.as_pointer())
            return builder.call(target, [
                builder.inttoptr(buf, i8p), builder.trunc(count, i32),
                _handle(builder, dtype, width), builder.trunc(peer, i32),
                builder.trunc(tag, i32), _handle(builder, comm, width),
                builder.inttoptr(request, i8p)])
        return sig, codegen
    return call


@intrinsic
def _testall(typingctx, fn, count, requests, flag, statuses):
    sig = types.int32(_I64, _I64, _I64, _I64, _I64)

    def codegen(context, builder, signature, args):
        fn, count, requests, flag, statuses = args
        i32, i8p = ir.IntType(32), ir.IntType(8).as_pointer()
        fnty = ir.FunctionType(i32, [i32, i8p, i8p, i8p])
        target = builder.inttoptr(fn, fnty.as_pointer())
        return builder.call(target, [builder.trunc(count, i32), builder.inttoptr(requests, i8p),
                                     builder.inttoptr(flag, i8p), builder.inttoptr(statuses, i8p)])
    return sig, codegen


@intrinsic
def _wtime(typingctx, fn):
    sig = types.float64(_I64)

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.DoubleType(), [])
        return builder.call(builder.inttoptr(args[0], fnty.as_pointer()), [])
    return sig, codegen


_p2p4 = _make_point_to_point(4)
_p2p8 = _make_point_to_point(8)


@njit(cache=True)
def _start(mpi, which, data, peer, tag, requests, k):
    addr = np.int64(data.ctypes.data)
    req = np.int64(requests.ctypes.data) + np.int64(k) * mpi[WIDTH]
    if mpi[WIDTH] == 4:
        return _p2p4(mpi[which], addr, np.int64(data.size), np.int64(peer), np.int64(tag),
                     mpi[COMM], mpi[DOUBLE], req)
    return _p2p8(mpi[which], addr, np.int64(data.size), np.int64(peer), np.int64(tag),
                 mpi[COMM], mpi[DOUBLE], req)


@njit(cache=True)
def isend(mpi, data, peer, tag, requests, k):
    """Start sending float64 `data` (contiguous) to `peer`; the request goes to slot k of
    `requests` (int64 array). Returns MPI's error code (0: success)."""
    return _start(mpi, ISEND, data, peer, tag, requests, k)


@njit(cache=True)
def irecv(mpi, data, peer, tag, requests, k):
    """Start receiving float64 `data` (contiguous) from `peer` into slot k's request."""
    return _start(mpi, IRECV, data, peer, tag, requests, k)


@njit(cache=True)
def testall(mpi, requests, count):
    """(MPI's error code, 1 if the first `count` requests are all complete)."""
    flag = np.zeros(1, dtype=np.int32)
    statuses = np.empty(max(count, 1) * STATUS_BYTES, dtype=np.uint8)
    code = _testall(mpi[TESTALL], np.int64(count), np.int64(requests.ctypes.data),
                    np.int64(flag.ctypes.data), np.int64(statuses.ctypes.data))
    return code, flag[0]


@njit(cache=True)
def wtime(mpi):
    """MPI_Wtime()."""
    return _wtime(mpi[WTIME])
