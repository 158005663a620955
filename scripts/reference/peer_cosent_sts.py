#!/usr/bin/env python3
"""The peer library on the same work as conf/finetune-sts.conf: CoSENT on STS Benchmark train (reference, not CI).

  peer_cosent_sts.py --start START_DIR --output DIR [--train ../shared/data/stsb/sts-train.csv] [--epochs 1]
                     [--batch-size 16] [--max-length 128] [--learning-rate 2e-5] [--warmup-ratio 0.1]
                     [--weight-decay 0.01] [--scale 20] [--seed 43] [--score-min 0] [--score-max 5]
                     [--pairs NAME=JSONL ...]

Fine-tunes the start model (a sentence-transformers directory: `scripts/gte export --model all-minilm-l6-v2
--output START_DIR` writes the same weights this project starts from, as for scripts/reference/peer_adapt_domain.py)
with sentence-transformers' CoSENTLoss (scale = 1/tau) on the STS Benchmark train pairs, saves it to DIR as a
sentence-transformers directory and prints how to evaluate it with this project's evaluator:
  scripts/gte eval --model DIR --sets stsb-dev=sts:../shared/data/stsb/sts-dev.csv

Same work as conf/prepare-corpus-sts.conf + conf/finetune-sts.conf: the same pairs (TAB-split lines, no quoting,
sentence1 = field 5, sentence2 = field 6, gold score = field 4, kept when within score-min..score-max, as
prepare-corpus's score-min/score-max; the raw 0..5 scores, since CoSENT only uses their order), one epoch, batch 16
without duplicate texts in a batch and without the last partial batch (prepare-corpus batches the same way), max
length 128, AdamW with learning rate 2e-5, weight decay 0.01, linear warm-up over 10% of the steps then linear decay,
gradient-norm clipping at 1.0, scale 20 (tau 0.05). What differs: the order of the batches (each side shuffles with
its own generator), the text cleaning of prepare-corpus (white space, HTML entities) and the one-batch-per-step
schedule of this project's parameter averaging with one worker, which equals the peer's single process.

With --pairs (the peer of conf/finetune-sts-nli.conf, train.loss = infonce + train.scored-loss = cosent): multi-task
training, sentence-transformers' multi-dataset trainer with one loss per dataset, CoSENTLoss on the STS pairs and
MultipleNegativesRankingLoss (same scale) on each unscored pairs file (JSON lines {"query": str, "pos": [str, ...]},
one pair per positive, as prepare-corpus reads them), every batch from one dataset (PROPORTIONAL: each dataset's
batches once, in a seeded random interleaving, as prepare-corpus with alpha = 1 and every pair kept).
Needs sentence-transformers (6.0.1), torch and `datasets` (pip). CPU only.
"""
import argparse
import json
import math
import random
import sys
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--start", required=True, help="sentence-transformers directory of the start model")
parser.add_argument("--output", required=True, help="where the fine-tuned model is saved")
parser.add_argument("--train", default="../shared/data/stsb/sts-train.csv", help="STS Benchmark train file")
parser.add_argument("--epochs", type=float, default=1.0)
parser.add_argument("--batch-size", type=int, default=16)
parser.add_argument("--max-length", type=int, default=128)
parser.add_argument("--learning-rate", type=float, default=2e-5)
parser.add_argument("--warmup-ratio", type=float, default=0.1)
parser.add_argument("--weight-decay", type=float, default=0.01)
parser.add_argument("--scale", type=float, default=20.0, help="1/tau (CoSENTLoss's default 20 = tau 0.05)")
parser.add_argument("--seed", type=int, default=43)
parser.add_argument("--score-min", type=float, default=0.0)
parser.add_argument("--score-max", type=float, default=5.0)
parser.add_argument("--pairs", action="append", default=[], metavar="NAME=JSONL",
                    help="unscored pairs trained with MultipleNegativesRankingLoss beside the STS pairs (.jsonl[.gz])")


def read_pairs(path):
    """(query, positive) of every line, one per positive; the count of lines without a usable pair."""
    import gzip
    opener = gzip.open if path.endswith(".gz") else open
    rows, dropped = [], 0
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                o = json.loads(line)
            except ValueError:
                dropped += 1
                continue
            q = (o.get("query") or "").strip()
            pos = o.get("pos") or []
            pos = [pos] if isinstance(pos, str) else pos
            kept = [(q, p.strip()) for p in pos if isinstance(p, str) and p.strip() and q]
            if not kept:
                dropped += 1
            rows.extend(kept)
    return rows, dropped


