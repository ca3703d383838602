#!/usr/bin/env bash
# Creates the seed's cluster for real: kind "networking" (1 control plane, 3 workers) with Calico in IPIP
# mode and the hello-world deployment, then prints how to point netinspect at it.
# Needs docker (with a running engine), kind and kubectl. Safe to run again: it recreates the cluster.
set -euo pipefail

CALICO_VERSION="${CALICO_VERSION:-v3.30.3}"
CALICO_MANIFEST="https://raw.githubusercontent.com/projectcalico/calico/${CALICO_VERSION}/manifests/calico.yaml"
CLUSTER_NAME="networking"
CONTEXT="kind-${CLUSTER_NAME}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-600}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=0
need() {
	local tool="$1" hint="$2"
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "missing: $tool ($hint)" >&2
		missing=1
	fi
}
need docker "https://docs.docker.com/engine/install/"
need kind "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
need kubectl "https://kubernetes.io/docs/tasks/tools/"
if [ "$missing" -ne 0 ]; then
	echo "Install the missing tools, then run this again. (No Docker? 'npm run demo' runs the embedded lab.)" >&2
	exit 1
fi
if ! docker info >/dev/null 2>&1; then
	echo "docker is installed but no Docker engine answers ('docker info' failed). Start it and retry." >&2
	exit 1
fi

# wait_for DESCRIPTION COMMAND...: reruns COMMAND every 5 s until it succeeds, with a progress line.
wait_for() {
	local what="$1"
	shift
	local started=$SECONDS
	until "$@" >/dev/null 2>&1; do
		local elapsed=$((SECONDS - started))
		if [ "$elapsed" -ge "$TIMEOUT_SECONDS" ]; then
			printf '\n' >&2
			echo "timed out after ${TIMEOUT_SECONDS}s waiting for: $what" >&2
			exit 1
		fi
		printf '\r  waiting for %s ... %ss' "$what" "$elapsed"
		sleep 5
	done
	printf '\r  %s: done after %ss\n' "$what" "$((SECONDS - started))"
}

calico_ready() {
	local want have
	want="$(kubectl --context "$CONTEXT" -n kube-system get daemonset calico-node -o jsonpath='{.status.desiredNumberScheduled}')"
	have="$(kubectl --context "$CONTEXT" -n kube-system get daemonset calico-node -o jsonpath='{.status.numberReady}')"
	[ -n "$want" ] && [ "$want" != "0" ] && [ "$want" = "$have" ]
}

echo "==> (re)creating kind cluster '$CLUSTER_NAME'"
kind delete cluster --name "$CLUSTER_NAME"
kind create cluster --name "$CLUSTER_NAME" --config "$here/kind-config.yaml"

echo "==> installing Calico $CALICO_VERSION (IPIP is the manifest's default pool mode)"
kubectl --context "$CONTEXT" apply -f "$CALICO_MANIFEST"
wait_for "calico-node pods Ready" calico_ready
wait_for "all nodes Ready" kubectl --context "$CONTEXT" wait --for=condition=Ready nodes --all --timeout=5s

echo "==> deploying hello-world (3 replicas)"
kubectl --context "$CONTEXT" apply -f "$here/hello-world.yaml"
wait_for "hello-world available" kubectl --context "$CONTEXT" rollout status deployment/hello-world --timeout=5s

kubectl --context "$CONTEXT" get pods -o wide
echo
echo "Ready. Next:"
echo "  node dist/cli.js --context $CONTEXT   (from the netinspect checkout; after npm link: netinspect --context $CONTEXT)"
