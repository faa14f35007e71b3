: no current; BREAKPOINT writes a reversal potential after SOLVE (as ccanl.mod of ModelDB 97917 writes enca)
NEURON { SUFFIX nocurion USEION k WRITE ek RANGE y }
STATE { s }
ASSIGNED { y ek (mV) }
INITIAL { s = 0  ek = -80 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    y = 2*s
    ek = -80 - 10*s
}
DERIVATIVE st { s' = (1 - s)/5 }
