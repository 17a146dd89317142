"""Generate the tiny ONNX models the runner tests use (run from this folder).

    ../../../../models/train/.venv/bin/python gen_models.py

Each model maps token ids to logits [batch, seq, 5] with random fixed weights:
  local.onnx   input_ids, attention_mask, token_type_ids (int64, dynamic):
               two width-3 convolutions over masked embeddings, so a token's
               logits depend on its two neighbours either side and nothing
               else; padding is masked to zero before each convolution.
               Windowed runs with stride >= 4 must match a single run.
  global.onnx  input_ids, attention_mask (int64, dynamic): a token's logits
               also depend on the masked mean over the whole sequence, so
               padding that leaks into the result shows up.
  fixed.onnx   input_ids, attention_mask (int32, fixed shape [2, 16]), output
               named "scores" (not "logits").
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

V, D, L = 100, 8, 5
rng = np.random.default_rng(7)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr, dtype=np.float32), name)


def masked_embeddings(nodes, inits, with_types, id_type):
    inits += [init("E", rng.normal(size=(V, D))), init("T", rng.normal(size=(2, D)))]
    ids = "input_ids"
    if id_type == TensorProto.INT32:
        nodes.append(helper.make_node("Cast", ["input_ids"], ["ids64"], to=TensorProto.INT64))
        nodes.append(helper.make_node("Cast", ["attention_mask"], ["mask64"], to=TensorProto.INT64))
        ids, mask = "ids64", "mask64"
    else:
        mask = "attention_mask"
    nodes.append(helper.make_node("Gather", ["E", ids], ["emb0"]))
    if with_types:
        nodes.append(helper.make_node("Gather", ["T", "token_type_ids"], ["temb"]))
        nodes.append(helper.make_node("Add", ["emb0", "temb"], ["emb1"]))
    else:
        nodes.append(helper.make_node("Identity", ["emb0"], ["emb1"]))
    nodes.append(helper.make_node("Cast", [mask], ["maskf"], to=TensorProto.FLOAT))
    nodes.append(helper.make_node("Unsqueeze", ["maskf", "axis2"], ["mask3"]))  # [B,S,1]
    inits.append(numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"))
    nodes.append(helper.make_node("Mul", ["emb1", "mask3"], ["emb"]))
    return "emb", "mask3"


def conv(nodes, inits, x, mask3, name):
    # x: [B,S,D] -> transpose [B,D,S] -> Conv k=3 pad 1 -> relu -> back, masked.
    inits += [init(name + "_w", rng.normal(size=(D, D, 3)) / np.sqrt(3 * D)), init(name + "_b", rng.normal(size=(D,)) * 0.1)]
    nodes.append(helper.make_node("Transpose", [x], [name + "_t"], perm=[0, 2, 1]))
    nodes.append(helper.make_node("Conv", [name + "_t", name + "_w", name + "_b"], [name + "_c"], pads=[1, 1], kernel_shape=[3]))
    nodes.append(helper.make_node("Relu", [name + "_c"], [name + "_r"]))
    nodes.append(helper.make_node("Transpose", [name + "_r"], [name + "_u"], perm=[0, 2, 1]))
    nodes.append(helper.make_node("Mul", [name + "_u", mask3], [name + "_out"]))
    return name + "_out"


def head(nodes, inits, x, out_name):
    inits += [init("Wo", rng.normal(size=(D, L))), init("bo", rng.normal(size=(L,)) * 0.1)]
    nodes.append(helper.make_node("MatMul", [x, "Wo"], ["proj"]))
    nodes.append(helper.make_node("Add", ["proj", "bo"], [out_name]))


def model(name, inputs, with_types, id_type, dims, out_name, global_mean):
    nodes, inits = [], []
    x, mask3 = masked_embeddings(nodes, inits, with_types, id_type)
    h = conv(nodes, inits, x, mask3, "c1")
    nodes.append(helper.make_node("Add", [h, x], ["res1"]))  # keep the token's own embedding
    h = conv(nodes, inits, "res1", mask3, "c2")
    if global_mean:
        # mean over real tokens: sum(h) / sum(mask), broadcast back.
        inits.append(numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"))
        nodes.append(helper.make_node("ReduceSum", [h, "axis1"], ["hsum"], keepdims=1))
        nodes.append(helper.make_node("ReduceSum", [mask3, "axis1"], ["msum"], keepdims=1))
        nodes.append(helper.make_node("Div", ["hsum", "msum"], ["hmean"]))
        nodes.append(helper.make_node("Add", [h, "hmean"], ["hg"]))
        h = "hg"
    head(nodes, inits, h, out_name)
    ins = [helper.make_tensor_value_info(n, id_type, dims) for n in inputs]
    outs = [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, dims + [L])]
    graph = helper.make_graph(nodes, name, ins, outs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="khabar-runner-tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, name + ".onnx")


model("local", ["input_ids", "attention_mask", "token_type_ids"], True, TensorProto.INT64, ["batch", "seq"], "logits", False)
model("global", ["input_ids", "attention_mask"], False, TensorProto.INT64, ["batch", "seq"], "logits", True)
model("fixed", ["input_ids", "attention_mask"], False, TensorProto.INT32, [2, 16], "scores", False)
