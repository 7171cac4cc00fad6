#!/usr/bin/env bash
# Renders every kustomize overlay under k8s/overlays/ and validates every object, offline, plus the
# Dockerfiles in src/main/docker/. Exits non-zero on any problem; the last line is a summary
# ("k8s-validate: N passed, M failed"). Usage, from anywhere:
#
#   bash k8s/validate.sh
#
# Needs Node.js (>= 18) and npm. The first run installs the pinned validator packages with
# `npm ci` into k8s/validate/node_modules (from package-lock.json); later runs need no network.
#
# Rendering: the real kustomize is used when present ("kubectl kustomize" with kustomize >= v4,
# or a "kustomize" binary), and the builtin renderer (k8s/validate/render.mjs) must agree with it;
# without either, the builtin renderer alone is used. K8S_RENDERER=kubectl|kustomize|builtin
# forces one (an unavailable forced renderer is an error).
#
# Validation (details in k8s/validate/validate.mjs): Kubernetes OpenAPI schemas (the
# kubernetes-models package, generated from the Kubernetes API spec), a strict unknown-field check
# (TypeScript excess-property check against the same API types), and semantic/project checks.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
vdir="$here/validate"
start=$(date +%s)

die() { echo "k8s/validate.sh: $*" >&2; echo "k8s-validate: 0 passed, 1 failed"; exit 2; }

command -v node >/dev/null 2>&1 || die "node is not installed (apt-get install -y nodejs npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node.js >= 18 is needed, found $(node --version)"

# 1. Install the pinned validator packages once (and again whenever package-lock.json changes).
stamp="$vdir/node_modules/.metastore-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$vdir/package-lock.json" "$stamp"; then
  command -v npm >/dev/null 2>&1 || die "npm is not installed (apt-get install -y npm)"
  echo "k8s/validate.sh: installing validator packages (npm ci in k8s/validate)"
  (cd "$vdir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm ci failed in $vdir"
  cp "$vdir/package-lock.json" "$stamp"
fi

# 2. Pick the renderer.
kustomize_in_kubectl=""
if command -v kubectl >/dev/null 2>&1; then
  kustomize_in_kubectl=$(kubectl version --client -o json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).kustomizeVersion||"")}catch{console.log("")}})' || true)
fi
# components and the labels field need kustomize v4 or newer (kubectl 1.21+ embeds v4+;
# Debian 12's kubernetes-client 1.20 embeds v2 and is not used).
kubectl_kustomize_ok() {
  [[ "$kustomize_in_kubectl" =~ ^v([0-9]+)\. ]] && [ "${BASH_REMATCH[1]}" -ge 4 ]
}
renderer="${K8S_RENDERER:-auto}"
if [ "$renderer" = auto ]; then
  if kubectl_kustomize_ok; then renderer=kubectl
  elif command -v kustomize >/dev/null 2>&1; then renderer=kustomize
  else renderer=builtin
  fi
fi
case "$renderer" in
  kubectl) kubectl_kustomize_ok || die "K8S_RENDERER=kubectl, but kubectl with kustomize >= v4 is not available" ;;
  kustomize) command -v kustomize >/dev/null 2>&1 || die "K8S_RENDERER=kustomize, but kustomize is not installed" ;;
  builtin) ;;
  *) die "K8S_RENDERER must be kubectl, kustomize or builtin, not $renderer" ;;
esac

# 3. Render each overlay with the real kustomize (when chosen); a rendering error is a failure.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rendered_args=()
render_failed=0
if [ "$renderer" != builtin ]; then
  for dir in "$root"/k8s/overlays/*/; do
    name="$(basename "$dir")"
    out="$work/$name.yaml"
    if [ "$renderer" = kubectl ]; then cmd=(kubectl kustomize "$dir"); else cmd=(kustomize build "$dir"); fi
    if "${cmd[@]}" >"$out" 2>"$work/$name.err"; then
      rendered_args+=(--rendered "$name=$out")
    else
      echo "FAIL [render] overlay $name: ${cmd[*]} failed:"
      sed 's/^/    /' "$work/$name.err"
      render_failed=$((render_failed + 1))
    fi
  done
fi
if [ "$renderer" = kubectl ]; then
  renderer_label="kubectl-kustomize-$kustomize_in_kubectl"
else
  renderer_label="$renderer"
fi

# 4. Validate. validate.mjs prints one line per object/file and the summary line.
set +e
output="$(node "$vdir/validate.mjs" --root "$root" --renderer "$renderer_label" "${rendered_args[@]}")"
rc=$?
set -e
summary_re='^k8s-validate: ([0-9]+) passed, ([0-9]+) failed$'
if [[ "$(printf '%s\n' "$output" | tail -n 1)" =~ $summary_re ]]; then
  passed=${BASH_REMATCH[1]}; failed=${BASH_REMATCH[2]}
  output="$(printf '%s\n' "$output" | sed '$d')"
else
  # validate.mjs could not run to the end (its error is on stderr).
  passed=0; failed=1; [ "$rc" -ne 0 ] || rc=2
fi
# Overlays that the real kustomize could not render count as failed too.
failed=$((failed + render_failed))
if [ "$render_failed" -gt 0 ] && [ "$rc" -eq 0 ]; then rc=1; fi
[ -z "$output" ] || printf '%s\n' "$output"
echo "k8s/validate.sh: done in $(( $(date +%s) - start )) s"
echo "k8s-validate: $passed passed, $failed failed"
exit "$rc"
