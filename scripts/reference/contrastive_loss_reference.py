#!/usr/bin/python3
"""PyTorch reference for the contrastive losses of io.github.gtespark.loss (parity tests).

Reads a JSON case file (argv[1]) and writes a JSON result (argv[2]) with the loss and the gradients of the loss
with respect to the raw (unnormalised) query, document and hard-negative embeddings, obtained by autograd in
float64. The loss is written as a direct loop over the formula, independently of the vectorised Java code.

Case file keys: loss ("improved" | "infonce" | "symmetric" | "cosent"), temperature, negativesInDocumentTerm, queryQuery,
docQuery, docDoc (improved only; the three term switches default to true),
queries [n][h], docs [n][h], negatives [n*k][h] (may be empty), k, queryHashes [n], docHashes [n],
negativeHashes [n*k], negativePresent [n*k] (booleans), scores [n] (cosent only: the gold score of each pair).

Formulas (s(a, b) = cos(a, b) / tau; T_i = {hash(q_i), hash(d_i)}; a candidate whose hash is in T_i is left out of
Z_i unless it is the positive itself; absent negatives are left out everywhere):
  improved:  L = -1/n sum_i [s(q_i,d_i) - log Z_i],
             Z_i = sum_j e^{s(q_i,D_j)} + sum_{j!=i} e^{s(q_i,q_j)} + sum_j e^{s(q_j,d_i)} + sum_{j!=i} e^{s(d_i,d_j)}
             (D = positives + hard negatives; with negativesInDocumentTerm the d-d term also runs over the hard
             negatives of the other pairs; queryQuery / docQuery / docDoc false leave out the q-q / d-q / d-d sum)
  infonce:   Z_i = sum_j e^{s(q_i,D_j)}
  symmetric: (infonce + the d->q direction with Z'_i = sum_j e^{s(q_j,d_i)}) / 2
  cosent:    L = log(1 + sum_{(i,j): y_i > y_j} e^{s(q_j,d_j) - s(q_i,d_i)})   (one term per batch, not divided by n;
             hashes and hard negatives take no part). The loop is also checked, inside this script, against the
             vectorised formula of sentence-transformers 6 CoSENTLoss.compute_loss_from_embeddings (sentence_st).
Usage: /usr/bin/python3 contrastive_loss_reference.py case.json result.json [case2.json result2.json ...]
"""
import json
import sys

import torch


def cos(a, b, tau):
    return torch.dot(a, b) / (torch.linalg.norm(a) * torch.linalg.norm(b)) / tau


def improved(q, d, neg, k, qh, dh, nh, present, tau, neg_in_dd, qq=True, dq=True, dd=True):
    n = q.shape[0]
    total = torch.zeros((), dtype=torch.float64)
    for i in range(n):
        own = {qh[i], dh[i]}
        terms = []
        for j in range(n):  # q-d, positives
            if j == i or dh[j] not in own:
                terms.append(cos(q[i], d[j], tau))
        for r in range(len(nh)):  # q-d, hard negatives
            if present[r] and nh[r] not in own:
                terms.append(cos(q[i], neg[r], tau))
        for j in range(n if qq else 0):  # q-q
            if j != i and qh[j] not in own:
                terms.append(cos(q[i], q[j], tau))
        for j in range(n if dq else 0):  # d-q
            if j == i or qh[j] not in own:
                terms.append(cos(q[j], d[i], tau))
        for j in range(n if dd else 0):  # d-d
            if j != i and dh[j] not in own:
                terms.append(cos(d[i], d[j], tau))
        if neg_in_dd and dd:
            for r in range(len(nh)):
                if present[r] and r // k != i and nh[r] not in own:
                    terms.append(cos(d[i], neg[r], tau))
        total = total + torch.logsumexp(torch.stack(terms), 0) - cos(q[i], d[i], tau)
    return total / n


