: The C subset of VERBATIM blocks pnm translates, in the forms published files use (and
: NMODL's own printf).
NEURON {
    SUFFIX csub
    NONSPECIFIC_CURRENT i
    RANGE g, e, count, peak
    GLOBAL scale
}
PARAMETER { g = 0.0005 (S/cm2) e = -60 (mV) scale = 1.5 }
ASSIGNED { v (mV) i (mA/cm2) count peak }
INITIAL {
    count = 0
    peak = -100
    report(gate(-65), gate(-20) + 10 * gate(-130))
    printf("NMODL's printf: %g %5.2f %e\n", g * 1000, e, scale)
VERBATIM
    printf("init t=%g v=%.4f scale=%e g=%f\n", t, v, scale, g);
ENDVERBATIM
}
BREAKPOINT {
    i = g * gate(v) * (v - e)
VERBATIM
    if (v > peak) { peak = v; }
    count += 1;
    if (count == 400 && !(count < 0)) {
        printf("count %d at t=%6.3f, peak %8.4f\n", (int)count, t, peak);
        fflush(stdout);
    }
ENDVERBATIM
}
FUNCTION gate(x (mV)) {
    LOCAL y
    y = x + 65
VERBATIM
    double z, w = 2.0;
    int k = 0;
    z = (double)_ly / 10.0;
    while (k < 3) { w = w * 0.5; k++; }
    if (z < -5.0) {
        return 0.0;
    } else if (z > 5.0 || z != z) {
        return 1.0 + w - w;
    }
    return 0.5 * (1.0 + tanh(z)) * pow(scale, 0.0) + fabs(-0.0) + w - 0.25;
ENDVERBATIM
}
PROCEDURE report(a, b) {
VERBATIM
    printf("report %g %g %g\n", _la, _lb, _la * _lb + exp(log(2.0)) - sqrt(4.0));
ENDVERBATIM
}
