#!/usr/bin/env bash
# What CI needs for the kda-deploy proofs (src/test/java/dev/streamlake/e2e/deploy), checked or
# installed; idempotent, a few seconds when everything is already there.
#
#   cfn-lint  AWS's CloudFormation linter, the Python package 1.x: the machine image ships 1.51.0
#             under pyenv. PyPI is not reachable here, so it cannot be installed from scratch;
#             npm's "cfn-lint" is another, unmaintained tool with a 2019 specification that rejects
#             valid properties of our template (ApplicationMode, RunConfiguration, ...): not used.
#   node/npm  for kinesis-local (the e2e test installs it into ~/.cache/streamlake on first use;
#             warmed here so the test does not pay for it).
#   bash, sha256sum, ss  used by the scripts and tests (coreutils, iproute2).
# The AWS CLI is not needed: the tests put a stub "aws" first on PATH.
set -euo pipefail

fail() { echo "ci-setup: $*" >&2; exit 1; }

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "ci-setup: cfn-lint missing; trying pip" >&2
  python3 -m pip install --quiet 'cfn-lint>=1.20,<2' || fail "cannot install cfn-lint (PyPI unreachable?)"
fi
version="$(cfn-lint --version | awk '{print $2}')"
case "$version" in
  1.*) ;;
  *) fail "cfn-lint $version found; the Python cfn-lint 1.x is needed" ;;
esac
# Fails if this cfn-lint's schemas do not know the runtime we deploy.
cat > "${TMPDIR:-/tmp}/cfn-lint-probe.yaml" <<'YAML'
Resources:
  App:
    Type: AWS::KinesisAnalyticsV2::Application
    Properties:
      RuntimeEnvironment: FLINK-1_19
      ServiceExecutionRole: "arn:aws:iam::123456789012:role/probe"
YAML
cfn-lint --ignore-checks W -- "${TMPDIR:-/tmp}/cfn-lint-probe.yaml" || fail "cfn-lint $version does not know FLINK-1_19"
rm -f "${TMPDIR:-/tmp}/cfn-lint-probe.yaml"

for tool in node npm sha256sum ss bash; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing"
done

cache="${STREAMLAKE_CACHE:-$HOME/.cache/streamlake}/kinesis-local"
if [ ! -f "$cache/node_modules/kinesis-local/main.js" ]; then
  mkdir -p "$cache"
  npm install --no-audit --no-fund --silent --prefix "$cache" kinesis-local@0.6.2
fi
echo "ci-setup: cfn-lint $version, node $(node --version), kinesis-local ready"