def query_to_doc(q, d, neg, qh, dh, nh, present, tau):
    n = q.shape[0]
    total = torch.zeros((), dtype=torch.float64)
    for i in range(n):
        own = {qh[i], dh[i]}
        terms = [cos(q[i], d[j], tau) for j in range(n) if j == i or dh[j] not in own]
        terms += [cos(q[i], neg[r], tau) for r in range(len(nh)) if present[r] and nh[r] not in own]
        total = total + torch.logsumexp(torch.stack(terms), 0) - cos(q[i], d[i], tau)
    return total / n


def doc_to_query(q, d, qh, dh, tau):
    n = q.shape[0]
    total = torch.zeros((), dtype=torch.float64)
    for i in range(n):
        own = {qh[i], dh[i]}
        terms = [cos(q[j], d[i], tau) for j in range(n) if j == i or qh[j] not in own]
        total = total + torch.logsumexp(torch.stack(terms), 0) - cos(q[i], d[i], tau)
    return total / n


def cosent(q, d, y, tau):
    n = q.shape[0]
    terms = [torch.zeros((), dtype=torch.float64)]
    for i in range(n):
        for j in range(n):
            if y[i] > y[j]:
                terms.append(cos(q[j], d[j], tau) - cos(q[i], d[i], tau))
    return torch.logsumexp(torch.stack(terms), 0)


def cosent_st(q, d, y, tau):
    """sentence-transformers 6.0.1 sentence_transformer/losses/cosent.py, compute_loss_from_embeddings, verbatim
    apart from pairwise_cos_sim written out and the float64 zero."""
    scores = torch.nn.functional.cosine_similarity(q, d, dim=1)
    scores = scores * (1.0 / tau)
    scores = scores[:, None] - scores[None, :]
    labels = torch.tensor(y, dtype=torch.float64)
    labels = labels[:, None] < labels[None, :]
    labels = labels.double()
    scores = scores - (1 - labels) * 1e12
    scores = torch.cat((torch.zeros(1, dtype=torch.float64), scores.view(-1)), dim=0)
    return torch.logsumexp(scores, dim=0)


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        raise SystemExit(__doc__)
    for case_path, result_path in zip(args[0::2], args[1::2]):
        run(case_path, result_path)


def run(case_path, result_path):
    with open(case_path) as f:
        case = json.load(f)
    q = torch.tensor(case["queries"], dtype=torch.float64, requires_grad=True)
    d = torch.tensor(case["docs"], dtype=torch.float64, requires_grad=True)
    has_neg = len(case["negatives"]) > 0
    neg = torch.tensor(case["negatives"] if has_neg else [[0.0] * q.shape[1]], dtype=torch.float64,
                       requires_grad=True)
    k = case["k"]
    qh, dh, nh = case["queryHashes"], case["docHashes"], case["negativeHashes"]
    present = case["negativePresent"]
    tau = case["temperature"]
    kind = case["loss"]
    if kind == "improved":
        loss = improved(q, d, neg, k, qh, dh, nh, present, tau, case.get("negativesInDocumentTerm", False),
                        case.get("queryQuery", True), case.get("docQuery", True), case.get("docDoc", True))
    elif kind == "infonce":
        loss = query_to_doc(q, d, neg, qh, dh, nh, present, tau)
    elif kind == "symmetric":
        loss = 0.5 * (query_to_doc(q, d, neg, qh, dh, nh, present, tau) + doc_to_query(q, d, qh, dh, tau))
    elif kind == "cosent":
        loss = cosent(q, d, case["scores"], tau)
        with torch.no_grad():
            st = cosent_st(q, d, case["scores"], tau).item()
        if abs(st - loss.item()) > 1e-9 * max(1.0, abs(st)):
            raise SystemExit("cosent loop %r differs from the sentence-transformers formula %r" % (loss.item(), st))
    else:
        raise SystemExit("unknown loss " + kind)
    loss.backward()
    out = {
        "torch": torch.__version__,
        "loss": loss.item(),
        "dQueries": q.grad.tolist(),
        "dDocs": d.grad.tolist(),
        "dNegatives": (torch.zeros_like(neg) if neg.grad is None else neg.grad).tolist() if has_neg else [],
    }
    with open(result_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
