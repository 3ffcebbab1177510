#!/usr/bin/env bash
# Rewrites every module's Java sources into the project's format (google-java-format, Google
# style), the one `mvn verify` checks (the spotless-maven-plugin in the parent pom). The BOM module
# is left out: standalone, it has neither Java sources nor the parent's plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q spotless:apply -pl '!concoord-bom' "$@"
