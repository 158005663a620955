#!/usr/bin/env python3
"""The peer library on the same domain-adaptation work as scripts/adapt-domain (reference, not CI).

  peer_adapt_domain.py --pairs PAIRS.jsonl --start START_DIR --output DIR [--epochs 1] [--batch-size 32]
                       [--max-length 128] [--learning-rate 3e-5] [--warmup-steps 5] [--scale 20] [--seed 42]
                       [--stage2] [--stage2-learning-rate 2e-5] [--range-min 2] [--range-max 50]
                       [--relative-margin 0.05] [--num-negatives 1] [--max-pairs N]
                       [--skip-stage1] [--stage2-rows MINED.jsonl ...]

Fine-tunes the start model (a sentence-transformers directory: `scripts/gte export --model all-minilm-l6-v2
--output START_DIR` writes the same weights this project starts from) with sentence-transformers'
MultipleNegativesRankingLoss (in-batch negatives, scale = 1/tau) on the pairs ({"query": q, "pos": [p, ...]}: one
pair per positive, as prepare-corpus reads them), writes DIR/stage1; with --stage2 it mines hard negatives with
sentence-transformers' `mine_hard_negatives` and the stage-1 model (the range, margin and count of
conf/adapt-domain/mine-negatives.conf, range_min counted after the margin as the job's range-min-counts = eligible
does; no consistency filter: the peer has none) and trains a second stage on the triplets with
MultipleNegativesRankingLoss (this project's stage 2: InfoNCE, the same loss), writing DIR/stage2. Both are saved
as sentence-transformers directories, which this project's evaluator reads:
`scripts/gte eval --model DIR/stage1 --sets ...`. Prints the pairs seen per stage and the wall time.

Cross runs, to tell which part of a stage-2 difference comes from what: --skip-stage1 takes START_DIR as the
stage-1 model (this project's stage 1 exported with `scripts/gte export`, say) and runs only mining and stage 2;
--stage2-rows trains stage 2 on rows mined elsewhere (this project's mine-negatives part files: {"query", "pos": [...],
"neg": [...]}, one triplet per positive with the row's first negative, as prepare-corpus's max-negatives = 1 reads
them) instead of mining.

Same work as this project: the same pairs (before this project's cleaning and deduplication, which the peer does not
do), the same number of pairs seen (epochs x pairs), batch size, max length, learning rate, warm-up and temperature.
Needs sentence-transformers and torch (pip), and `datasets` (pip) for the trainer.
"""
import argparse
import json
import random
import sys
import time


def read_pairs(path, max_pairs):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            positives = row["pos"] if isinstance(row["pos"], list) else [row["pos"]]
            for p in positives:
                if row["query"].strip() and p.strip():
                    pairs.append((row["query"], p))
    if max_pairs and len(pairs) > max_pairs:
        pairs = pairs[:max_pairs]
    return pairs


def read_mined_rows(paths):
    """Triplets from mined rows ({"query", "pos": [...], "neg": [...]}): one per positive, with the row's first
    negative; rows without a negative are skipped (this project's stage 2 requires one, as the peer's triplets do)."""
    columns = {"anchor": [], "positive": [], "negative": []}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                negatives = row.get("neg") or []
                if not negatives:
                    continue
                for p in row["pos"]:
                    columns["anchor"].append(row["query"])
                    columns["positive"].append(p)
                    columns["negative"].append(negatives[0])
    return columns


def train(model, columns, args, lr, output, seed):
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
    from sentence_transformers.losses import MultipleNegativesRankingLoss
    from sentence_transformers.training_args import BatchSamplers

    dataset = Dataset.from_dict(columns)
    training_args = SentenceTransformerTrainingArguments(
        output_dir=output + "-trainer",
        num_train_epochs=args.epochs,
        per_device_train_batch_size=args.batch_size,
        learning_rate=lr,
        warmup_steps=args.warmup_steps,
        weight_decay=0.01,
        max_grad_norm=1.0,
        lr_scheduler_type="linear",
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        seed=seed,
        save_strategy="no",
        logging_steps=10,
        report_to=[],
        use_cpu=True,
        dataloader_drop_last=True,
    )
    loss = MultipleNegativesRankingLoss(model, scale=args.scale)
    start = time.time()
    SentenceTransformerTrainer(model=model, args=training_args, train_dataset=dataset, loss=loss).train()
    seconds = time.time() - start
    model.save(output)
    steps = len(dataset) // args.batch_size * args.epochs
    return {"pairs_seen": int(steps * args.batch_size), "seconds": round(seconds, 1), "output": output}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=3e-5)
    parser.add_argument("--warmup-steps", type=int, default=5)
    parser.add_argument("--scale", type=float, default=20.0, help="1/tau (sentence-transformers' default 20)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--stage2", action="store_true")
    parser.add_argument("--stage2-learning-rate", type=float, default=2e-5)
    parser.add_argument("--range-min", type=int, default=2)
    parser.add_argument("--range-max", type=int, default=50)
    parser.add_argument("--relative-margin", type=float, default=0.05)
    parser.add_argument("--num-negatives", type=int, default=1)
    parser.add_argument("--max-pairs", type=int, default=0)
    parser.add_argument("--skip-stage1", action="store_true",
                        help="START is the stage-1 model: run only mining and stage 2 (implies --stage2)")
    parser.add_argument("--stage2-rows", nargs="+", default=None,
                        help="train stage 2 on these mined rows (JSONL) instead of mining (implies --stage2)")
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    pairs = read_pairs(args.pairs, args.max_pairs)
    if len(pairs) < args.batch_size:
        sys.exit("peer: %d pairs, fewer than one batch of %d" % (len(pairs), args.batch_size))
    report = {"pairs": len(pairs), "torch": torch.__version__}
    import sentence_transformers
    report["sentence_transformers"] = sentence_transformers.__version__

    model = SentenceTransformer(args.start, device="cpu")
    model.max_seq_length = args.max_length
    stage1 = args.output.rstrip("/") + "/stage1"
    columns = {"anchor": [q for q, _ in pairs], "positive": [p for _, p in pairs]}
    if args.skip_stage1 or args.stage2_rows:
        args.stage2 = True
    if args.skip_stage1:
        report["stage1"] = {"skipped": True, "start_is_stage1": args.start}
    else:
        report["stage1"] = train(model, columns, args, args.learning_rate, stage1, args.seed)
        print(json.dumps({"stage1": report["stage1"]}), flush=True)

    if args.stage2:
        from datasets import Dataset
        from sentence_transformers.util import mine_hard_negatives

        start = time.time()
        if args.stage2_rows:
            triplets = read_mined_rows(args.stage2_rows)
            report["mining"] = {"triplets": len(triplets["anchor"]), "from": args.stage2_rows}
        else:
            mined = mine_hard_negatives(Dataset.from_dict(columns), model, anchor_column_name="anchor",
                                        positive_column_name="positive", range_min=args.range_min,
                                        range_max=args.range_max, relative_margin=args.relative_margin,
                                        num_negatives=args.num_negatives, sampling_strategy="top",
                                        output_format="triplet", batch_size=64, verbose=False)
            report["mining"] = {"triplets": len(mined), "seconds": round(time.time() - start, 1)}
            triplets = {c: mined[c] for c in mined.column_names}
        stage2 = args.output.rstrip("/") + "/stage2"
        report["stage2"] = train(model, triplets, args, args.stage2_learning_rate, stage2, args.seed + 1)
        print(json.dumps({"mining": report["mining"], "stage2": report["stage2"]}), flush=True)
    with open(args.output.rstrip("/") + "/peer-report.json", "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
