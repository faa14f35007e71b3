"""pnm's NMODL compiler: .mod text -> parse -> check -> lower (mechanism description) ->
generated numba kernels. Stages are the modules parse, check, lower and codegen."""
