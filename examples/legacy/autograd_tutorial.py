"""MXNet 1.x autograd tutorial: attach_grad, record, backward, head gradients,
control flow, grad_req='add', autograd.grad, a custom Function and higher-order
gradients. Deterministic: every input is a fixed array."""
import mxnet as mx
from mxnet import nd, autograd

mx.random.seed(1)

# --- basics: y = 2 x^2, dy/dx = 4x ---------------------------------------
x = nd.array([[1, 2], [3, 4]])
x.attach_grad()
with autograd.record():
    y = 2 * x * x
print("is_recording outside record():", autograd.is_recording())
y.backward()
print("x.grad:")
print(x.grad)

# --- head gradients: backward(dy) computes dy * dy/dx ----------------------
with autograd.record():
    y = 2 * x * x
head_gradient = nd.array([[10, 1.], [.1, .01]])
y.backward(head_gradient)
print("x.grad with head gradient:")
print(x.grad)


# --- Python control flow is recorded as it runs -----------------------------
def f(a):
    b = a * 2
    while b.norm().asscalar() < 1000:
        b = b * 2
    if b.sum().asscalar() >= 0:
        c = b[0]
    else:
        c = b[1]
    return c


a = nd.array([0.3, -1.2])
a.attach_grad()
with autograd.record():
    c = f(a)
c.backward()
print("control flow: c =", c.asscalar(), "a.grad =", a.grad.asnumpy().tolist())

# --- gradients accumulate with grad_req='add' -------------------------------
w = nd.array([1.0, 2.0, 3.0])
w.attach_grad(grad_req='add')
for step in range(3):
    with autograd.record():
        loss = (w * w).sum()
    loss.backward()
    print("step", step, "accumulated grad", w.grad.asnumpy().tolist())

# --- train_mode / predict_mode and pause -------------------------------------
with autograd.record():
    print("in record(): recording", autograd.is_recording(), "training", autograd.is_training())
    with autograd.pause():
        print("in pause(): recording", autograd.is_recording(), "training", autograd.is_training())
with autograd.record(train_mode=False):
    print("record(train_mode=False): training", autograd.is_training())
with autograd.train_mode():
    print("train_mode(): training", autograd.is_training())
with autograd.predict_mode():
    print("predict_mode(): training", autograd.is_training())

# --- autograd.grad returns gradients instead of writing x.grad --------------
x = nd.array([0.5, 1.0, 2.0])
x.attach_grad()
with autograd.record():
    y = nd.exp(x) * x
dx = autograd.grad(y, [x])[0]
print("d/dx x*exp(x):", dx.asnumpy().tolist())


# --- a custom Function: sigmoid with its own backward ------------------------
class sigmoid(autograd.Function):
    def forward(self, x):
        y = 1 / (1 + nd.exp(-x))
        self.save_for_backward(y)
        return y

    def backward(self, dy):
        y, = self.saved_tensors
        return dy * y * (1 - y)


x = nd.array([-2.0, 0.0, 1.0, 3.0])
x.attach_grad()
func = sigmoid()
with autograd.record():
    m = func(x)
    m.backward()
print("custom sigmoid:", m.asnumpy().tolist())
print("custom sigmoid grad:", x.grad.asnumpy().tolist())

# --- higher-order gradients: d2/dx2 sin(x) = -sin(x) -------------------------
x = nd.array([0.0, 0.5, 1.0, 2.0])
x.attach_grad()
with autograd.record():
    y = nd.sin(x)
    dy_dx = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]
dy_dx.backward()
print("first derivative (cos x):", dy_dx.asnumpy().tolist())
print("second derivative (-sin x):", x.grad.asnumpy().tolist())
