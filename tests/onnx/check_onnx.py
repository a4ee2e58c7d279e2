#!/usr/bin/env python3
"""Checks NeuralNet's ONNX exports with readers that share no code with it.

For every model given (--mnist and each --case):
  1. onnx.checker.check_model(model, full_check=True) must accept it (schema, operator set, strict shape inference);
  2. OpenCV's DNN module (cv2.dnn.readNetFromONNX) must load it and, on the inputs NeuralNet saw, produce NeuralNet's
     outputs within the tolerance; for --mnist the predicted classes (argmax) must also be identical.
Then, on copies of the MNIST model:
  3. edits by hand that give it a wrong dimension must be rejected by the checker;
  4. a copy with one bias moved by 0.01 must make the OpenCV comparison fail, showing it can.

Inputs and expected outputs are raw float32 little-endian files, one sample after another (samples x features); the
sizes come from the model's own graph input and output.

Prints one line per check and exits 0 when all pass, 1 when any fails, 2 on bad arguments, 3 when a module is missing.
"""

import argparse
import copy
import sys

try:
    import cv2
    import numpy as np
    import onnx
    import onnx.checker
except ImportError as missing:
    print(f"missing python module: {missing.name} (Debian: apt-get install python3-onnx python3-opencv python3-numpy)")
    sys.exit(3)


def fail(message):
    print(f"FAIL: {message}")
    return 1


def feature_sizes(model):
    """Returns (features, outputs): the fixed second dimension of the graph's input and output."""
    dims_in = model.graph.input[0].type.tensor_type.shape.dim
    dims_out = model.graph.output[0].type.tensor_type.shape.dim
    return dims_in[1].dim_value, dims_out[1].dim_value


def read_samples(path, width):
    values = np.fromfile(path, dtype="<f4")
    if width <= 0 or values.size % width != 0:
        raise ValueError(f"{path} holds {values.size} float32 values, not a whole number of samples of {width}")
    return values.reshape(-1, width)


def opencv_outputs(model_bytes, inputs):
    net = cv2.dnn.readNetFromONNX(np.frombuffer(model_bytes, dtype=np.uint8))
    net.setInput(inputs)
    return np.asarray(net.forward(), dtype=np.float32).reshape(inputs.shape[0], -1)


def check_model(name, path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opset = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    ops = " ".join(n.op_type for n in model.graph.node)
    print(f"checker: ok {name}: IR {model.ir_version}, opset {opset}, producer {model.producer_name} "
          f"{model.producer_version}, nodes {ops}")
    return model


def compare(name, model_bytes, inputs, expected, tolerance, compare_classes):
    """Returns (failure message or None, max difference)."""
    actual = opencv_outputs(model_bytes, inputs)
    if actual.shape != expected.shape:
        return f"{name}: OpenCV produced {actual.shape} but NeuralNet {expected.shape}", float("inf")
    difference = float(np.max(np.abs(actual - expected)))
    if compare_classes:
        same = int(np.sum(np.argmax(actual, axis=1) == np.argmax(expected, axis=1)))
        if same != len(expected):
            return f"{name}: argmax identical on only {same} of {len(expected)} samples", difference
    if not difference <= tolerance:
        return f"{name}: max |OpenCV - NeuralNet| = {difference:.3g} > {tolerance:g}", difference
    return None, difference


def tampered_copies(model, classes):
    """Yields (label, edited model): each has a dimension that no longer fits the rest of the graph."""
    # onnx 1.12's Gemm shape inference does not compare the inner (K) dimensions, so each edit changes a dimension
    # that the checker's strict shape inference does follow to the declared output, or the rank Gemm requires.
    last_weights = [t for t in model.graph.initializer if t.name.endswith(".weights")][-1]

    edited = copy.deepcopy(model)
    tensor = next(t for t in edited.graph.initializer if t.name == last_weights.name)
    tensor.dims[0] = classes + 1
    yield f"initializer {last_weights.name} dims {list(last_weights.dims)} -> {list(tensor.dims)}", edited

    edited = copy.deepcopy(model)
    edited.graph.output[0].type.tensor_type.shape.dim[1].dim_value = classes - 1
    yield f"graph output dims [N, {classes}] -> [N, {classes - 1}]", edited

    edited = copy.deepcopy(model)
    edited.graph.input[0].type.tensor_type.shape.dim.add().dim_value = 1
    yield "graph input rank 2 -> 3", edited


def moved_bias(model):
    edited = copy.deepcopy(model)
    biases = [t for t in edited.graph.initializer if t.name.endswith(".biases")][-1]
    values = np.frombuffer(biases.raw_data, dtype="<f4").copy()
    values[0] += 0.01
    biases.raw_data = values.astype("<f4").tobytes()
    return edited


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mnist", nargs=3, metavar=("MODEL", "INPUTS", "EXPECTED"), required=True,
                        help="the MNIST classifier, its raw test images and NeuralNet's probabilities")
    parser.add_argument("--case", nargs=4, action="append", default=[], metavar=("NAME", "MODEL", "INPUTS", "EXPECTED"),
                        help="another exported model (one per activation kind) with inputs and NeuralNet's outputs")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="largest allowed |OpenCV - NeuralNet| (1e-4)")
    args = parser.parse_args()

    print(f"readers: onnx {onnx.__version__} (IR {onnx.IR_VERSION}), opencv {cv2.__version__}, numpy {np.__version__}")
    failures = 0
    cases = [("mnist", *args.mnist)] + [tuple(c) for c in args.case]
    mnist_model = None
    mnist_data = None
    for name, path, inputs_path, expected_path in cases:
        try:
            model = check_model(name, path)
        except Exception as error:  # the checker raises several types; any of them fails the model
            failures += fail(f"checker rejected {name} ({path}): {str(error).splitlines()[0]}")
            continue

        features, outputs = feature_sizes(model)
        inputs = read_samples(inputs_path, features)
        expected = read_samples(expected_path, outputs)
        if len(inputs) != len(expected):
            failures += fail(f"{name}: {len(inputs)} input samples but {len(expected)} expected outputs")
            continue

        is_mnist = name == "mnist"
        problem, difference = compare(name, model.SerializeToString(), inputs, expected, args.tolerance, is_mnist)
        if problem:
            failures += fail(f"opencv {problem}")
            continue
        classes = f"argmax identical on {len(inputs)} of {len(inputs)} samples, " if is_mnist else ""
        print(f"opencv: ok {name}: {len(inputs)} samples of {features} features, {classes}"
              f"max |OpenCV - NeuralNet| = {difference:.3g} <= {args.tolerance:g}")
        if is_mnist:
            mnist_model, mnist_data = model, (inputs, expected, outputs)

    if mnist_model is None:
        return 1

    inputs, expected, classes = mnist_data
    for label, edited in tampered_copies(mnist_model, classes):
        try:
            onnx.checker.check_model(edited, full_check=True)
            failures += fail(f"checker accepted a model with a wrong dimension: {label}")
        except Exception as error:
            print(f"tampered: rejected {label}: {str(error).splitlines()[0]}")

    problem, difference = compare("mnist with a moved bias", moved_bias(mnist_model).SerializeToString(),
                                  inputs, expected, args.tolerance, compare_classes=True)
    if problem is None:
        failures += fail(f"the comparison did not notice a bias moved by 0.01 (max difference {difference:.3g})")
    else:
        print(f"sensitivity: ok, a copy with one bias moved by 0.01 fails the comparison ({problem})")

    if failures:
        print(f"check_onnx: {failures} check(s) failed")
        return 1
    print(f"check_onnx: all checks passed ({len(cases)} models)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
