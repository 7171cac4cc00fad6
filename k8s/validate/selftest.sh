#!/usr/bin/env bash
# Proves that k8s/validate.sh fails on broken manifests: copies k8s/ and src/main/docker/ to a
# temporary directory, breaks one thing at a time, runs validate.sh on the copy and expects a
# non-zero exit plus a specific message. The real files are never touched. Usage:
#
#   bash k8s/validate/selftest.sh        (runs k8s/validate.sh once first, to install its packages)
#
# Last line: "k8s-validate-selftest: N passed, M failed".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# The unbroken copy must pass, and this installs node_modules if needed.
bash "$root/k8s/validate.sh" >/dev/null || { echo "k8s/validate.sh fails on the unmodified files; fix that first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0

# mutate NAME FILE SEARCH REPLACE EXPECTED: replace the single occurrence of SEARCH in FILE (relative
# to the repository root) by REPLACE, run validate.sh on the copy, expect failure and EXPECTED.
mutate() {
  local name="$1" file="$2" search="$3" replace="$4" expected="$5"
  local copy="$work/$name"
  mkdir -p "$copy"
  tar -C "$root" --exclude=k8s/validate/node_modules --exclude=k8s/validate/.work -cf - k8s src/main/docker | tar -C "$copy" -xf -
  ln -s "$root/k8s/validate/node_modules" "$copy/k8s/validate/node_modules"
  SEARCH="$search" REPLACE="$replace" node -e '
    const fs = require("fs"); const f = process.argv[1];
    const s = fs.readFileSync(f, "utf8"); const n = s.split(process.env.SEARCH).length - 1;
    if (n !== 1) { console.error(`${f}: expected one occurrence of ${JSON.stringify(process.env.SEARCH)}, found ${n}`); process.exit(1); }
    fs.writeFileSync(f, s.replace(process.env.SEARCH, () => process.env.REPLACE));
  ' "$copy/$file"
  local out rc=0
  out="$(bash "$copy/k8s/validate.sh" 2>&1)" || rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$expected" <<<"$out"; then
    passed=$((passed + 1))
    echo "ok   $name: rejected ($(grep -F -- "$expected" <<<"$out" | head -n 1 | cut -c1-150))"
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $rc, expected a failure mentioning: $expected"
    sed 's/^/    /' <<<"$out" | grep -v '^    ok ' | head -n 20
  fi
  rm -rf "$copy"
}

pg=k8s/overlays/postgresql
sq=k8s/overlays/sqlite

mutate replicas-string $pg/deployment.yaml 'replicas: 2' 'replicas: "two"' 'spec.replicas: must be integer'
mutate unknown-field $pg/deployment.yaml 'readinessProbe:' 'readinesProbe:' "unknown field 'readinesProbe'"
mutate bad-enum $pg/deployment.yaml 'imagePullPolicy: IfNotPresent' 'imagePullPolicy: Sometimes' 'imagePullPolicy'
mutate missing-required $pg/hpa.yaml '  maxReplicas: 6' '' "maxReplicas"
mutate bad-quantity $pg/deployment.yaml 'memory: 512Mi
            limits:' 'memory: 512MiB
            limits:' 'invalid quantity "512MiB"'
mutate request-over-limit $sq/statefulset.yaml 'cpu: 500m' 'cpu: "2"' 'exceeds the limit'
mutate removed-api $pg/pdb.yaml 'apiVersion: policy/v1' 'apiVersion: policy/v1beta1' 'not a GA API version'
mutate unknown-kind $pg/hpa.yaml 'kind: HorizontalPodAutoscaler' 'kind: HorizontalPodAutoscalr' 'no Kubernetes schema'
mutate selector-mismatch $pg/deployment.yaml '      labels:
        app.kubernetes.io/name: metastore
        app.kubernetes.io/component: server' '      labels:
        app.kubernetes.io/name: metastore
        app.kubernetes.io/component: web' 'match the pod template labels'
mutate service-selects-nothing k8s/base/service.yaml 'app.kubernetes.io/component: server' 'app.kubernetes.io/component: api' 'selects no pod template'
mutate probe-port $sq/statefulset.yaml 'path: /q/health/ready
              port: http' 'path: /q/health/ready
              port: web' 'names no port of the container'
mutate probe-path $pg/deployment.yaml 'path: /q/health/ready' 'path: /healthz' 'must be /q/health/ready'
mutate secret-key $pg/deployment.yaml 'key: DATABASE_URL' 'key: DATABASE_URI' 'has no key DATABASE_URI'
mutate privilege-escalation $pg/migration-job.yaml 'allowPrivilegeEscalation: false' 'allowPrivilegeEscalation: true' 'allowPrivilegeEscalation: must be false'
mutate no-tmp $sq/statefulset.yaml '            - name: tmp
              mountPath: /tmp' '' 'writable /tmp'
mutate sqlite-two-replicas $sq/statefulset.yaml 'spec:
  replicas: 1' 'spec:
  replicas: 2' 'exactly 1 replica'
mutate pg-migrate-at-start $pg/deployment.yaml 'value: "false"' 'value: "true"' 'METASTORE_SCHEMA_MIGRATE_AT_START must be "false"'
mutate no-migration-job $pg/kustomization.yaml '  - migration-job.yaml
' '' 'runs `db upgrade`'
mutate configmap-number $pg/configmap-patch.yaml 'METASTORE_PG_POOL_SIZE: "10"' 'METASTORE_PG_POOL_SIZE: 10' 'data.METASTORE_PG_POOL_SIZE: must be string'
mutate missing-resource-file $pg/kustomization.yaml '  - pdb.yaml' '  - pdb-missing.yaml' 'pdb-missing.yaml'
mutate yaml-syntax $pg/hpa.yaml '  minReplicas: 2' ' minReplicas: 2' '[render]'
mutate dockerfile-root src/main/docker/Dockerfile.jvm 'USER 185
' '' 'final USER must be a numeric non-root uid'
mutate dockerfile-healthcheck src/main/docker/Dockerfile.native '[ \"$code\" = 200 ]"]' '[ \"$code\" = 200 ]"' 'HEALTHCHECK CMD must be a JSON array'
mutate dockerfile-syntax src/main/docker/Dockerfile.native-micro 'COPY --chown=185:0 --chmod=0755 target/*-runner /deployments/application' 'COPY target/*-runner' 'COPY requires at least two arguments'

# The builtin renderer must agree with the real kustomize, when there is one to compare with.
if [ "${K8S_RENDERER:-auto}" != builtin ] && { command -v kubectl >/dev/null 2>&1 || command -v kustomize >/dev/null 2>&1; }; then
  mutate renderer-drift k8s/validate/render.mjs "['spec', 'template', 'metadata', 'labels'], ['spec', 'volumeClaimTemplates', '[]', 'metadata', 'labels']" "['spec', 'template', 'metadata', 'labels']" 'differs between'
fi

echo "k8s-validate-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
