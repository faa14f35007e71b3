: A spike generator on NEURON's built-in scop_random generator, as old network models have
: them (netstims.mod and its kind): exprand intervals, normrand jitter, set_seed in INITIAL.
NEURON {
    ARTIFICIAL_CELL ScopStim
    RANGE interval, jitter, start, n, seedval, u
}
PARAMETER { interval = 5 (ms) jitter = 0.5 (ms) start = 1 (ms) seedval = 0 }
ASSIGNED { n u }
PROCEDURE seed(x) {
    set_seed(x)
}
FUNCTION uniform() {
    uniform = scop_random()
}
INITIAL {
    if (seedval > 0) {
        seed(seedval)
    }
    u = uniform()
    n = 0
    net_send(start, 1)
}
NET_RECEIVE (w) {
    LOCAL d
    if (flag == 1) {
        net_event(t)
        n = n + 1
        d = interval * exprand(1) + normrand(0, jitter)
        if (d < 0.1) { d = 0.1 }
        net_send(d, 1)
    }
}
