: a point process without NET_RECEIVE whose variable x a NetCon watches (NEURON watches a point
: process's x when it has no NET_RECEIVE block; ModelDB 28316's pregen.mod is such a source)
NEURON { POINT_PROCESS XGen RANGE x, start, period }
PARAMETER { start = 5 (ms) period = 4 (ms) }
ASSIGNED { x }
INITIAL { x = -90 }
BREAKPOINT {
    if (t >= start && fmod(t - start, period) < 1) { x = 20 } else { x = -90 }
}
