: A SUFFIX nothing library, in the form of ModelDB's misc.mod/stats.mod (116830, 138379,
: 144538, ...): no mechanism; FUNCTIONs, PROCEDUREs and variables at hoc's top level.
NEURON {
    SUFFIX nothing
    GLOBAL scale, calls
}
PARAMETER { scale = 2 }
ASSIGNED { calls }
FUNCTION fac(n) {
    if (n <= 1) { fac = 1 } else { fac = n * fac(n - 1) }
    calls = calls + 1
}
PROCEDURE setscale(s) { scale = s }
FUNCTION scaled(x) { scaled = scale * x }
