: pnm's two-electrode voltage clamp with three levels (NEURON's VClamp, same circuit and
: time discretisation): a control amplifier of gain `gain` and time constant tau2 drives
: the cell through rstim; the measuring amplifier (time constant tau1) feeds back v.
: Levels amp[j] hold for dur[j]; after dur[0]+dur[1]+dur[2] the clamp is off (i = 0).
: The three clamp voltages e (amplifier input), vo (amplifier output), vi (measured) take
: one implicit step per time step; e0, vo0, vi0 hold their values at the step's start.
DEFINE NSTEP 3
NEURON {
    POINT_PROCESS VClamp
    ELECTRODE_CURRENT i
    RANGE e0, vo0, vi0, dur, amp, gain, rstim, tau1, tau2, fac, i
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER {
    dur[NSTEP] (ms) <0, 1e9>
    amp[NSTEP] (mV)
    gain = 1e5 <0, 1e9>
    rstim = 1 (megohm) <1e-9, 1e9>
    tau1 = .001 (ms) <0, 1e9>
    tau2 = 0 (ms) <0, 1e9>
    e0 (mV)
    vo0 (mV)
    vi0 (mV)
    fac = 0 <1, 10>
}
ASSIGNED { v (mV) i (nA) stim (mV) tc (ms) }
STATE { e (mV) vo (mV) vi (mV) }
INITIAL {
    e0 = 0
    vo = v
    vo0 = v
    vi = v
    vi0 = v
    e = 0
}
BREAKPOINT {
    : the step's commit of the clamp voltages runs after v advanced (see update)
    SOLVE update METHOD after_cvode
    command()
    i = amplifier_current()
}
PROCEDURE command() {
    : the level in force at t; while the clamp is on, tc lies 100 ms past that level's end
    stim = amp[0]
    tc = dur[0]
    if (t < tc) {
        tc = tc + 100
    } else {
        stim = amp[1]
        tc = tc + dur[1]
        if (t < tc) {
            tc = tc + 100
        } else {
            stim = amp[2]
            tc = tc + dur[2]
            if (t < tc) {
                tc = tc + 100
            }
        }
    }
}
FUNCTION amplifier_current() (nA) {
    LOCAL t1, t2, a, b, r
    if (t > tc) {
        e0 = 0
        vo0 = 0
        amplifier_current = 0
    } else {
        : backward-Euler step of the circuit, three linear equations in vi, vo, e:
        :   vi = v + fac*(vo - v)
        :   (1 + t2)*vo - t2*vo0 = -gain*e
        :   (1 + t1)*vi - (2 + t1)*e = stim + t1*(vi0 - e0)
        t1 = tau1/dt
        t2 = tau2/dt
        a = 1 + t1
        b = 1 + t2
        r = stim + t1*(vi0 - e0)
        e = (a*(v*(1 - fac) + fac*t2*vo0/b) - r)/(2 + t1 + a*fac*gain/b)
        vo = (t2*vo0 - gain*e)/b
        vi = v + fac*(vo - v)
        amplifier_current = (vo - v)/rstim
    }
}
PROCEDURE update() {
    i = amplifier_current()
    e0 = e
    vo0 = vo
    vi0 = vi
}
