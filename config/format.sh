#!/usr/bin/env bash
# Rewrites every module's Java sources into the project's format (google-java-format, Google
# style), the one `mvn verify` checks (the spotless-maven-plugin in the parent pom). The BOM module
# is left out: standalone, it has neither Java sources nor the parent's plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
# Arguments replace the default module list: config/format.sh -pl concoord-core
if [ $# -eq 0 ]; then
  set -- -pl '!concoord-bom'
fi
mvn -B -q spotless:apply "$@"
