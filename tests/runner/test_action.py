"""action.yml's `run:` steps, run as bash in a hook's git repository, install the wheel and report.

The `uses:` steps (setup-python, upload-artifact) are GitHub's; the test runs the others with
their inputs as the env vars each step maps them to, the install step pointing at the wheel
built from this checkout, and `$GITHUB_STEP_SUMMARY` set.
"""

import re
import subprocess

from tests.runner.installed import (ROOT, built_distributions, clean_env, fill_in_install, hook_project,
                                    make_venv, wheel)


def run_steps(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(name, env, script) of each step with a `run: |` block: env values are `${{ inputs.NAME }}`."""
    steps = []
    for block in re.split(r"\n    - ", text.split("\n  steps:\n", 1)[1]):
        if "run: |" not in block:
            continue
        name = re.search(r"name: (.*)", block).group(1)
        env = dict(re.findall(r"\n        (INPUT_\w+): \$\{\{ inputs\.([\w-]+) \}\}", block))
        script_lines = block.split("run: |\n", 1)[1].splitlines()
        script = "\n".join(line[8:] for line in script_lines if line.startswith("        ") or not line.strip())
        assert "${{" not in script, f"step {name!r} reads an input other than through env"
        steps.append((name, env, script))
    return steps


def test_run_steps_read_every_input_through_env():
    steps = run_steps((ROOT / "action.yml").read_text())
    assert [name for name, _, _ in steps] == ["Install importparity", "Run importparity parity"]
    declared = (ROOT / "action.yml").read_text().split("\ninputs:\n", 1)[1].split("\noutputs:\n", 1)[0]
    inputs = set(re.findall(r"^  ([\w-]+):$", declared, re.M))
    used = {value for _, env, _ in steps for value in env.values()}
    assert inputs == used, "an input no step reads"


def test_the_action_installs_the_wheel_runs_parity_on_a_hook_from_init_and_writes_the_summary(
        tmp_path, tmp_path_factory):
    bin_dir = make_venv(tmp_path / "venv", "pip")
    repo = hook_project(tmp_path / "repo")
    summary = tmp_path / "step_summary.md"
    inputs = {"importparity-source": str(wheel(built_distributions(tmp_path_factory))), "importparity-version": "",
              "target": "./nullhook.toml", "pythons": "3.14", "units": "test_pkg test_zipapp",
              "out": "importparity-report"}
    env = clean_env(PATH=f"{bin_dir}:{clean_env()['PATH']}", GITHUB_STEP_SUMMARY=str(summary))
    install, parity = run_steps((ROOT / "action.yml").read_text())

    def step(step, **more):
        name, mapping, script = step
        step_env = env | {var: inputs[key] for var, key in mapping.items()} | more
        return subprocess.run(["bash", "-c", script], cwd=repo, capture_output=True, text=True, env=step_env,
                              timeout=1800)

    proc = step(install)
    assert proc.returncode == 0, proc.stderr[-2000:]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    proc = subprocess.run([str(bin_dir / "importparity"), "init"], cwd=repo, capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    fill_in_install(repo / "nullhook.toml")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)

    proc = step(parity)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "::group::importparity parity on Python 3.14" in proc.stdout
    report = repo / "importparity-report" / "3.14" / "report"
    assert {p.name for p in report.iterdir()} >= {"summary.md", "diff.json", "index.html"}
    shown = summary.read_text()
    assert shown.startswith((report / "summary.md").read_text())
    assert "## importparity: nullhook against CPython 3.14" in shown
    assert "test\\_pkg" in shown and "test\\_zipapp" in shown and "nullhook matches CPython on all" in shown

    # A version that fails fails the step (its worst status), and the others still run.
    proc = step(parity, INPUT_PYTHONS="3.12 3.14")
    assert proc.returncode == 2 and "no panel for Python 3.12" in proc.stderr
    assert "::group::importparity parity on Python 3.14" in proc.stdout
