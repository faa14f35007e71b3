: An artificial cell that draws from two NMODL RANDOM streams (tests/test_nmodl_random.py):
: every form of random_uniform/negexp/normal, random_setseq and random_setids, a FUNCTION and a
: PROCEDURE called from Python; it fires at intervals drawn from r1.
NEURON {
    ARTIFICIAL_CELL RndCell
    RANGE mean, u1, u2, e1, e2, n1, n2, count
    RANDOM r1, r2
}
PARAMETER {
    mean = 2 (ms)
}
ASSIGNED {
    u1 u2 e1 e2 n1 n2 count
}
INITIAL {
    count = 0
    random_setseq(r2, 5)
    net_send(mean*random_negexp(r1), 1)
}
NET_RECEIVE (w) {
    if (flag == 1) {
        count = count + 1
        u1 = random_uniform(r1)
        u2 = random_uniform(r2, 2, 5)
        e1 = random_negexp(r2)
        e2 = random_negexp(r1, 3)
        n1 = random_normal(r1)
        n2 = random_normal(r2, 1, 2)
        net_event(t)
        net_send(random_negexp(r1, mean), 1)
    } else {
        : an external event moves r1 to 4 * w (sequence w, word 0)
        random_setseq(r1, 4*w)
    }
}
FUNCTION draw() {
    draw = random_uniform(r2)
}
PROCEDURE setids(a, b, c) {
    random_setids(r1, a, b, c)
}
