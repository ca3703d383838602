#!/usr/bin/env bash
# Deletes the seed's kind cluster "networking" (and nothing else).
set -euo pipefail
if ! command -v kind >/dev/null 2>&1; then
	echo "missing: kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)" >&2
	exit 1
fi
kind delete cluster --name networking
