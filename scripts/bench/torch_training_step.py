#!/usr/bin/python3
"""PyTorch baseline for scripts/bench/training_step_throughput.sh: one training step (forward, improved contrastive
loss, backward, clip to global norm 1, AdamW) of the all-MiniLM-L6-v2 shape (BERT, 6 post-LN layers, hidden 384,
12 heads, intermediate 1536, vocab 30522, GELU, dropout 0.1, mean pooling), float32, on the CPU, with the same
random batches as the DL4J benchmark (all rows of full length L). Run with Debian's /usr/bin/python3 + python3-torch.

Usage: torch_training_step.py L batch steps [threads]
Prints: RESULT impl=torch mode=plain L=.. batch=.. secondsPerStep=.. pairsPerSecond=.. cpuSecondsPerStep=.. (process CPU time)
"""
import sys
import time

import torch
import torch.nn as nn


class Bert(nn.Module):
    def __init__(self, vocab=30522, hidden=384, layers=6, heads=12, intermediate=1536, max_pos=512, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_pos, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(dropout)
        layer = nn.TransformerEncoderLayer(hidden, heads, intermediate, dropout, activation="gelu", batch_first=True,
                                           norm_first=False, layer_norm_eps=1e-12)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)

    def forward(self, ids, mask):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.word(ids) + self.position(pos) + self.token_type(torch.zeros_like(ids))
        x = self.dropout(self.norm(x))
        x = self.encoder(x, src_key_padding_mask=(mask == 0))
        m = mask.unsqueeze(-1).to(x.dtype)
        return (x * m).sum(1) / m.sum(1)


def improved_contrastive_loss(q, d, tau=0.01):
    q = nn.functional.normalize(q, dim=-1)
    d = nn.functional.normalize(d, dim=-1)
    n = q.shape[0]
    eye = torch.eye(n, dtype=torch.bool)
    qd = q @ d.T / tau
    qq = (q @ q.T / tau).masked_fill(eye, float("-inf"))
    dq = d @ q.T / tau
    dd = (d @ d.T / tau).masked_fill(eye, float("-inf"))
    z = torch.logsumexp(torch.cat([qd, qq, dq, dd], dim=1), dim=1)
    return (z - qd.diagonal()).mean()


def main():
    seq_len, n, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Bert()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
    gen = torch.Generator().manual_seed(5)
    start = None
    loss = None
    for s in range(steps + 1):
        if s == 1:
            start = time.perf_counter()
            cpu_start = time.process_time()
        ids = torch.randint(1, 30522, (2 * n, seq_len), generator=gen)
        ids[:, 0] = 101
        mask = torch.ones(2 * n, seq_len, dtype=torch.long)
        emb = model(ids, mask)
        loss = improved_contrastive_loss(emb[:n], emb[n:])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print("RESULT impl=torch mode=plain L=%d batch=%d threads=%d torch=%s steps=%d secondsPerStep=%.3f pairsPerSecond=%.2f "
          "cpuSecondsPerStep=%.3f loss=%.4f"
          % (seq_len, n, torch.get_num_threads(), torch.__version__, steps, seconds / steps, n * steps / seconds,
             cpu_seconds / steps, loss.item()))


if __name__ == "__main__":
    main()
