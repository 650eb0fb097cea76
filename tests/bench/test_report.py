"""bench/report.py: a recorded run goes to the day's history file, with its command
and machine."""

from bench import report


def test_a_recorded_run_is_appended_to_the_days_history(tmp_path):
    first = report.header("Read path", "bench/read.sh") + "\n| page | req/s |\n"

    path = report.append_results(first, history=tmp_path)
    report.append_results("## Another run\n", history=tmp_path)

    text = path.read_text()
    assert path.parent == tmp_path and path.name == f"{report.now()[:10]}.md"
    assert text.startswith(f"# Benchmark runs, {path.stem}\n")
    assert "- Command: `bench/read.sh" in text and "- Machine: " in text
    assert text.index("## Read path") < text.index("## Another run")
