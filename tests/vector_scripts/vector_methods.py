# Vector methods, run unchanged under NEURON 9 and pnm: compute(h, folder) returns every result
# (lists, numbers, printed text, bytes written) by name. Keys starting with approx_ are compared
# to 1e-12 (Fourier transforms: GSL's radix-2 against numpy's FFT); all others exactly.
import contextlib
import io
import os


def compute(h, folder):
    r = {}
    V = h.Vector
    data = [3.5, -1.25, 7.0, 0.0, 2.5, 2.5, 9.75, -4.0, 1.0, 6.125, 5.5, -0.5]

    def printed(fn):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            ret = fn()
        return buf.getvalue(), ret

    # --- identity, size, access
    v = V(data)
    r["size"] = v.size()
    r["get"] = v.get(3)
    r["set"] = list(V(data).set(2, 42))
    r["x"] = v.x[4]
    r["label"] = [V([1]).label(), V([1]).label("volts")]
    # --- where family
    for op, args in [("==", (2.5,)), ("!=", (2.5,)), (">", (2.5,)), ("<", (2.5,)),
                     (">=", (2.5,)), ("<=", (2.5,)), ("()", (0, 6.125)), ("[]", (0, 6.125)),
                     ("[)", (0, 6.125)), ("(]", (0, 6.125))]:
        r["where" + op] = list(V(data).where(op, *args))
        r["where_src" + op] = list(V().where(V(data), op, *args))
        r["indvwhere" + op] = list(V().indvwhere(V(data), op, *args))
        r["indvwhere_self" + op] = list(V(data).indvwhere(op, *args))
        r["indwhere" + op] = V(data).indwhere(op, *args)
    r["indwhere_none"] = V(data).indwhere(">", 100)
    r["where_eps"] = list(V([1, 1 + 1e-12, 1 + 1e-10]).where("==", 1))
    r["contains"] = [v.contains(9.75), v.contains(9.7), v.contains(9.75 + 1e-12)]
    r["eq"] = [V(data).eq(V(data)), V(data).eq(V(data[:-1])), V([1]).eq(V([1 + 1e-12])),
               V([1]).eq(V([1.1]))]
    # --- fill, indgen
    r["fill"] = list(V(6).fill(3.25))
    r["fill_range"] = list(V(6).fill(3.25, 1, 3))
    r["indgen"] = list(V(5).indgen())
    r["indgen_step"] = list(V(5).indgen(0.5))
    r["indgen_start_step"] = list(V(5).indgen(2, 3))
    r["indgen_range"] = list(V().indgen(0, 1, 0.1))
    r["indgen_range2"] = list(V().indgen(-2, 3, 0.7))
    # --- statistics
    for name in ["min", "max", "min_ind", "max_ind", "sum", "sumsq", "mean", "var", "stdev",
                 "stderr", "mag", "median"]:
        r[name] = getattr(V(data), name)()
    for name in ["min", "max", "min_ind", "max_ind", "sum", "sumsq", "mean", "var", "stdev",
                 "stderr"]:
        r[name + "_range"] = getattr(V(data), name)(2, 8)
    r["empty"] = [V().min(), V().max(), V().min_ind(), V().max_ind(), V().sum()]
    r["dot"] = V(data).dot(V(data[::-1]))
    r["meansqerr"] = V(data).meansqerr(V(data[::-1]))
    r["meansqerr_w"] = V(data).meansqerr(V(data[::-1]), V(len(data)).indgen())
    r["median_odd"] = V(data[:-1]).median()
    # --- arithmetic
    for name, arg in [("add", 1.5), ("sub", 0.25), ("mul", -3), ("div", 7)]:
        r[name] = list(getattr(V(data), name)(arg))
        r[name + "_vec"] = list(getattr(V(data), name)(V(len(data)).indgen(1, 1)))
    pos = [abs(x) + 0.5 for x in data]
    r["abs"] = list(V(data).abs())
    r["sqrt"] = list(V(pos).sqrt())
    r["log"] = list(V(pos).log())
    r["log10"] = list(V(pos).log10())
    r["floor"] = list(V(data).floor())
    r["tanh"] = list(V(data).tanh())
    r["sqrt_src"] = list(V().sqrt(V(pos)))
    r["sin"] = list(V(20).sin(25, 0.3, 0.5))
    for p in [-1, 0, 0.5, 1, 2, 3, 1.7]:
        r["pow%g" % p] = list(V(pos).pow(p))
    r["pow_src"] = list(V(pos).pow(V(pos), 2.5))
    r["scale"] = [V(data).scale(-1, 1)]
    sv = V(data)
    sv.scale(-1, 1)
    r["scaled"] = list(sv)
    r["apply_py"] = list(V(data).apply(lambda x: x * x + 1))
    r["apply_range"] = list(V(data).apply(lambda x: -x, 2, 5))
    r["apply_hoc"] = list(V(pos).apply("log"))
    # --- order
    r["sort"] = list(V(data).sort())
    r["reverse"] = list(V(data).reverse())
    r["sortindex"] = list(V(data).sortindex())
    r["sortindex_ties"] = list(V([2, 1, 2, 1, 0, 2]).sortindex())
    for k in [3, -3, 15, 0]:
        r["rotate%d" % k] = list(V(data).rotate(k))
        r["rotate_nowrap%d" % k] = list(V(data).rotate(k, 0))
    # --- copies, sub-vectors, insert/remove/append
    r["c"] = list(V(data).c())
    r["c_range"] = list(V(data).c(2, 5))
    r["at"] = list(V(data).at(3))
    r["cl"] = V(data).label("lab") and V(data).cl(1, 3).label()
    lv = V(data)
    lv.label("lab")
    r["cl_label"] = lv.cl(1, 3).label()
    r["copy"] = list(V(3).copy(V(data)))
    r["copy_dest"] = list(V(20).fill(-1).copy(V(data), 4))
    r["copy_src_range"] = list(V(20).fill(-1).copy(V(data), 2, 5))
    r["copy_full"] = list(V(20).fill(-1).copy(V(data), 1, 2, 6))
    r["copy_inc"] = list(V(20).fill(-1).copy(V(data), 1, 0, 9, 2, 3))
    r["copy_idx"] = list(V(12).fill(-1).copy(V(data), V([0, 3, 5, 20])))
    r["copy_idx2"] = list(V(6).fill(-1).copy(V(data), V([0, 3, 5]), V([5, 4, 3])))
    r["insrt"] = list(V(data).insrt(3, 100, V([7, 8])))
    r["remove"] = list(V(data).remove(4))
    r["remove_range"] = list(V(data).remove(2, 6))
    r["append"] = list(V([1]).append(2, V([3, 4]), 5))
    r["ind"] = list(V(data).ind(V([0, 2, 4, 99, -1])))
    r["index"] = list(V().index(V(data), V([1, 3, 50])))
    r["resize"] = list(V(data).resize(15))
    r["buffer_size"] = V(data).buffer_size(100)
    # --- histograms and signals
    spikes = [0.5, 1.2, 1.9, 2.0, 3.3, 3.35, 7.7, 8.0, 9.99, 10.0, 4.4, 5.5]
    r["histogram"] = list(V(spikes).histogram(0, 10, 1.5))
    r["hist"] = list(V().hist(V(spikes), 0, 8, 1.25))
    r["sumgauss"] = list(V(spikes).sumgauss(0, 12, 0.5, 0.8))
    r["sumgauss_w"] = list(V(spikes).sumgauss(0, 12, 0.5, 0.8, V(len(spikes)).indgen(1, 1)))
    r["approx_smhist"] = list(V().smhist(V(spikes), 0, 20, 0.5, 0.6))
    r["approx_smhist_w"] = list(V().smhist(V(spikes), 0, 20, 0.5, 0.6,
                                           V(len(spikes)).fill(2)))
    counts = [0, 2, 1, 0, 3, 1, 0, 0, 4, 2, 1, 0, 0, 1, 2, 3]
    r["psth"] = list(V().psth(V(counts), 0.5, 4, 3))
    trace = [-65, -60, -20, 10, -30, -64, -65, -10, 5, 20, -50, -65, 0, -70]
    r["spikebin"] = list(V().spikebin(V(trace), -15))
    r["spikebin2"] = list(V().spikebin(V(trace), -15, 2))
    r["rebin"] = list(V().rebin(V(counts), 3))
    r["rebin_self"] = list(V(counts).rebin(4))
    r["resample"] = list(V().resample(V(data), 2.5))
    r["resample_down"] = list(V().resample(V(data), 0.4))
    xs = V([0, 1, 2, 4, 8])
    ys = V([0, 10, 5, 5, -3])
    xd = V([-1, 0, 0.5, 1.5, 3, 4, 6, 9])
    r["interpolate"] = list(V().interpolate(xd, xs, ys))
    r["interpolate_self"] = list(V([0, 10, 5, 5, -3]).interpolate(xd, xs))
    r["deriv"] = list(V().deriv(V(data), 0.1))
    r["deriv1"] = list(V().deriv(V(data), 0.1, 1))
    r["deriv_self"] = list(V(data).deriv())
    r["integral"] = list(V().integral(V(data), 0.025))
    r["integral_self"] = list(V(data).integral())
    tavg = V()
    r["trigavg_n"] = tavg.trigavg(V(trace), V([3, 9, 1, 12]), 2, 2)
    r["trigavg"] = list(tavg)
    r["approx_fft"] = list(V().fft(V(data)))
    r["approx_fft_inv"] = list(V().fft(V().fft(V(data)), -1))
    r["approx_convlv"] = list(V().convlv(V(data), V([0.25, 0.5, 0.25])))
    r["approx_correl"] = list(V().correl(V(data), V(data[::-1])))
    r["approx_correl_auto"] = list(V().correl(V(data)))
    r["approx_filter"] = list(V().filter(V(data), V([0.25, 0.5, 0.25])))
    long_signal = V(256).sin(40, 0.2, 0.5)
    r["approx_spctrm"] = list(V().spctrm(long_signal, 16))
    r["inf"] = list(V().inf(V(30).fill(0.5), 0.1, 0.05, -65, 1, -50, -70, 0.5))
    # --- printing
    r["printf"] = printed(lambda: V(data).printf())
    r["printf_fmt"] = printed(lambda: V(data).printf("%6.3f|"))
    r["printf_range"] = printed(lambda: V(data).printf("%g ", 2, 7))
    for bad in ["%d,", "%s", "%g %g", "%x"]:
        try:
            V([1, 2.7, -3.2]).printf(bad)
            r["printf_bad" + bad] = "accepted"
        except Exception:
            r["printf_bad" + bad] = "error"
    r["printf_a"] = printed(lambda: V([1.5, 2, -0.1, 0]).printf("%a;"))
    r["printf_A"] = printed(lambda: V([1.5, 2, -0.1, 0]).printf("%A;"))
    # --- files
    f = h.File()
    path = os.path.join(folder, "printf.txt")
    f.wopen(path)
    V(data).printf(f)
    V(data).printf(f, "%.3e ")
    V(data).printf(f, "%g,", 1, 3)
    f.printf("x=%g n=%d s=%s %5.2f%%\n", 1.5, 7, "abc", 3.14159)
    f.printf("%d|%5.1f|%-6s|%e|%x\n", 2.7, 2.25, "ab", 12345.678, 255)
    f.close()
    r["file_printf"] = open(path).read()
    for t in [1, 2, 3, 4, 5]:
        p = os.path.join(folder, "vwrite%d.bin" % t)
        f.wopen(p)
        r["vwrite_ret%d" % t] = V(data).vwrite(f, t)
        f.close()
        r["vwrite%d" % t] = open(p, "rb").read().hex()
        f.ropen(p)
        back = V()
        r["vread_ret%d" % t] = back.vread(f)
        f.close()
        r["vread%d" % t] = list(back)
    p = os.path.join(folder, "fwrite.bin")
    f.wopen(p)
    r["fwrite_ret"] = V(data).fwrite(f)
    r["fwrite_ret_range"] = V(data).fwrite(f, 2, 4)
    f.close()
    r["fwrite"] = open(p, "rb").read().hex()
    f.ropen(p)
    back = V()
    r["fread_ret"] = back.fread(f, 5)
    r["fread"] = list(back)
    f.close()
    p = os.path.join(folder, "scan.txt")
    with open(p, "w") as out:
        out.write("time volt\n1 -65.5 a\n2 -60.25 b\n3 -55 c\n4 inf -50\nnan 5 -45e-1\n")
    f.ropen(p)
    sv = V()
    r["scanf_n"] = sv.scanf(f)
    r["scanf"] = list(sv)
    f.close()
    f.ropen(p)
    r["scanf_limit_n"] = sv.scanf(f, 3)
    r["scanf_limit"] = list(sv)
    f.close()
    p2 = os.path.join(folder, "cols.txt")
    with open(p2, "w") as out:
        out.write("1 10 100\n2 20 200\n3 30 300\n4 40 400\n")
    f.ropen(p2)
    r["scanf_col_n"] = sv.scanf(f, 2, 3)
    r["scanf_col"] = list(sv)
    f.close()
    f.ropen(p2)
    r["scanf_ncol_n"] = sv.scanf(f, 2, 3, 3)
    r["scanf_ncol"] = list(sv)
    r["eof"] = f.eof()
    f.close()
    f.ropen(p2)
    r["scantil_n"] = sv.scantil(f, 30)
    r["scantil"] = list(sv)
    r["scanvar"] = f.scanvar()
    f.close()
    f.ropen(p)
    line = h.ref("")
    r["gets"] = [f.gets(line), line[0]]
    r["scanstr"] = [f.scanstr(line), line[0]]
    r["isopen"] = f.isopen()
    r["tell"] = f.tell()
    f.close()
    r["isopen_closed"] = f.isopen()
    # --- numpy, python conversions
    import numpy
    nv = V(data)
    arr = numpy.asarray(nv)
    r["asarray"] = [arr.tolist(), bool(arr.flags.writeable)]
    view = nv.as_numpy()
    view[0] = 99
    r["as_numpy_view"] = nv[0]
    r["to_python"] = V(data).to_python()
    r["from_python"] = list(V().from_python([1, 2, 3]))
    # --- play_remove stops a recording too (NEURON: "removes from both record and play")
    sec = h.Section(name="play_remove_soma")
    rec = V().record(sec(0.5)._ref_v)
    h.finitialize(-65)
    h.fadvance()
    before = list(rec)
    rec.play_remove()
    h.finitialize(-60)
    h.fadvance()
    r["play_remove_record"] = [before, list(rec)]
    return r
