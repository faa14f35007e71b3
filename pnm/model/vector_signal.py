"""NEURON's Vector methods for histograms and signals (histogram, hist, sumgauss, smhist, psth,
spikebin, rebin, resample, interpolate, deriv, integral, trigavg, fft, convlv, correl, filter,
spctrm, inf, addrand), as a mixin of h.Vector. Fourier transforms use GSL's real radix-2
layout (half-complex: re[0..n/2], im[n-k] at n-k) as NEURON does, computed with numpy."""

import math

import numpy as np

EPSILON = 1e-9       # ivocvect.cpp's EPSILON (smhist's cut-off)


def checked_arg(vec, method, value, low, high, integer=True):
    """NEURON's chkarg: the argument must lie in [low, high]; then truncated to int."""
    value = float(value)
    if not low <= value <= high:
        raise ValueError(f"{vec.hname()}.{method}: argument {value:g} out of range "
                         f"[{low:g}, {high:g}]")
    return int(value) if integer else value


def _data(arg, where):
    if hasattr(arg, "as_numpy"):
        return arg.as_numpy()
    raise TypeError(f"{where}: expected a Vector, got {arg!r}")


def _is_vector(arg):
    return hasattr(arg, "as_numpy") and hasattr(arg, "hname")


def _pow2_at_least(m):
    n = 1
    while n < m:
        n *= 2
    return n