def read_sts(path, score_min, score_max):
    """(sentence1, sentence2, score) of every line with a finite score in range; the count of the others."""
    rows, dropped = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 7:
                dropped += 1
                continue
            try:
                score = float(fields[4])
            except ValueError:
                dropped += 1
                continue
            if not math.isfinite(score) or not score_min <= score <= score_max:
                dropped += 1
                continue
            rows.append((fields[5], fields[6], score))
    return rows, dropped


def main():
    args = parser.parse_args()

    import torch
    import sentence_transformers
    from datasets import Dataset
    from sentence_transformers import SentenceTransformer, SentenceTransformerTrainer
    from sentence_transformers import SentenceTransformerTrainingArguments
    from sentence_transformers.sentence_transformer.losses import CoSENTLoss, MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.training_args import BatchSamplers, MultiDatasetBatchSamplers

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    rows, dropped = read_sts(args.train, args.score_min, args.score_max)
    if len(rows) < args.batch_size:
        sys.exit("peer: %d pairs in %s, fewer than one batch of %d" % (len(rows), args.train, args.batch_size))
    dataset = Dataset.from_dict({
        "sentence1": [a for a, _, _ in rows],
        "sentence2": [b for _, b, _ in rows],
        "score": [y for _, _, y in rows],
    })
    model = SentenceTransformer(args.start, device="cpu")
    model.max_seq_length = args.max_length
    steps = int(len(rows) // args.batch_size * args.epochs)
    mixed = {}
    for spec in args.pairs:
        name, _, path = spec.partition("=")
        if not name or not path or name == "stsb":
            sys.exit("peer: --pairs takes NAME=JSONL with a NAME other than stsb, got %r" % spec)
        pairs, bad = read_pairs(path)
        if len(pairs) < args.batch_size:
            sys.exit("peer: %d pairs in %s, fewer than one batch of %d" % (len(pairs), path, args.batch_size))
        mixed[name] = (Dataset.from_dict({"anchor": [q for q, _ in pairs], "positive": [p for _, p in pairs]}), bad)
        steps += int(len(pairs) // args.batch_size * args.epochs)
    # an explicit step count (Transformers 5 deprecates warmup_ratio): ceil(10% of 359) = 36, as in finetune-sts.conf
    warmup_steps = int(math.ceil(args.warmup_ratio * steps))
    training_args = SentenceTransformerTrainingArguments(
        output_dir=args.output.rstrip("/") + "-trainer",
        num_train_epochs=args.epochs,
        per_device_train_batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        warmup_steps=warmup_steps,
        weight_decay=args.weight_decay,
        max_grad_norm=1.0,
        lr_scheduler_type="linear",
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        seed=args.seed,
        save_strategy="no",
        logging_steps=10,
        report_to=[],
        use_cpu=True,
        dataloader_drop_last=True,
    )
    loss = CoSENTLoss(model, scale=args.scale)
    if mixed:
        training_args.multi_dataset_batch_sampler = MultiDatasetBatchSamplers.PROPORTIONAL
        dataset = {"stsb": dataset, **{n: d for n, (d, _) in mixed.items()}}
        loss = {"stsb": loss, **{n: MultipleNegativesRankingLoss(model, scale=args.scale) for n in mixed}}
    start = time.time()
    SentenceTransformerTrainer(model=model, args=training_args, train_dataset=dataset, loss=loss).train()
    seconds = time.time() - start
    model.save(args.output)
    print(json.dumps({
        "pairs": len(rows),
        "lines_dropped": dropped,
        "mixed": {n: {"pairs": len(d), "lines_dropped": bad} for n, (d, bad) in mixed.items()},
        "steps": steps,
        "warmup_steps": warmup_steps,
        "pairs_seen": steps * args.batch_size,
        "seconds": round(seconds, 1),
        "output": args.output,
        "torch": torch.__version__,
        "sentence_transformers": sentence_transformers.__version__,
    }), flush=True)
    print("evaluate with this project's evaluator:\n  scripts/gte eval --model %s "
          "--sets stsb-dev=sts:../shared/data/stsb/sts-dev.csv" % args.output, flush=True)


if __name__ == "__main__":
    main()
