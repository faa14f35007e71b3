# h.cvode in a fixed-step run, under NEURON 9 and pnm: the settings' answers and
# cvode.record's samples.


def compute(h, folder):
    r = {}
    cv = h.cvode
    r["active"] = cv.active()
    r["active0"] = cv.active(0)
    r["cache_efficient"] = cv.cache_efficient()
    r["cache_efficient1"] = cv.cache_efficient(1)
    r["use_fast_imem"] = cv.use_fast_imem()
    r["use_fast_imem0"] = cv.use_fast_imem(0)
    r["atol"] = cv.atol()
    r["atol_set"] = cv.atol(1e-5)
    r["atol_shared"] = h.CVode().atol()
    r["rtol_set"] = cv.rtol(1e-4)
    r["maxstep"] = cv.maxstep()
    r["maxorder"] = cv.maxorder()
    r["use_local_dt"] = cv.use_local_dt()
    r["current_method"] = cv.current_method()
    r["order"] = cv.order()
    r["stiff"] = cv.stiff()
    r["condition_order"] = cv.condition_order()
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 0.5, 0.6
    yvec, tvec = h.Vector(), h.Vector()
    mvec, tvec2 = h.Vector(), h.Vector()
    cv.record(soma(0.5)._ref_v, yvec, tvec)
    cv.record(soma(0.5).hh._ref_m, mvec, tvec2)
    vref = h.Vector().record(soma(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(6)
    r["approx_v"] = list(yvec)
    r["approx_t"] = list(tvec)
    r["approx_m"] = list(mvec)
    r["approx_t2"] = list(tvec2)
    r["same_as_vector_record"] = list(yvec) == list(vref)
    cv.atol(1e-3)
    cv.rtol(0)
    return r