def realft_forward(data):
    """GSL's real radix-2 forward transform, half-complex result."""
    n = len(data)
    spectrum = np.fft.rfft(data)
    out = np.empty(n)
    out[:n // 2 + 1] = spectrum.real[:n // 2 + 1]
    if n > 1:
        out[n - np.arange(1, n // 2)] = spectrum.imag[1:n // 2]
    return out


def realft_inverse(halfcomplex):
    """GSL's half-complex radix-2 inverse (normalised by 1/n)."""
    n = len(halfcomplex)
    if n == 1:
        return halfcomplex.copy()
    spectrum = np.zeros(n // 2 + 1, dtype=complex)
    spectrum.real[:] = halfcomplex[:n // 2 + 1]
    k = np.arange(1, n // 2)
    spectrum.imag[k] = halfcomplex[n - k]
    return np.fft.irfft(spectrum, n)


def convolve(data, respns, m, isign):
    """NEURON's nrn_convlv: data and respns (length n, a power of 2; respns's first m values
    hold the response) convolved (isign 1) or deconvolved (isign -1, as NEURON computes it)."""
    n = len(data)
    respns = respns.copy()
    for i in range(1, (m - 1) // 2 + 1):
        respns[n - i] = respns[m - i]
    respns[(m + 1) // 2:n - (m - 1) // 2] = 0.0
    d = realft_forward(data)
    r = realft_forward(respns)
    ans = np.zeros(n)
    ans[0] = d[0] * r[0]
    n2 = n // 2
    for i in range(1, n2):
        if isign == 1:
            ans[i] = d[i] * r[i] - d[n - i] * r[n - i]
            ans[n - i] = d[i] * r[n - i] + d[n - i] * r[i]
        elif isign == -1:
            scl = ans[i - 1] ** 2 + ans[i] ** 2
            if scl == 0.0:
                raise ZeroDivisionError("Vector.convlv: deconvolving at response zero")
            scl *= 2.0
            ans[i] = (d[i] * r[n - i] - d[n - i] * r[i]) / scl
        else:
            raise ValueError(f"Vector.convlv: isign must be 1 or -1, not {isign}")
    if n > 1:
        ans[n2] = d[n2] * r[n2]
    return realft_inverse(ans)


class VectorSignalMethods:
    """Mixin: needs as_numpy, from_python, size, hname."""

    def histogram(self, low, high, width):
        high = checked_arg(self, "histogram", high, low, 1e99, integer=False)
        width = checked_arg(self, "histogram", width, 0, high - low, integer=False)
        n = int(math.floor((high - low) / width)) + 2
        counts = np.zeros(n)
        for x in self.as_numpy().tolist():
            ind = int(math.floor((x - low) / width)) + 1
            if 0 <= ind < n:
                counts[ind] += 1.0
        return type(self)(counts)

    def hist(self, data, start, size, step):
        if data is self:
            raise ValueError(f"{self.hname()}.hist: argument needs to be copied first")
        step = checked_arg(self, "hist", step, 1e-99, 1e99, integer=False)
        size = int(size)
        counts = np.zeros(size)
        for x in _data(data, "Vector.hist").tolist():
            ind = int(math.floor((x - start) / step))
            if 0 <= ind < size:
                counts[ind] += 1
        self.from_python(counts)
        return self

    def sumgauss(self, low, high, step, var, weights=None):
        high = checked_arg(self, "sumgauss", high, low, 1e99, integer=False)
        step = checked_arg(self, "sumgauss", step, 1e-99, 1e99, integer=False)
        var = checked_arg(self, "sumgauss", var, 0, 1e99, integer=False)
        x = self.as_numpy()
        w = np.ones(len(x)) if weights is None else _data(weights, "Vector.sumgauss")
        points = int((high - low) / step + .5)
        total = np.zeros(points)
        svar = var / (step * step)
        scale = 1.0 / math.sqrt(2.0 * math.pi * var)
        for i, xi in enumerate(x.tolist()):
            xv = float(int((xi - low) / step))
            for j in range(points):
                arg = -(j - xv) * (j - xv) / (2.0 * svar)
                if arg > -20.0:
                    total[j] += math.exp(arg) * scale * w[i]
        return type(self)(total)

    def smhist(self, data, start, size, step, var, weights=None):
        values = _data(data, "Vector.smhist")
        size = int(size)
        step = checked_arg(self, "smhist", step, 1e-99, 1e99, integer=False)
        var = checked_arg(self, "smhist", var, 0, 1e99, integer=False)
        if weights is not None and weights.size() != len(values):
            raise ValueError(f"{self.hname()}.smhist: weight Vector must be same size as "
                             "source Vector")
        svar = 2 * var / (step * step)
        scale = 1 / math.sqrt(2.0 * math.pi * var)
        g2 = int(math.sqrt(10 * svar))
        g = g2 * 2 + 1
        n = _pow2_at_least(size + g)
        gauss = np.zeros(n)
        for i in range(g2 + 1):
            gauss[i] = scale * math.exp(-i * i / svar)
        for i in range(1, g2 + 1):
            gauss[g - i] = scale * math.exp(-i * i / svar)
        series = np.zeros(n)
        high = start + n * step
        w = None if weights is None else _data(weights, "Vector.smhist")
        for i, x in enumerate(values.tolist()):
            if start <= x < high:
                series[int((x - start) / step)] += 1.0 if w is None else w[i]
        ans = convolve(series, gauss, g, 1)[:size]
        self.from_python(np.where(ans > EPSILON, ans, 0.0))
        return self

    def psth(self, src, dt, trials, size):
        v1 = _data(src, "Vector.psth")
        n = len(v1)
        dt = checked_arg(self, "psth", dt, 0, 9e99, integer=False)
        trials = checked_arg(self, "psth", trials, 0, 9e99, integer=False)
        size = checked_arg(self, "psth", size, 0, n / 2, integer=False)
        out = np.zeros(n)
        for i in range(n):
            fj = bj = 0
            integral = v1[i]
            while integral < size:
                moved = False
                if i + fj < n - 1:
                    fj += 1
                    integral += v1[i + fj]
                    moved = True
                if i - bj > 0 and integral < size:
                    bj += 1
                    integral += v1[i - bj]
                    moved = True
                if not moved:      # NEURON loops forever here
                    raise ValueError(f"{self.hname()}.psth: the whole histogram holds fewer "
                                     f"than size={size:g} counts")
            out[i] = integral / trials * 1000. / ((fj + bj + 1) * dt)
        self.from_python(out)
        return self

    def spikebin(self, src, thresh, binsize=1):
        v1 = _data(src, "Vector.spikebin")
        binsize = checked_arg(self, "spikebin", binsize, 0, 1e6)
        n = len(v1) // binsize
        out = np.zeros(n)
        firing = False
        for i in range(n):
            for j in range(binsize):
                x = v1[i * binsize + j]
                if x >= thresh and not firing:
                    firing = True
                    out[i] = 1
                elif firing and x < thresh:
                    firing = False
        self.from_python(out)
        return self

    def rebin(self, *args):
        src = _data(args[0], "Vector.rebin").copy() if _is_vector(args[0]) else \
            self.as_numpy().copy()
        f = int(args[-1])
        n = len(src) // f
        out = np.zeros(n)
        for i in range(n):
            for j in range(f):
                out[i] += src[i * f + j]
        self.from_python(out)
        return self

    def resample(self, src, factor):
        v1 = _data(src, "Vector.resample").copy()
        f = checked_arg(self, "resample", factor, 0, len(v1) / 2, integer=False)
        n = int(len(v1) * f)
        self.from_python(np.array([v1[int(i / f)] for i in range(n)]))
        return self

    def interpolate(self, xdest, xsrc, ysrc=None):
        xd = _data(xdest, "Vector.interpolate").copy()
        xs = _data(xsrc, "Vector.interpolate").copy()
        ys = (self.as_numpy() if ysrc is None else _data(ysrc, "Vector.interpolate")).copy()
        nd, ns = len(xd), len(xs)
        yd = np.zeros(nd)
        idx = 0
        while idx < nd and xd[idx] <= xs[0]:
            yd[idx] = ys[0]
            idx += 1
        for k in range(1, ns):
            if idx >= nd:
                break
            if xs[k] <= xs[k - 1]:
                continue
            while xd[idx] <= xs[k]:
                theta = (xd[idx] - xs[k - 1]) / (xs[k] - xs[k - 1])
                yd[idx] = (1. - theta) * ys[k - 1] + theta * ys[k]
                idx += 1
                if idx >= nd:
                    break
        yd[idx:] = ys[ns - 1]
        self.from_python(yd)
        return self

    def deriv(self, *args):
        if args and _is_vector(args[0]):
            v1, args = _data(args[0], "Vector.deriv").copy(), args[1:]
        else:
            v1 = self.as_numpy().copy()
        n = len(v1)
        if n < 2:
            raise ValueError(f"{self.hname()}.deriv: can't take derivative of Vector with "
                             "less than two points")
        dx = float(args[0]) if args else 1.0
        sym = checked_arg(self, "deriv", args[1], 1, 2) if len(args) > 1 else 2
        if sym == 2:
            out = np.empty(n)
            out[0] = (v1[1] - v1[0]) / dx
            out[n - 1] = (v1[n - 1] - v1[n - 2]) / dx
            out[1:n - 1] = (v1[2:] - v1[:-2]) / (dx * 2)
        else:
            out = (v1[1:] - v1[:-1]) / dx
        self.from_python(out)
        return self

    def integral(self, *args):
        if args and _is_vector(args[0]):
            v1, args = _data(args[0], "Vector.integral").copy(), args[1:]
        else:
            v1 = self.as_numpy().copy()
        dx = float(args[0]) if args else 1.0
        out = np.empty(len(v1))
        if len(v1):
            out[0] = v1[0]
            out[1:] = v1[1:] * dx
            out = np.cumsum(out)     # left to right, as NEURON's loop
        self.from_python(out)
        return self

    def trigavg(self, data, trig, pre, post):
        d = _data(data, "Vector.trigavg")
        n = len(d)
        pre = checked_arg(self, "trigavg", pre, 0, n - 1)
        post = checked_arg(self, "trigavg", post, 0, n - 1)
        avg = np.zeros(pre + post)
        count = 0
        for tr in _data(trig, "Vector.trigavg").tolist():
            tr = int(tr)
            if pre <= tr < n - post:
                count += 1
                avg += d[tr - pre:tr + post]
        with np.errstate(all="ignore"):
            self.from_python(avg / count if count else avg / 0.0)
        return float(count)

    # ---- Fourier ---------------------------------------------------------------------------
    def fft(self, *args):
        if args and _is_vector(args[0]):
            v1, args = _data(args[0], "Vector.fft").copy(), args[1:]
        else:
            v1 = self.as_numpy().copy()
        inverse = checked_arg(self, "fft", args[0], -1, 1) if args else 1
        n = _pow2_at_least(len(v1))
        data = np.zeros(n)
        data[:len(v1)] = v1
        if inverse == -1:
            gsl = np.zeros(n)
            half = 0.5 * n
            gsl[0] = data[0] * half
            if n >= 2:
                gsl[n // 2] = data[1] * half
                k = np.arange(1, n // 2)
                gsl[k] = data[2 * k] * half
                gsl[n - k] = -data[2 * k + 1] * half
            self.from_python(realft_inverse(gsl))
        else:
            hc = realft_forward(data)
            out = np.zeros(n)
            out[0] = hc[0]
            if n >= 2:
                out[1] = hc[n // 2]
                k = np.arange(1, n // 2)
                out[2 * k] = hc[k]
                out[2 * k + 1] = -hc[n - k]
            self.from_python(out)
        return self

    def convlv(self, src, response, isign=1):
        v1 = _data(src, "Vector.convlv")
        v2 = _data(response, "Vector.convlv")
        n = _pow2_at_least(max(len(v1), len(v2)))
        data, respns = np.zeros(n), np.zeros(n)
        data[:len(v1)] = v1
        respns[:len(v2)] = v2
        self.from_python(convolve(data, respns, len(v2), int(isign)))
        return self

    def correl(self, src, other=None):
        v1 = _data(src, "Vector.correl")
        v2 = v1 if other is None else _data(other, "Vector.correl")
        n = _pow2_at_least(max(len(v1), len(v2)))
        x, y = np.zeros(n), np.zeros(n)
        x[:len(v1)] = v1
        y[:len(v2)] = v2
        x, y = realft_forward(x), realft_forward(y)
        z = np.zeros(n)
        z[0] = x[0] * y[0]
        k = np.arange(1, n // 2)
        z[k] = x[k] * y[k] + x[n - k] * y[n - k]
        z[n - k] = y[k] * x[n - k] - y[n - k] * x[k]
        if n > 1:
            z[n // 2] = x[n // 2] * y[n // 2]
        self.from_python(realft_inverse(z))
        return self

    def filter(self, *args):
        if len(args) == 2:
            v1, v2 = _data(args[0], "Vector.filter").copy(), _data(args[1], "Vector.filter")
        else:
            v1, v2 = self.as_numpy().copy(), _data(args[0], "Vector.filter")
        n = _pow2_at_least(max(len(v1), len(v2)))
        data, filt = np.zeros(n), np.zeros(n)
        data[:len(v1)] = v1
        filt[:len(v2)] = v2
        self.from_python(convolve(data, realft_forward(filt), len(v2), 1))
        return self

    def spctrm(self, src, segment=None):
        data_in = _data(src, "Vector.spctrm")
        dc = len(data_in)
        m = _pow2_at_least(int(segment) if segment is not None else dc // 8)
        k = int(math.ceil((dc / m - 1.) / 2.))
        n = (2 * k + 1) * m
        data = np.zeros(max(n, dc))
        data[:dc] = data_in
        seg = 2 * m
        window = 1.0 - np.abs((np.arange(seg) - m) * (1.0 / m))
        wfac = sequential_square_sum(window)
        psd = np.zeros(m)
        cx = 0
        for _ in range(2 * k):
            piece = realft_forward(data[cx:cx + seg] * window)
            cx += m
            psd[0] += piece[0] ** 2
            j = np.arange(1, m)
            psd[1:] += piece[j] ** 2 + piece[seg - j] ** 2
        psd *= 1 / (wfac * seg * k)
        psd[0] *= 0.5
        if self.size() < m:
            self.resize(m)
        self.as_numpy()[:m] = psd
        return self

    def inf(self, stim, dt, gl, el, cm, th, res, refp=0.0):
        s = _data(stim, "Vector.inf")
        n = len(s)
        dt = checked_arg(self, "inf", dt, 1e-99, 9e99, integer=False)
        cm = cm / dt
        v = np.zeros(n)
        v[0] = el
        ref = 0.0
        t = 0
        while t < n - 1:
            current = -gl * (v[t] - el) + s[t]
            vnew = v[t] + current / cm
            if vnew >= th and ref <= 0:
                v[t + 1] = 0
                t += 1
                if t + 1 < n:
                    v[t + 1] = res
                ref = refp
            else:
                ref -= dt
                v[t + 1] = vnew
            t += 1
        self.from_python(v)
        return self

    def addrand(self, rand, *span):
        a = self.as_numpy()
        start, end = 0, len(a) - 1
        if span:
            start = checked_arg(self, "addrand", span[0], 0, end)
            end = checked_arg(self, "addrand", span[1], start, end)
        for i in range(start, end + 1):
            a[i] += rand.repick()
        return self


def sequential_square_sum(a):
    return float(np.cumsum(a * a)[-1]) if len(a) else 0.0
