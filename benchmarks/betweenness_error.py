"""How far the sampled betweenness (what the network page shows above EXACT_BETWEENNESS_MAX_NODES
organisations) is from the exact value, on the benchmark database's public view.

    DATABASE_URL=postgres://…/bench_province .venv/bin/python benchmarks/betweenness_error.py
"""

import statistics
import time

from setup_django import setup


def main() -> None:
    setup()
    import networkx as nx

    from network.graph import GraphSpec, build_graph
    from network.metrics import BETWEENNESS_SAMPLE_K, SEED

    graph = build_graph(GraphSpec())
    started = time.perf_counter()
    exact = nx.betweenness_centrality(graph, normalized=True)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    k = min(BETWEENNESS_SAMPLE_K, graph.number_of_nodes())
    sampled = nx.betweenness_centrality(graph, k=k, seed=SEED, normalized=True)
    sampled_s = time.perf_counter() - started
    errors = [abs(sampled[node] - exact[node]) for node in graph]
    top = 20
    exact_top = set(sorted(exact, key=exact.get, reverse=True)[:top])
    sampled_top = set(sorted(sampled, key=sampled.get, reverse=True)[:top])
    largest = max(exact.values()) or 1
    print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; exact {exact_s:.1f} s, "
          f"sampled (k={k}) {sampled_s:.1f} s")
    print(f"absolute error: mean {statistics.mean(errors):.5f}, max {max(errors):.5f} "
          f"(the largest exact value is {largest:.4f}: max error {max(errors) / largest:.1%} of it)")
    print(f"top {top} brokers in common: {len(exact_top & sampled_top)}/{top}")


if __name__ == "__main__":
    main()
