#!/usr/bin/python3
"""Writes a ResNet-50-shaped ONNX model (random weights) for wattbench-infer's CPU bench config.

usage: make_resnet50_onnx.py OUT.onnx [--seed S] [--size 224]

The ResNet-50 v1 layout (He et al. 2015, table 1): a 7x7/2 stem, 3x3/2 max pool, bottleneck
stages of 3, 4, 6 and 3 blocks (64, 128, 256, 512 wide, 4x expansion, stride 2 at each stage's
first block with a 1x1/2 projection), global average pool, a 1000-way Gemm and Softmax; about
25.6 M parameters, 4.1 GMAC at 224x224. The weights are random (He-scaled, seeded), so the FPS is
ResNet-50's and the answers are not: the model measures speed and output agreement between
runtimes, not accuracy on ImageNet. Opset 11, ir_version 7, kernel_shape on every Conv (what
OpenCV 4.6's importer needs). Needs Debian's python3-onnx (and its numpy).
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=50)
    ap.add_argument("--size", type=int, default=224)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    nodes, inits = [], []
    counter = [0]

    def name(prefix):
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def conv(x, cin, cout, k, stride=1, relu=True):
        w, b, y = name("w"), name("b"), name("conv")
        inits.append(numpy_helper.from_array((rng.standard_normal((cout, cin, k, k)) * np.sqrt(2.0 / (cin * k * k))).astype(np.float32), w))
        inits.append(numpy_helper.from_array(np.zeros(cout, np.float32), b))
        p = k // 2
        nodes.append(helper.make_node("Conv", [x, w, b], [y], kernel_shape=[k, k], strides=[stride, stride], pads=[p, p, p, p]))
        if not relu:
            return y
        r = name("relu")
        nodes.append(helper.make_node("Relu", [y], [r]))
        return r

    x = conv("input", 3, 64, 7, 2)
    mp = name("pool")
    nodes.append(helper.make_node("MaxPool", [x], [mp], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    x, cin = mp, 64
    for width, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
        for i in range(blocks):
            s = stride if i == 0 else 1
            y = conv(x, cin, width, 1)
            y = conv(y, width, width, 3, s)
            y = conv(y, width, width * 4, 1, relu=False)
            shortcut = conv(x, cin, width * 4, 1, s, relu=False) if (s != 1 or cin != width * 4) else x
            add, r = name("add"), name("relu")
            nodes.append(helper.make_node("Add", [y, shortcut], [add]))
            nodes.append(helper.make_node("Relu", [add], [r]))
            x, cin = r, width * 4
    gap, flat = name("gap"), name("flat")
    nodes.append(helper.make_node("GlobalAveragePool", [x], [gap]))
    nodes.append(helper.make_node("Flatten", [gap], [flat], axis=1))
    inits.append(numpy_helper.from_array((rng.standard_normal((1000, 2048)) * 0.01).astype(np.float32), "fc_w"))
    inits.append(numpy_helper.from_array(np.zeros(1000, np.float32), "fc_b"))
    nodes.append(helper.make_node("Gemm", [flat, "fc_w", "fc_b"], ["logits"], transB=1))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probs"], axis=1))
    graph = helper.make_graph(nodes, "resnet50_shaped",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, a.size, a.size])],
                              [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 1000])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="wattbench")
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, a.out)


if __name__ == "__main__":
    main()
