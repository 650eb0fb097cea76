"""Read-path benchmark (issues 3, 6 and 15): wrk against gunicorn, beside baselines.

    bench/read.sh [--duration 5] [--rounds 3] [--connections 32] [--server-threads 8] [--record]

Runs the server twice on the same PostgreSQL data: cold (page cache off,
``BENCH_CACHE=dummy``; every other cache as in production) and warm (Redis),
with two sync gunicorn workers, or with ``--server-threads 8`` two gthread
workers of eight threads each, as the README's production command runs it.
In each run the baselines are measured by the same gunicorn:
``/_bench/constant/`` (a constant page, sized like the page it is compared
with) and ``/_bench/rows/`` (20 rows from PostgreSQL through a template).
Every page is loaded in short slices, round after round, interleaved with the
baselines, and counts as its median slice; its ratio to a baseline is the
median of the rounds' own ratios. Product pages that do not answer 200 are
skipped with the reason. ``--record`` appends the run to bench/history/ (see
bench/report.py); the current figures are kept by hand in bench/RESULTS.md.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from bench import report
from bench.server import STATE, BenchError, BenchServer, raise_on_sigterm

BASELINE_NAMES = ("constant", "20 rows")
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


@dataclass
class Target:
    name: str
    path: str | None  # None: skipped, see `note`
    baseline: str | None = None  # name of the baseline target the ratio is against
    goal: float | None = None  # the target ratio
    note: str = ""
    size: int = 0
    result: dict = field(default_factory=dict)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# A redirect must not pass for a page: wrk would load the redirect, not the page.
_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with _opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, OSError) as exc:
        return 0, str(exc).encode()


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def discover_article(get) -> tuple[str | None, str]:
    status, body = get("/api/v1/articles/?page_size=1")
    if status != 200:
        return None, f"/api/v1/articles/ answered {status or 'nothing'}"
    try:
        payload = json.loads(body)
        items = payload["results"] if isinstance(payload, dict) else payload
        return _path(items[0]["url"]), ""
    except (ValueError, KeyError, IndexError, TypeError):
        return None, "/api/v1/articles/ lists no article with a `url`"


def discover_campaign(get) -> tuple[str | None, str]:
    status, body = get("/api/v1/campaigns/")
    if status != 200:
        return None, f"/api/v1/campaigns/ answered {status or 'nothing'}"
    try:
        payload = json.loads(body)
        items = payload["results"] if isinstance(payload, dict) else payload
    except ValueError:
        return None, "/api/v1/campaigns/ is not JSON"
    if not items:
        return None, "no campaign in /api/v1/campaigns/"
    # Prefer the campaign that is live or open now: that is the page viewers open.
    for wanted in ("live", "open"):
        for item in items:
            values = {str(v).lower() for k, v in item.items() if k in {"state", "status"}}
            if wanted in values:
                return item["slug"], ""
    return items[0]["slug"], ""


def parse_wrk(output: str) -> dict:
    def seconds(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(number) * UNITS[unit]

    result = {"rps": 0.0, "p50": None, "p99": None, "requests": 0, "non2xx": 0, "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    for percent, key in (("50", "p50"), ("99", "p99")):
        if match := re.search(rf"^\s+{percent}%\s+([\d.]+\w+)", output, re.MULTILINE):
            result[key] = seconds(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non2xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["errors"] = sum(int(value) for value in match.groups())
    return result


def run_wrk(url: str, args) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "5s",
        "--latency",
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60)
    if completed.returncode != 0:
        raise BenchError(f"wrk failed: {completed.stderr.strip()}")
    return parse_wrk(completed.stdout)


# The issues' targets: (page, pass) -> (the baseline, the least ratio to it).
GOALS = {
    ("article detail", "redis"): ("constant", report.WARM_ARTICLE_TO_CONSTANT),
    ("news list", "redis"): ("20 rows", report.WARM_NEWS_TO_ROWS),
    ("campaign live.json", "redis"): ("constant", report.WARM_LIVE_JSON_TO_CONSTANT),
    ("campaign page", "redis"): ("constant", report.WARM_CAMPAIGN_TO_CONSTANT),
    ("article detail", "dummy"): ("20 rows", report.COLD_PAGE_TO_ROWS),
    ("news list", "dummy"): ("20 rows", report.COLD_PAGE_TO_ROWS),
}


def build_targets(get, cache: str, query: str) -> list[Target]:
    """The pages and baselines of one pass; `get(path)` answers (status, body)."""
    article, article_note = discover_article(get)
    targets = [Target("article detail", article, note=article_note)]
    targets.append(Target("news list", "/en/news/"))
    targets.append(Target("/en/search/", f"/en/search/?q={urllib.parse.quote(query)}"))
    targets.append(Target("/feeds/news/", "/feeds/news/"))
    targets.append(Target("/en/ (home)", "/en/"))
    targets.append(Target("/healthz", "/healthz"))
    if cache == "redis":
        slug, campaign_note = discover_campaign(get)
        page = f"/en/campaigns/{slug}/" if slug else None
        live = f"/campaigns/{slug}/live.json" if slug else None
        targets.append(Target("campaign page", page, note=campaign_note))
        targets.append(Target("campaign live.json", live, note=campaign_note))
    # Check each page answers 200 before loading it, and learn its size.
    for target in targets:
        if target.path is None:
            continue
        status, body = get(target.path)
        if status != 200:
            target.note = f"{target.path} answered {status or 'nothing'}; not built yet?"
            target.path = None
        else:
            target.size = len(body)
    # Cold pages are compared with the 20-row page, warm ones with a constant
    # page: of their own size where the issue sets a target, else article-sized.
    baselines = [Target("20 rows", "/_bench/rows/")]
    article_size = next((t.size for t in targets if t.name == "article detail" and t.size), 30_000)
    sizes = {article_size: f"constant {article_size / 1000:.1f} KB"}
    for target in targets:
        default = "constant" if cache == "redis" else "20 rows"
        baseline, goal = GOALS.get((target.name, cache), (default, None))
        if baseline == "constant":
            size = target.size if goal is not None and target.path else article_size
            baseline = sizes.setdefault(size, f"constant {size / 1000:.1f} KB")
        target.baseline, target.goal = baseline, goal
    for size, name in sorted(sizes.items()):
        baselines.insert(0, Target(name, f"/_bench/constant/?bytes={size}", size=size))
    for baseline in baselines:
        status, body = get(baseline.path)
        if status != 200:
            raise BenchError(f"baseline {baseline.path} answered {status}: {body[:200]!r}")
        baseline.size = len(body)
    return baselines + targets


def run_pass(cache: str, args) -> list[Target]:
    label = "cold (page cache off)" if cache == "dummy" else "warm (Redis)"
    server = BenchServer(args.port, cache=cache, name="pg", threads=args.server_threads)
    try:
        server.start()
        targets = build_targets(lambda path: fetch(server.base_url + path), cache, args.query)
        # The machine is shared: someone else's burst of work must not fall on one
        # side of a ratio only. So every page runs in short slices, round after
        # round, baselines and pages interleaved, and counts as its median slice.
        live = [t for t in targets if t.path is not None]
        for target in targets:
            if target.path is None:
                print(f"{label}: {target.name}: skipped, {target.note}", flush=True)
        runs = {id(t): [] for t in live}
        for number in range(1, args.rounds + 1):
            for target in live:
                url = server.base_url + target.path
                for _ in range(3):  # prime the cache and the connections
                    fetch(url)
                result = run_wrk(url, args)
                runs[id(target)].append(result)
                print(
                    f"{label}: round {number}: {target.name}: {result['rps']:.0f} req/s, "
                    f"p99 {1000 * (result['p99'] or 0):.1f} ms, {result['non2xx']} non-2xx",
                    flush=True,
                )
        for target in live:
            target.result = combine(runs[id(target)])
    finally:
        server.stop()
    return targets


def combine(results: list[dict]) -> dict:
    """Slices of one page: median throughput and latencies, summed counts."""

    def median(values):
        values = sorted(v for v in values if v is not None)
        return values[len(values) // 2] if values else None

    return {
        "rps": median([r["rps"] for r in results]),
        "p50": median([r["p50"] for r in results]),
        "p99": median([r["p99"] for r in results]),
        "requests": sum(r["requests"] for r in results),
        "non2xx": sum(r["non2xx"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "runs": [r["rps"] for r in results],
    }


def paired_ratio(result: dict, base: dict) -> tuple[float, list[float]]:
    """The page's throughput over the baseline's: the median of each round's ratio.

    A page and its baseline run seconds apart in the same round, the rounds
    a minute apart; the machine's speed drifts in between, so a round's own
    ratio holds better than a ratio of two medians from different rounds.
    """
    runs, base_runs = result.get("runs", []), base.get("runs", [])
    if len(runs) != len(base_runs) or not all(base_runs):
        return result["rps"] / base["rps"], []
    per_round = [page / baseline for page, baseline in zip(runs, base_runs, strict=True)]
    return sorted(per_round)[len(per_round) // 2], per_round


def _ms(value) -> str:
    return "–" if value is None else f"{value * 1000:.1f}"


def table(label: str, targets: list[Target]) -> str:
    by_name = {t.name: t for t in targets}
    lines = [
        f"**{label}**",
        "",
        "| page | size | req/s (median) | req/s per round | p50 ms | p99 ms | non-2xx "
        "| socket errors | ratio to baseline (median of rounds; each round) | target | met |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for target in targets:
        if target.path is None:
            lines.append(f"| {target.name} | | | | | | | | skipped: {target.note} | | |")
            continue
        r = target.result
        rounds = " / ".join(f"{value:.0f}" for value in r.get("runs", []))
        ratio = goal = met = ""
        base = by_name.get(target.baseline) if target.baseline else None
        if base is not None and base.result.get("rps"):
            value, per_round = paired_ratio(r, base.result)
            ratio = f"{value:.0%} of {base.name}"
            if per_round:
                ratio += f" ({' / '.join(f'{v:.0%}' for v in per_round)})"
            if target.goal is not None:
                goal = f"≥ {target.goal:.0%}"
                met = "yes" if value >= target.goal and not r["non2xx"] else "**no**"
        if target.name.startswith(BASELINE_NAMES):
            ratio = "baseline"
        lines.append(
            f"| {target.name} | {target.size / 1000:.1f} KB | {r['rps']:.0f} | {rounds} "
            f"| {_ms(r['p50'])} "
            f"| {_ms(r['p99'])} | {r['non2xx']} | {r['errors']} | {ratio} | {goal} | {met} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk slice")
    parser.add_argument("--rounds", type=int, default=3, help="slices per page, interleaved")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument(
        "--server-threads",
        type=int,
        default=1,
        help="gunicorn threads per worker: 1 runs sync workers, 8 the production setting",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--query", default="innovation", help="the /search/?q= term")
    parser.add_argument("--articles", type=int, default=500, help="articles to seed")
    parser.add_argument("--only", choices=["cold", "warm"], help="run one pass only")
    parser.add_argument("--fresh", action="store_true", help="recreate the bench DB first")
    parser.add_argument("--record", action="store_true", help="append to bench/history/")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 120 or not 1 <= args.rounds <= 20:
        parser.error("--duration must be 1..120 seconds and --rounds 1..20")
    if shutil.which("wrk") is None:
        print("read: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    raise_on_sigterm()
    server_kind = BenchServer(args.port, name="pg", threads=args.server_threads).description
    head = report.header(f"Read path: wrk against {server_kind}", "bench/read.sh")
    started = time.monotonic()
    sections = []
    try:
        BenchServer(args.port, name="pg").prepare(fresh=args.fresh, articles=args.articles)
        passes = {"cold": "dummy", "warm": "redis"}
        for name, cache in passes.items():
            if args.only and args.only != name:
                continue
            targets = run_pass(cache, args)
            label = "Cold: page cache off" if cache == "dummy" else "Warm: Redis cache"
            sections.append(table(label, targets))
    except BenchError as exc:
        print(f"read: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("read: interrupted", file=sys.stderr)
        return 130
    server = BenchServer(args.port, name="pg")
    database = server.database_url.rsplit("/", 1)[-1]
    redis_db = server.redis_url.rsplit("/", 1)[-1]
    settings = (
        f"- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency` "
        f"from the same machine, {args.rounds} interleaved rounds per page (median), "
        f"PostgreSQL db `{database}`, Redis db {redis_db}, "
        f"{args.articles} seeded articles; took {time.monotonic() - started:.0f} s\n"
    )
    text = head + settings + "\n" + "\n\n".join(sections) + "\n"
    print("\n" + text)
    out = STATE / f"read-{time.strftime('%Y%m%d-%H%M%S')}.md"
    out.write_text(text)
    if args.record:
        report.append_results(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
