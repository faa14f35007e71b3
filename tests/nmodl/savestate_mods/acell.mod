: an artificial cell firing every `per` ms from its own self events
NEURON {
    ARTIFICIAL_CELL Acell
    RANGE per
}
PARAMETER { per = 4 (ms) }
INITIAL { net_send(per, 1) }
NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        net_send(per, 1)
    }
}
