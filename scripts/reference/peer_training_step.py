#!/usr/bin/env python3
"""The peer's training step on the batches this project trained on (PeerTrainingStepParityTest; not CI).

Needs sentence-transformers and torch (pip). Reads a JSON case (argv[1]): start (an HF model directory of the start
model), trained (this project's export after the steps), steps, warmup, total, peak (the learning-rate schedule of
WarmupLinearDecaySchedule: peak*(t+1)/warmup for t < warmup, then peak*(total-t)/(total-warmup)), weight_decay,
max_grad_norm, scale (CoSENT: 1/tau), max_length, pairs [[text1, text2, score], ...] (batches of batch_size in order).
Runs the same steps with sentence-transformers' own pieces, in float64 with dropout off: CoSENTLoss, the optimizer
SentenceTransformerTrainer.create_optimizer builds (AdamW; its parameter groups leave biases and LayerNorm weights
undecayed), torch.nn.utils.clip_grad_norm_. Writes JSON (argv[2]): per step loss, gradient norm and learning rate, and
per tensor the largest difference between the two trained models' weights, the largest movement of the peer's weights
from the start, and the float32 rounding bound (the export stores float32).
"""
import json
import sys

import torch
from datasets import Dataset
from safetensors.torch import load_file
from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer, SentenceTransformerTrainingArguments
from sentence_transformers.sentence_transformer.losses import CoSENTLoss

case = json.load(open(sys.argv[1]))
steps, warmup, total, peak, bs = case["steps"], case["warmup"], case["total"], case["peak"], case["batch_size"]
model = SentenceTransformer(case["start"], device="cpu")
model.max_seq_length = case["max_length"]
model = model.double()
model.eval()  # dropout off; gradients still flow
pairs = case["pairs"]
loss_fn = CoSENTLoss(model, scale=case["scale"])
dataset = Dataset.from_dict({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs], "score": [p[2] for p in pairs]})
args = SentenceTransformerTrainingArguments(output_dir="/tmp/peer-training-step", learning_rate=peak,
                                            weight_decay=case["weight_decay"], max_grad_norm=case["max_grad_norm"],
                                            per_device_train_batch_size=bs, report_to="none")
optimizer = SentenceTransformerTrainer(model=model, args=args, train_dataset=dataset, loss=loss_fn).create_optimizer()
schedule = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda t: (t + 1) / warmup if t < warmup else max(0.0, (total - t) / (total - warmup)))
encoder = model[0].auto_model
start = {k: v.detach().clone() for k, v in encoder.state_dict().items()}
records = []
for t in range(steps):
    batch = pairs[bs * t: bs * (t + 1)]
    features = [model.tokenize([p[0] for p in batch]), model.tokenize([p[1] for p in batch])]
    optimizer.zero_grad()
    loss = loss_fn(features, torch.tensor([p[2] for p in batch], dtype=torch.float64))
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), case["max_grad_norm"])
    records.append({"loss": loss.item(), "norm": norm.item(), "lr": optimizer.param_groups[0]["lr"]})
    optimizer.step()
    schedule.step()
trained = load_file(case["trained"] + "/model.safetensors")
tensors = {}
for name, peer in encoder.state_dict().items():
    if name not in trained:
        continue  # the BERT pooler: not part of the embedding, not exported
    ours = trained[name].double()
    rounding = (torch.finfo(torch.float32).eps * peer.abs().max()).item()  # 2 x half an ulp of the largest weight
    tensors[name] = {"maxDiff": (peer - ours).abs().max().item(), "maxMoved": (peer - start[name]).abs().max().item(),
                     "rounding": rounding}
json.dump({"steps": records, "tensors": tensors, "torch": torch.__version__}, open(sys.argv[2], "w"))
