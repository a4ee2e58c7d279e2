"""The PyTorch side of the CNN comparison (compare.py --cnn): the same CNN, data, hyperparameters and timings as
NeuralNetSide's CNN mode.

The CNN: conv 5x5x32 (pad 2), ReLU, max-pool 2, conv 5x5x64 (pad 2), ReLU, max-pool 2, dense 128 (ReLU), dense 10,
softmax + cross-entropy, Adam 1e-3, batch 64.

Usage: python3 torch_cnn.py <mnist-dir> [epochs] [seed] [threads] [max-batches]; prints one JSON object.
threads 0 tries 1 and 2 torch threads on the first 200 batches and trains with the faster (PyTorch's best setting
here); max-batches > 0 times only that many batches of the first epoch and skips the test accuracy.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from torch_side import read_idx


def load(directory):
    train_x = read_idx(f"{directory}/train-images-idx3-ubyte", 0x803, 16).reshape(-1, 1, 28, 28)
    train_y = read_idx(f"{directory}/train-labels-idx1-ubyte", 0x801, 8)
    test_x = read_idx(f"{directory}/t10k-images-idx3-ubyte", 0x803, 16).reshape(-1, 1, 28, 28)
    test_y = read_idx(f"{directory}/t10k-labels-idx1-ubyte", 0x801, 8)
    return (
        torch.from_numpy(train_x.astype(np.float32) / 255.0),
        torch.from_numpy(train_y.astype(np.int64)),
        torch.from_numpy(test_x.astype(np.float32) / 255.0),
        torch.from_numpy(test_y.astype(np.int64)),
    )


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def train(model, data, epochs, batch, max_batches):
    train_x, train_y = data[0], data[1]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = train_x.shape[0]
    samples = 0
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n)
        for i in range(0, n, batch):
            if max_batches and samples >= max_batches * batch:
                break
            idx = order[i:i + batch]
            loss = F.cross_entropy(model(train_x[idx]), train_y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            samples += idx.shape[0]
    return samples / (time.perf_counter() - start)


def main():
    directory = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    max_batches = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    data = load(directory)
    tried = {}
    if threads == 0:
        for t in (1, 2):
            torch.set_num_threads(t)
            torch.manual_seed(seed)
            tried[t] = train(cnn(), data, 1, 64, 200)
        threads = max(tried, key=tried.get)
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    model = cnn()
    results = {"backend": f"torch {torch.__version__}, {threads} thread(s)"
               + (", probed " + ", ".join(f"{t}: {s:.0f}/s" for t, s in tried.items()) if tried else "")}
    results["cnn_train_samples_per_s"] = train(model, data, epochs, 64, max_batches)
    if not max_batches:
        with torch.no_grad():
            predicted = torch.cat([model(data[2][i:i + 1000]).argmax(dim=1) for i in range(0, data[2].shape[0], 1000)])
        results["cnn_test_accuracy"] = (predicted == data[3]).float().mean().item()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
