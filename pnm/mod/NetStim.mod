: NEURON 9's NetStim (netstim.mod): a spike train of `number` spikes, the first at start,
: then every `interval` ms; with noise > 0 the intervals are partly negative exponential,
: drawn from the instance's Random123 stream ranvar (NMODL RANDOM). An event with weight > 0
: starts a train, one with weight < 0 stops it. noiseFromRandom(r) and noiseFromRandom123(id1,
: id2[, id3]), whose NEURON bodies are C, are pnm's Python methods on ranvar (stdmechs.py).
NEURON {
    ARTIFICIAL_CELL NetStim
    THREADSAFE
    RANGE interval, number, start
    RANGE noise
    RANDOM ranvar
}

PARAMETER {
    interval = 10 (ms) <1e-9,1e9>
    number = 10 <0,1e9>
    start = 50 (ms)
    noise = 0 <0,1>
}

ASSIGNED {
    event (ms)
    on
    ispike
}

INITIAL {
    seed(0)
    on = 0
    ispike = 0
    if (noise < 0) {
        noise = 0
    }
    if (noise > 1) {
        noise = 1
    }
    if (start >= 0 && number > 0) {
        on = 1
        : the first spike at start + noise*interval on average, not before 0
        event = start + invl(interval) - interval*(1. - noise)
        if (event < 0) {
            event = 0
        }
        net_send(event, 3)
    }
}

PROCEDURE init_sequence(t(ms)) {
    if (number > 0) {
        on = 1
        event = 0
        ispike = 0
    }
}

FUNCTION invl(mean (ms)) (ms) {
    if (mean <= 0.) {
        mean = .01 (ms)
    }
    if (noise == 0) {
        invl = mean
    } else {
        invl = (1. - noise)*mean + noise*mean*erand()
    }
}

FUNCTION erand() {
    erand = random_negexp(ranvar)
}

PROCEDURE next_invl() {
    if (number > 0) {
        event = invl(interval)
    }
    if (ispike >= number) {
        on = 0
    }
}

PROCEDURE seed(x) {
    random_setseq(ranvar, x)
}

NET_RECEIVE (w) {
    if (flag == 0) {
        : an external event: weight > 0 starts a train (unless one is on), < 0 stops it
        if (w > 0 && on == 0) {
            init_sequence(t)
            next_invl()
            event = event - interval*(1. - noise)
            net_send(event, 1)
        } else if (w < 0) {
            on = 0
        }
    }
    if (flag == 3) {
        : from INITIAL, unless an external event turned the train off
        if (on == 1) {
            init_sequence(t)
            net_send(0, 1)
        }
    }
    if (flag == 1 && on == 1) {
        ispike = ispike + 1
        net_event(t)
        next_invl()
        if (on == 1) {
            net_send(event, 1)
        }
    }
}
