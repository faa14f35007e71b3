: a calcium pool with a buffer as a KINETIC scheme (tests/test_cvode.py, kinetic.py): cai a
: STATE (the ion's concentration), a COMPARTMENT volume, `~ cai << (flux)` sources, second
: order reactions, f_flux read after a reaction (left out of nocmodl's _ode_matsol)
NEURON {
    SUFFIX cabuf
    USEION ca READ ica WRITE cai
    RANGE kf, kb, fwd, depth
}
UNITS { (mM) = (milli/liter) (mA) = (milliamp) FARADAY = (faraday) (coulomb) (um) = (micron) }
PARAMETER { kf = 10 (/mM-ms) kb = 0.5 (/ms) depth = 0.2 (um) Btot = 0.05 (mM) taur = 20 (ms)
            cainf = 5e-5 (mM) }
ASSIGNED { ica (mA/cm2) diam (um) fwd }
STATE { cai (mM) <1e-6> B (mM) CaB (mM) }
INITIAL { cai = cainf B = Btot CaB = 0 }
BREAKPOINT { SOLVE pool METHOD sparse }
KINETIC pool {
    COMPARTMENT diam*depth {cai B CaB}
    ~ cai << (-ica*diam/(2*FARADAY)*1e4)
    ~ cai + B <-> CaB (kf, kb)
    fwd = f_flux
    ~ cai << ((cainf - cai)/taur*diam*depth)
    ~ 2 B <-> CaB (0.01, 0.001)
}
