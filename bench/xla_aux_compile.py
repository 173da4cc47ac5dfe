"""Why mxjax's W6 chain of 1,000 nodes takes minutes to compile, in plain JAX.

mxjax's compiled backward program (``graph.vjp_program``) returns, besides the
gradients, the value of *every* pending node of the graph (``aux_refs``), so that
each recorded NDArray has its value afterwards. For a chain of n element-wise
ops that is n extra outputs, and XLA's CPU compile time grows super-linearly
with them. This script compiles the same chain's ``vjp`` with and without the
intermediate values as outputs::

    python bench/xla_aux_compile.py 50 100 200

Measured on the 2-core dev machine (shared, loaded): 50 / 100 / 200 nodes compile
in 0.39 s / 0.56 s / 0.68 s without the intermediates as outputs and in 4.6 s /
12.7 s / 27.3 s with them; mxjax's 1,000-node chain took 439 s to compile.
"""
import sys
import time

import jax
import jax.numpy as jnp


def chain(x, reps, keep):
    y, aux = x, []
    for _ in range(reps):
        y = y * 1.0001
        if keep:
            aux.append(y)
        y = y + 0.0001
        if keep:
            aux.append(y)
    return y, aux


def compile_time(reps, keep):
    x = jnp.linspace(0.5, 1.5, 10)

    def run(x):
        y, vjp, aux = jax.vjp(lambda x: chain(x, reps, keep), x, has_aux=True)
        return vjp(jnp.ones_like(y))[0], y, aux
    t = time.perf_counter()
    jax.block_until_ready(jax.jit(run)(x))
    return time.perf_counter() - t


def main():
    for reps in [int(a) // 2 for a in (sys.argv[1:] or ["50", "100", "200"])]:
        without = compile_time(reps, False)
        with_aux = compile_time(reps, True)
        print("%5d nodes: compile+run %.2f s without intermediate outputs, %.2f s with all "
              "%d intermediates as outputs" % (2 * reps, without, with_aux, 2 * reps),
              flush=True)


if __name__ == "__main__":
    main()
