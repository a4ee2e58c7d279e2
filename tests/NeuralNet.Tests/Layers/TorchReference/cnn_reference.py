"""PyTorch's forward and backward of the small CNN of CnnTorchComparisonTests, on the weights and inputs the test wrote.

Usage: python3 cnn_reference.py <folder>. Reads <folder>/*.bin (float32, little-endian, PyTorch's layouts) and
meta.txt, writes <folder>/torch_*.bin: the training-mode probabilities, the mean cross-entropy, every parameter's
gradient, the input gradient, the running statistics after the step, and the eval-mode probabilities.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def main():
    folder = sys.argv[1]
    meta = dict(line.split("=") for line in open(os.path.join(folder, "meta.txt")).read().split())
    m, c, h, w = (int(meta[k]) for k in ("m", "c", "h", "w"))
    filters, kernel, padding, classes = (int(meta[k]) for k in ("filters", "kernel", "padding", "classes"))

    def read(name, shape):
        return torch.from_numpy(np.fromfile(os.path.join(folder, name + ".bin"), dtype="<f4").reshape(shape).copy())

    conv = nn.Conv2d(c, filters, kernel, padding=padding)
    pool = nn.MaxPool2d(2)
    norm = nn.BatchNorm2d(filters)  # momentum 0.1, eps 1e-5
    pooled = filters * ((h + 2 * padding - kernel + 1) // 2) * ((w + 2 * padding - kernel + 1) // 2)
    dense = nn.Linear(pooled, classes)
    with torch.no_grad():
        conv.weight.copy_(read("conv_weight", conv.weight.shape))
        conv.bias.copy_(read("conv_bias", conv.bias.shape))
        norm.weight.copy_(read("norm_gamma", norm.weight.shape))
        norm.bias.copy_(read("norm_beta", norm.bias.shape))
        dense.weight.copy_(read("dense_weight", dense.weight.shape))
        dense.bias.copy_(read("dense_bias", dense.bias.shape))
    model = nn.Sequential(conv, nn.ReLU(), pool, norm, nn.Flatten(), dense)

    x = read("input", (m, c, h, w)).requires_grad_(True)
    labels = torch.from_numpy(np.fromfile(os.path.join(folder, "labels.bin"), dtype="<i4").astype(np.int64))
    model.train()
    logits = model(x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()

    def write(name, tensor):
        tensor.detach().numpy().astype("<f4").tofile(os.path.join(folder, "torch_" + name + ".bin"))

    write("probabilities", F.softmax(logits, dim=1))
    write("loss", loss.reshape(1))
    write("conv_weight_grad", conv.weight.grad)
    write("conv_bias_grad", conv.bias.grad)
    write("norm_gamma_grad", norm.weight.grad)
    write("norm_beta_grad", norm.bias.grad)
    write("dense_weight_grad", dense.weight.grad)
    write("dense_bias_grad", dense.bias.grad)
    write("input_grad", x.grad)
    write("running_mean", norm.running_mean)
    write("running_var", norm.running_var)
    model.eval()
    with torch.no_grad():
        write("eval_probabilities", F.softmax(model(x), dim=1))


if __name__ == "__main__":
    main()
