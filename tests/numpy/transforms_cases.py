"""Cases shared by tools/golden/numpy_transforms.py (MXNet 1.9.1 under npx.set_np()) and
tests/numpy/test_transforms_np.py (mxjax): each case is a transform expression over
``T`` (``gluon.data.vision.transforms``) and the name of the input image it is applied to.
"""
import numpy as onp


def images():
    """The input images (NumPy arrays), by name."""
    rs = onp.random.RandomState(0)
    return {"u8": rs.randint(0, 256, size=(8, 10, 3)).astype("uint8"),
            "u8b": rs.randint(0, 256, size=(2, 8, 10, 3)).astype("uint8"),
            "f32chw": rs.uniform(0, 1, size=(3, 8, 10)).astype("float32"),
            "f32nchw": rs.uniform(0, 1, size=(2, 3, 8, 10)).astype("float32"),
            "f32hwc": rs.uniform(0, 255, size=(8, 10, 3)).astype("float32")}


# deterministic: values compared (the colour transforms with amount 0: factor exactly 1;
# not RandomHue(0): MXNet shifts the hue in HLS, mxjax rotates it in YIQ, both near the
# identity but not equal; not RandomColorJitter(0, 0, 0, 0): MXNet's output is then never
# written, zeros)
CASES = [
    ("cast_f16", "T.Cast('float16')", "u8"),
    ("to_tensor", "T.ToTensor()", "u8"),
    ("to_tensor_batch", "T.ToTensor()", "u8b"),
    ("normalize", "T.Normalize((0.1, 0.2, 0.3), (0.5, 0.6, 0.7))", "f32chw"),
    ("normalize_batch", "T.Normalize(0.5, 0.25)", "f32nchw"),
    ("resize", "T.Resize((5, 4))", "u8"),
    ("resize_keep_ratio", "T.Resize(6, keep_ratio=True)", "u8"),
    ("resize_nearest_f32", "T.Resize((7, 5), interpolation=0)", "f32hwc"),
    ("resize_batch", "T.Resize((5, 4))", "u8b"),
    ("center_crop", "T.CenterCrop((4, 6))", "u8"),
    ("center_crop_up", "T.CenterCrop(12)", "u8"),
    ("brightness0", "T.RandomBrightness(0)", "u8"),
    ("contrast0", "T.RandomContrast(0)", "u8"),
    ("saturation0", "T.RandomSaturation(0)", "u8"),
    ("lighting0", "T.RandomLighting(0)", "f32hwc"),
    ("compose", "T.Compose([T.Resize(6), T.CenterCrop(4), T.ToTensor(), "
                "T.Normalize(0.5, 0.2)])", "u8"),
    ("random_apply_p1", "T.RandomApply(T.Cast('float32'), p=1.0)", "u8"),
]
# random: output class, dtype and shape compared
RANDOM_CASES = [
    ("random_resized_crop", "T.RandomResizedCrop((4, 4))", "u8"),
    ("flip_lr", "T.RandomFlipLeftRight()", "u8"),
    ("flip_tb", "T.RandomFlipTopBottom()", "u8"),
    ("brightness", "T.RandomBrightness(0.5)", "u8"),
    ("contrast", "T.RandomContrast(0.5)", "u8"),
    ("saturation", "T.RandomSaturation(0.5)", "u8"),
    ("hue", "T.RandomHue(0.5)", "u8"),
    ("color_jitter", "T.RandomColorJitter(0.3, 0.3, 0.3, 0.1)", "u8"),
    ("lighting", "T.RandomLighting(0.1)", "f32hwc"),
    ("flip_compose", "T.Compose([T.RandomFlipLeftRight(), T.ToTensor()])", "u8"),
]
# DataLoader(ArrayDataset(images, labels).transform_first(LOADER_TRANSFORM)) in these modes
LOADER_TRANSFORM = "T.Compose([T.ToTensor(), T.Normalize((0.4, 0.5, 0.6), (0.2, 0.25, 0.3))])"
LOADER_MODES = [(0, False), (2, False), (2, True)]  # (num_workers, thread_pool)


def loader_data():
    """Six uint8 HWC images and int32 labels."""
    x = images()["u8b"]
    return (onp.concatenate([x, x[:, ::-1], x[:, :, ::-1]]),
            onp.arange(6, dtype="int32"))


def kind(x):
    """``'mx.numpy.ndarray'`` / ``'mx.ndarray.NDArray'`` for either library's arrays."""
    parts = type(x).__module__.split(".")
    return "mx.%s.%s" % (parts[1] if len(parts) > 1 else parts[0], type(x).__name__)
