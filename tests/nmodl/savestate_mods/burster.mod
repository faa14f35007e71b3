: a point process that answers each input with a spike `gap` ms later (a self event) and
: counts inputs in its NetCon's second weight
NEURON {
    POINT_PROCESS Burster
    RANGE gap, n
}
PARAMETER { gap = 2 (ms) }
ASSIGNED { n }
INITIAL { n = 0 }
NET_RECEIVE (w, k) {
    INITIAL { k = 0 }
    if (flag == 0) {
        n = n + 1
        k = k + 1
        net_send(gap, 1)
    } else {
        net_event(t)
    }
}
