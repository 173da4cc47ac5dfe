"""The GluonNLP models of tests/clients/test_gluonnlp.py, built the same way under real
MXNet (tools/golden/clients_gluonnlp.py) and under mxjax: ``build(mx, gluonnlp, case)``
and the parameters ``fill`` draws (NumPy, so both sides get the same values)."""
import re

import numpy as np

# parameters whose gradients are compared (the rest are many megabytes for BERT)
GRAD_PARAMS = {
    "bert": ["bertmodel_word_embed_embedding0_weight",
             "bertencoder_transformer0_dotproductselfattentioncell0_query_bias"],
    "lstm_lm": ["lm_hybridsequential0_embedding0_weight", "lm_lstm0_l0_i2h_weight"],
    "transformer_encoder": ["enc_layernorm0_gamma",
                            "enc_transformer0_positionwiseffn0_ffn_1_weight"],
}


def key(name):
    """A parameter name without the counter of its first automatic prefix
    (``bertmodel0_`` and ``bertmodel1_`` are both ``bertmodel_``)."""
    return re.sub(r"^([a-z]+)\d+_", r"\1_", name)


def params_by_key(net):
    """{key(name): Parameter}."""
    return {key(k): p for k, p in net.collect_params().items()}


def build(mx, nlp, case):
    """(net, inputs, indices of the inputs whose gradient is compared)."""
    rng = np.random.RandomState(0)
    if case == "bert":
        vocab = nlp.Vocab(nlp.data.count_tokens(["a", "b", "c", "d", "e", "f"]))
        net, _ = nlp.model.get_model("bert_12_768_12", dataset_name=None, vocab=vocab,
                                     pretrained=False, use_pooler=True, use_decoder=False,
                                     use_classifier=False, prefix="bert_")
        inputs = [mx.nd.array(rng.randint(0, len(vocab), (2, 8))),
                  mx.nd.array(rng.randint(0, 2, (2, 8))), mx.nd.array([8, 5])]
        return net, inputs, []
    if case == "lstm_lm":
        vocab = nlp.Vocab(nlp.data.count_tokens(list("abcdefghij")))
        net, _ = nlp.model.get_model("standard_lstm_lm_200", dataset_name=None, vocab=vocab,
                                     pretrained=False, prefix="lm_")
        inputs = [mx.nd.array(rng.randint(0, len(vocab), (7, 2))),
                  net.begin_state(batch_size=2, func=mx.nd.zeros)]
        return net, inputs, []
    from gluonnlp.model.transformer import TransformerEncoder
    net = TransformerEncoder(num_layers=2, units=32, hidden_size=64, num_heads=4,
                             max_length=20, prefix="enc_")
    inputs = [mx.nd.array(rng.uniform(-1, 1, (2, 7, 32))), None, mx.nd.array([7, 4])]
    return net, inputs, [0]


def fill(mx, net):
    """Set every parameter from a seeded NumPy generator, in the sorted order of their
    ``key``s; returns the keys."""
    rng = np.random.RandomState(42)
    params = params_by_key(net)
    for name in sorted(params):
        p = params[name]
        shape = p.shape
        if name.endswith(("gamma", "running_var")):
            value = 1 + 0.1 * rng.standard_normal(shape)
        elif name.endswith(("beta", "bias", "running_mean")):
            value = 0.1 * rng.standard_normal(shape)
        else:
            value = 0.05 * rng.standard_normal(shape)
        p.set_data(mx.nd.array(value.astype(np.float32)))
    return sorted(params)
