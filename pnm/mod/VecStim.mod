: NEURON's VecStim (vecevent.mod, shipped with NEURON's examples and copied into many models):
: an artificial cell whose events are at the times of a Vector, vs.play(vec). NEURON's file
: reaches the Vector from C (VERBATIM: vector_capacity, vector_vec through _p_ptr); here the
: BBCOREPOINTER ptr is a Vector bound to the instance, which pnm's functions vector_size(ptr)
: and vector_element(ptr, i) read (docs/nmodl_frontend.md). play(vec) binds the Vector and
: play() unbinds it: a Python method (stdmechs.py), as NEURON's play() is C. The engine copies
: the bound Vector at each finitialize, so a Vector changed between runs is seen.
NEURON {
    THREADSAFE
    ARTIFICIAL_CELL VecStim
    BBCOREPOINTER ptr
}

ASSIGNED {
    index
    etime (ms)
    ptr
}

INITIAL {
    index = 0
    element()
    if (index > 0) {
        net_send(etime - t, 1)
    }
}

NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        element()
        if (index > 0) {
            net_send(etime - t, 1)
        }
    }
}

: the next time (etime) and index + 1, or index = -1 after the last (and with no Vector)
PROCEDURE element() {
    LOCAL i
    i = index
    if (i >= 0) {
        if (i < vector_size(ptr)) {
            etime = vector_element(ptr, i)
            index = index + 1
        } else {
            index = -1
        }
    }
}
