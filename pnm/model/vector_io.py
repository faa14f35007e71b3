"""NEURON's Vector file methods, as a mixin of h.Vector: scanf/scantil (numbers as text),
fwrite/fread (raw native doubles or other types) and vwrite/vread (NEURON's self-describing
binary format: int32 size, int32 type, then the data, scaled for types 1 and 2)."""

import numpy as np

from .vector_signal import checked_arg

# vwrite/vread/fread type codes
_TYPES = {1: np.dtype(np.int8), 2: np.dtype(np.uint16), 3: np.dtype(np.float32),
          4: np.dtype(np.float64), 5: np.dtype(np.int32)}
_FREAD_TYPES = {1: np.dtype(np.int8), 2: np.dtype(np.uint16), 3: np.dtype(np.float32),
                4: np.dtype(np.float64), 5: np.dtype(np.int16)}


def _file_arg(vec, method, f):
    from .file import File
    from ..hoclang.builtins import File as HocFile
    if isinstance(f, HocFile) and method == "scanf":     # a File made in hoc
        return f
    if not isinstance(f, File):
        raise TypeError(f"{vec.hname()}.{method}: the first argument must be an h.File, "
                        f"not {f!r}")
    return f


def _read_exactly(stream, dtype, count):
    raw = stream.read(dtype.itemsize * count)
    usable = len(raw) // dtype.itemsize
    return np.frombuffer(raw[:usable * dtype.itemsize], dtype=dtype)


class VectorIOMethods:
    """Mixin: needs as_numpy, from_python, resize, append, size, hname."""

    def scanf(self, f, *args):
        f = _file_arg(self, "scanf", f)
        n, column, ncolumns = -1, 1, 1
        if len(args) >= 3:
            n, column, ncolumns = (int(a) for a in args[:3])
        elif len(args) == 2:
            column, ncolumns = int(args[0]), int(args[1])
        elif len(args) == 1:
            n = int(args[0])
        values = []
        i = 0
        while (n < 0 or i < n) and not f.eof():
            for _ in range(1, column):
                if not f.eof():
                    f.scan_number()
            if not f.eof():
                values.append(f.scan_number())
            for _ in range(column, ncolumns):
                if not f.eof():
                    f.scan_number()
            i += 1
        out = np.zeros(i)
        out[:len(values)] = values
        self.from_python(out)
        return i

    def scantil(self, f, til, column=1, ncolumns=1):
        f = _file_arg(self, "scantil", f)
        values = []
        while True:
            for _ in range(1, int(column)):
                if f.scan_number() == til:
                    self.from_python(values)
                    return len(values)
            value = f.scan_number()
            if value == til:
                break
            values.append(value)
            for _ in range(int(column), int(ncolumns)):
                f.scan_number()
        self.from_python(values)
        return len(values)

    def fwrite(self, f, *span):
        f = _file_arg(self, "fwrite", f)
        a = self.as_numpy()
        start, end = 0, len(a) - 1
        if span:
            start = checked_arg(self, "fwrite", span[0], 0, len(a) - 1)
            end = checked_arg(self, "fwrite", span[1], start, len(a) - 1)
        data = a[start:end + 1]
        f.stream().write(data.astype(np.float64).tobytes())
        return len(data)

    def fread(self, f, n=None, type_code=4):
        f = _file_arg(self, "fread", f)
        if n is not None:
            self.resize(checked_arg(self, "fread", n, 0, 1e10))
        type_code = checked_arg(self, "fread", type_code, 1, 5)
        count = self.size()
        if count > 0:
            got = _read_exactly(f.stream(), _FREAD_TYPES[type_code], count)
            self.as_numpy()[:len(got)] = got.astype(np.float64)
        return 1.0

    def vwrite(self, f, type_code=4):
        f = _file_arg(self, "vwrite", f)
        type_code = checked_arg(self, "vwrite", type_code, 1, 5)
        a = self.as_numpy()
        stream = f.stream()
        stream.write(np.array([len(a), type_code], dtype=np.int32).tobytes())
        if type_code in (1, 2):
            low, high = (float(a.min()), float(a.max())) if len(a) else (0.0, 0.0)
            r = high - low
            sf = ((255.0 if type_code == 1 else 65535.0) / r) if r > 0 else 1.0
            scaled = (a - low) * sf
            if type_code == 1:
                data = np.trunc(scaled - 128.0).astype(np.int8)
            else:
                data = np.trunc(scaled).astype(np.uint16)
            stream.write(np.array([sf, low], dtype=np.float64).tobytes())
            stream.write(data.tobytes())
        else:
            data = np.trunc(a).astype(np.int32) if type_code == 5 else a.astype(_TYPES[type_code])
            stream.write(data.tobytes())
        return 1.0

    def vread(self, f):
        f = _file_arg(self, "vread", f)
        stream = f.stream()
        header = _read_exactly(stream, np.dtype(np.int32), 2)
        if len(header) < 2:
            return 0.0
        n, type_code = int(header[0]), int(header[1])
        order = "<" if np.little_endian else ">"
        if not 1 <= type_code <= 5:
            order = ">" if np.little_endian else "<"     # written on the other endianness
            n, type_code = (int(x) for x in header.byteswap())
            if not 1 <= type_code <= 5:
                return 0.0
        self.resize(n)
        sf, low = 1.0, 0.0
        if type_code in (1, 2):
            sf, low = (float(x) for x in _read_exactly(stream, np.dtype(order + "f8"), 2))
        raw = _read_exactly(stream, _TYPES[type_code].newbyteorder(order), n)
        if type_code == 2:
            values = raw / sf + low
        elif type_code == 1:
            values = (raw.astype(np.float64) + 128.0) / sf + low
        else:
            values = raw.astype(np.float64)
        self.as_numpy()[:len(values)] = values
        return 1.0
