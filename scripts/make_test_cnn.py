#!/usr/bin/python3
"""Writes a small CNN as ONNX for wattbench-infer's tests and bench configs (Debian's python3-onnx).

usage: make_test_cnn.py OUT.onnx [--perturb] [--size N] [--classes K] [--seed S]

Conv(3x3) -> Relu -> Conv(3x3, stride 2) -> Relu -> GlobalAveragePool -> Flatten -> Gemm -> Softmax,
opset 11, ir_version 7 (what OpenCV 4.6's importer reads; Conv carries kernel_shape explicitly,
which that importer requires). --perturb draws the weights from another seed: the same graph
with different weights, which an output-agreement check must catch. numpy is not needed.
"""
import argparse
import random
import struct

import onnx
from onnx import TensorProto, helper


def weights(rng, n, scale):
    return [rng.uniform(-scale, scale) for _ in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--perturb", action="store_true")
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed + (1000 if a.perturb else 0))
    c1, c2, k = a.channels, a.channels * 2, a.classes

    def init(name, dims, scale):
        n = 1
        for d in dims:
            n *= d
        return helper.make_tensor(name, TensorProto.FLOAT, dims, weights(rng, n, scale))

    inits = [
        init("w1", [c1, 3, 3, 3], 0.3), init("b1", [c1], 0.1),
        init("w2", [c2, c1, 3, 3], 0.1), init("b2", [c2], 0.1),
        init("wf", [k, c2], 0.5), init("bf", [k], 0.1),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "w1", "b1"], ["c1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("GlobalAveragePool", ["r2"], ["gap"]),
        helper.make_node("Flatten", ["gap"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "wf", "bf"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "wattbench_test_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, a.size, a.size])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, k])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="wattbench")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, a.out)


if __name__ == "__main__":
    main()
