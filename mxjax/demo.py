"""The main demo: MXNet's autograd tutorial seed, run on JAX.

Run with ``python -m mxjax.demo``.
"""
import mxjax as mx
from mxjax import nd, autograd


def main():
    """Print the seed results of MXNet's autograd tutorial."""
    print("mxjax %s on %s" % (mx.__version__, mx.current_context()))
    x = nd.array([[1, 2], [3, 4]])
    x.attach_grad()
    with autograd.record():
        y = 2 * x * x
    y.backward()
    print("f(x) = 2x^2 at [[1,2],[3,4]] -> x.grad =", x.grad)

    with autograd.record():
        y = x * 2
        z = y * x
    z.backward(nd.array([[10, 1], [.1, .01]]))
    print("head gradient [[10,1],[.1,.01]] -> x.grad =", x.grad)

    mx.random.seed(1)
    a = nd.random.normal(shape=2)
    a.attach_grad()
    with autograd.record():
        b = a * 2
        while b.norm().asscalar() < 1000:
            b = b * 2
        c = b if b.sum().asscalar() >= 0 else 100 * b
    head = nd.array([0.01, 1.0])
    c.backward(head)
    print("control flow: a.grad == c/a*head ->", bool((a.grad == c / a * head).min()))

    v = nd.array([1.0])
    v.attach_grad()
    with autograd.record():
        w = nd.elemwise_add(nd.exp(v), v)
    dv = autograd.grad(w, [v], create_graph=True)[0]
    dv.backward()
    print("d/dv (exp(v)+v) at 1 =", dv.asscalar(), " second derivative =", v.grad.asscalar())
    print("engine:", mx.engine.stats())


if __name__ == "__main__":
    main()
