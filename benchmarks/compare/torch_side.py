"""The PyTorch side of run.sh: the same MLPs, data, hyperparameters and timings as NeuralNetSide.

Usage: python3 torch_side.py <mnist-dir> [epochs] [seed]; prints one JSON object.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# One torch thread is PyTorch's best setting on a 2-core machine: with 2, torch's OpenMP threads and the BLAS's own
# threads oversubscribe the cores and training runs several times slower.
torch.set_num_threads(1)


def read_idx(path, magic, header):
    with open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        raise ValueError(f"{path}: expected IDX magic 0x{magic:08X} but found 0x{found:08X}")
    return np.frombuffer(data, dtype=np.uint8, offset=header)


def load(directory):
    train_x = read_idx(f"{directory}/train-images-idx3-ubyte", 0x803, 16).reshape(-1, 784)
    train_y = read_idx(f"{directory}/train-labels-idx1-ubyte", 0x801, 8)
    test_x = read_idx(f"{directory}/t10k-images-idx3-ubyte", 0x803, 16).reshape(-1, 784)
    test_y = read_idx(f"{directory}/t10k-labels-idx1-ubyte", 0x801, 8)
    return (
        torch.from_numpy(train_x.astype(np.float32) / 255.0),
        torch.from_numpy(train_y.astype(np.int64)),
        torch.from_numpy(test_x.astype(np.float32)),  # raw pixels, scaled inside predict as NeuralNet does
        torch.from_numpy(test_y.astype(np.int64)),
    )


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def predict(model, raw):
    with torch.no_grad():
        return model(raw * (1.0 / 255.0)).argmax(dim=1)


def train(results, name, sizes, batch, optimizer, lr, data, epochs):
    train_x, train_y, test_x, test_y = data
    model = mlp(sizes)
    opt = torch.optim.SGD(model.parameters(), lr=lr) if optimizer == "sgd" else torch.optim.Adam(model.parameters(), lr=lr)
    n = train_x.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            loss = F.cross_entropy(model(train_x[idx]), train_y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - start
    accuracy = (predict(model, test_x) == test_y).float().mean().item()
    results[f"{name}_train_samples_per_s"] = epochs * n / seconds
    results[f"{name}_test_accuracy"] = accuracy
    return model


def main():
    directory = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    torch.manual_seed(seed)
    data = load(directory)
    results = {"backend": f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"}
    small = train(results, "mlp1", [784, 128, 10], 64, "sgd", 0.1, data, epochs)
    train(results, "mlp2", [784, 256, 256, 10], 128, "adam", 1e-3, data, epochs)

    test_x = data[2]
    samples = [test_x[j:j + 1].clone() for j in range(2000)]
    sink = 0
    # The same warm-up as the .NET sides: at least 5,000 calls and one second.
    warm_up = time.perf_counter()
    j = 0
    while j < 5000 or time.perf_counter() - warm_up < 1:
        s = samples[j % len(samples)]
        sink += int(predict(small, s)[0])
        j += 1
    start = time.perf_counter()
    for _ in range(5):
        for s in samples:
            sink += int(predict(small, s)[0])
    results["single_latency_us"] = (time.perf_counter() - start) / (5 * len(samples)) * 1e6

    predict(small, test_x)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        predict(small, test_x)
        best = min(best, time.perf_counter() - start)
    results["batch10k_samples_per_s"] = test_x.shape[0] / best
    results["sink"] = sink % 7
    print(json.dumps(results))


if __name__ == "__main__":
    main()
