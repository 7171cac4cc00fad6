// Validates the Metastore deployment files offline. Run it through k8s/validate.sh, which installs
// the pinned dependencies (npm ci) and renders the overlays with the real kustomize when present.
//
// What is checked, and how:
//  1. render     every overlay under k8s/overlays/ is rendered by the builtin renderer (render.mjs);
//                when validate.sh passes a rendering by kubectl/kustomize (--rendered name=file),
//                that one is validated and the builtin one must produce the same objects.
//  2. schema     each object against the Kubernetes OpenAPI schema of its apiVersion/kind, through
//                the validators generated from the Kubernetes API spec by the kubernetes-models
//                package (types, required fields, enums, int32/int64 formats, int-or-string).
//                Only GA API versions are accepted; a kind without a schema is an error.
//  3. strict     unknown (misspelt) fields, which the OpenAPI schema allows: every object is
//                type-checked by the TypeScript compiler against kubernetes-models' declarations,
//                whose excess-property check rejects any field the API does not define.
//  4. semantic   what the API server or the cluster would reject or get wrong although the schema
//                passes: names and labels syntax, resource quantities, selectors that match their
//                pod templates, Services/PDB/HPA that point at something, ConfigMap/Secret
//                references, probe ports, volume mounts; and this project's rules: non-root,
//                no privilege escalation, read-only root with a writable /tmp, probes on
//                /q/health/*, resources set, SQLite only as a single-replica StatefulSet,
//                PostgreSQL replicas not migrating at start with a `db upgrade` Job.
//  5. dockerfile every src/main/docker/Dockerfile.* is linted (dockerfile-utils) and checked for the
//                non-root USER, the /deployments/data VOLUME, the DATABASE_URL default, the
//                SQLite temp dir and a HEALTHCHECK on /q/health/ready that parses.
//
// Usage: node validate.mjs --root <repo> [--renderer <name>] [--rendered <overlay>=<file>]...
// Exit status: 0 all passed, 1 something failed, 2 the validator itself could not run.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { render, objectId, RenderError } from './render.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// arguments

const args = { root: path.resolve(here, '../..'), renderer: 'builtin', rendered: {} };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => { if (i + 1 >= process.argv.length) usage(`${a} needs a value`); return process.argv[++i]; };
  if (a === '--root') args.root = path.resolve(next());
  else if (a === '--renderer') args.renderer = next();
  else if (a === '--rendered') {
    const v = next(); const eq = v.indexOf('=');
    if (eq < 1) usage(`--rendered wants <overlay>=<file>, got ${v}`);
    args.rendered[v.slice(0, eq)] = v.slice(eq + 1);
  } else usage(`unknown argument ${a}`);
}
function usage(msg) {
  process.stderr.write(`validate.mjs: ${msg}\nusage: node validate.mjs --root <repo> [--renderer <name>] [--rendered <overlay>=<file>]...\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// results: a "unit" is one rendered object, one overlay rendering or one Dockerfile

const units = new Map(); // key -> { label, failures: [] }
function unit(key, label) {
  if (!units.has(key)) units.set(key, { label, failures: [] });
  return units.get(key);
}
function fail(key, check, where, message) {
  units.get(key).failures.push({ check, where, message });
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const jsonPath = (segments) => segments.length ? segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') : '(object)';

// ---------------------------------------------------------------------------------------------
// 1. render

const overlaysDir = path.join(args.root, 'k8s', 'overlays');
const overlayNames = fs.readdirSync(overlaysDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
if (overlayNames.length === 0) { process.stderr.write(`no overlays under ${overlaysDir}\n`); process.exit(2); }
for (const name of Object.keys(args.rendered)) {
  if (!overlayNames.includes(name)) usage(`--rendered names unknown overlay ${name}`);
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
function firstDifference(a, b, p = []) {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], [...p, k]);
      if (d) return d;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], [...p, i]);
      if (d) return d;
    }
  }
  return `${jsonPath(p)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

// The real kustomize's output is read as YAML 1.1, as kubectl reads it (kustomize quotes strings
// such as "yes" or "off", so both versions agree on its output).
function parseRendered(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' });
  const out = [];
  for (const d of docs) {
    if (d.errors.length) throw new RenderError(`${file}: ${d.errors[0].message}`);
    const v = d.toJS();
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

const overlays = []; // { name, objects }
for (const name of overlayNames) {
  const key = `render:${name}`;
  unit(key, `overlay ${name} (render)`);
  let builtin = null; let objects = null;
  try { builtin = render(path.join(overlaysDir, name)); } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    fail(key, 'render', `overlay ${name}`, `builtin renderer: ${e.message}`);
  }
  if (args.rendered[name]) {
    try { objects = parseRendered(args.rendered[name]); } catch (e) {
      fail(key, 'render', `overlay ${name}`, `${args.renderer} output: ${e.message}`);
    }
    if (objects && builtin) {
      const a = new Map(objects.map((o) => [objectId(o), sortKeys(o)]));
      const b = new Map(builtin.map((o) => [objectId(o), sortKeys(o)]));
      for (const id of new Set([...a.keys(), ...b.keys()])) {
        if (!a.has(id)) fail(key, 'render', `overlay ${name}`, `builtin renderer produces ${id}, ${args.renderer} does not`);
        else if (!b.has(id)) fail(key, 'render', `overlay ${name}`, `${args.renderer} produces ${id}, the builtin renderer does not`);
        else {
          const d = firstDifference(a.get(id), b.get(id));
          if (d) fail(key, 'render', `overlay ${name}`, `${id} differs between ${args.renderer} and the builtin renderer at ${d}`);
        }
      }
    }
  } else {
    objects = builtin;
  }
  if (objects) overlays.push({ name, objects });
}

// ---------------------------------------------------------------------------------------------
// 2. schema (kubernetes-models, generated from the Kubernetes OpenAPI spec)

const modelsVersion = require('kubernetes-models/package.json').version;

function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return { error: 'apiVersion and kind must be set' };
  const parts = apiVersion.split('/');
  if (parts.length > 2 || parts.some((p) => !/^[a-z0-9.-]+$/.test(p))) return { error: `malformed apiVersion ${apiVersion}` };
  const version = parts.at(-1);
  if (/alpha|beta/.test(version)) return { error: `${apiVersion} is not a GA API version (pre-release APIs are disabled or removed in current clusters)` };
  const modulePath = parts.length === 1 ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${parts[0]}/${version}/${kind}`;
  let mod;
  try { mod = require(modulePath); } catch { return { error: `no Kubernetes schema for ${apiVersion} ${kind} (unknown kind or API version)` }; }
  const Model = mod[kind];
  if (typeof Model !== 'function' || Model.apiVersion !== apiVersion || Model.kind !== kind) {
    return { error: `no Kubernetes schema for ${apiVersion} ${kind}` };
  }
  return { Model, modulePath, typeName: `I${kind}` };
}

const checked = []; // { key, overlay, obj, model }
for (const { name, objects } of overlays) {
  objects.forEach((obj, i) => {
    const id = isMap(obj) ? `${obj.kind}/${obj.metadata?.name}` : `document ${i + 1}`;
    const key = `obj:${name}:${i}`;
    unit(key, `${name} ${id}`);
    if (!isMap(obj)) { fail(key, 'schema', `${name} ${id}`, 'a manifest must be a mapping'); return; }
    const m = modelFor(obj.apiVersion, obj.kind);
    if (m.error) { fail(key, 'schema', `${name} ${id}`, m.error); return; }
    try {
      new m.Model(structuredClone(obj)).validate();
    } catch (e) {
      const errors = Array.isArray(e.errors) ? e.errors : [{ instancePath: '', message: e.message }];
      // oneOf/anyOf wrappers repeat what their branches said; keep the most specific lines.
      const shown = errors.filter((er) => !['oneOf', 'anyOf'].includes(er.keyword));
      for (const er of (shown.length ? shown : errors)) {
        const p = jsonPath((er.instancePath || '').split('/').slice(1)
          .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~')).map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg)));
        const missing = er.params?.missingProperty;
        const extra = er.params?.allowedValues ? ` (${er.params.allowedValues.join(', ')})`
          : missing && !String(er.message).includes(missing) ? ` '${missing}'` : '';
        fail(key, 'schema', `${name} ${id}`, `${p}: ${er.message}${extra}`);
      }
    }
    checked.push({ key, overlay: name, obj, model: m, id });
  });
}

// ---------------------------------------------------------------------------------------------
// 3. strict: unknown fields, through the TypeScript compiler's excess-property check

function strictCheck(items) {
  if (items.length === 0) return;
  const ts = require('typescript');
  const workDir = path.join(here, '.work');
  fs.mkdirSync(workDir, { recursive: true });
  // Inside k8s/validate so that the imports resolve to its node_modules; one file per run.
  const file = path.join(workDir, `manifests-${process.pid}.ts`);
  const lines = []; // { text, item, path }
  const imports = new Map();
  for (const it of items) {
    if (!imports.has(it.model.modulePath)) imports.set(it.model.modulePath, `T${imports.size}`);
  }
  for (const [mod, alias] of imports) {
    const typeName = items.find((it) => it.model.modulePath === mod).model.typeName;
    lines.push({ text: `import type { ${typeName} as ${alias} } from ${JSON.stringify(mod)};`, item: null, path: [] });
  }
  const emit = (v, ind, p, prefix, item) => {
    if (isMap(v) && Object.keys(v).length) {
      lines.push({ text: `${prefix}{`, item, path: p });
      for (const k of Object.keys(v)) {
        emit(v[k], `${ind}  `, [...p, k], `${ind}  ${JSON.stringify(k)}: `, item);
        lines[lines.length - 1].text += ',';
      }
      lines.push({ text: `${ind}}`, item, path: p });
    } else if (Array.isArray(v) && v.length) {
      lines.push({ text: `${prefix}[`, item, path: p });
      v.forEach((e, i) => {
        emit(e, `${ind}  `, [...p, i], `${ind}  `, item);
        lines[lines.length - 1].text += ',';
      });
      lines.push({ text: `${ind}]`, item, path: p });
    } else {
      lines.push({ text: `${prefix}${v === undefined ? 'null' : JSON.stringify(v)}`, item, path: p });
    }
  };
  items.forEach((it, i) => {
    emit(it.obj, '', [], `export const o${i}: ${imports.get(it.model.modulePath)} = `, it);
    lines[lines.length - 1].text += ';';
  });
  fs.writeFileSync(file, `${lines.map((l) => l.text).join('\n')}\n`);

  const program = ts.createProgram([file], {
    noEmit: true, strict: true, skipLibCheck: true, types: [],
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  fs.rmSync(file, { force: true });
  for (const d of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || path.resolve(d.file.fileName) !== file) {
      throw new Error(`TypeScript could not check the manifests: ${text}`);
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const l = lines[line];
    if (!l || !l.item) throw new Error(`TypeScript could not check the manifests: ${text}`);
    // The first line of a TypeScript message says what is wrong; the rest is the type chain.
    let msg = text.split('\n')[0].replace(/"(\w+)"/g, '$1');
    const unknown = /Object literal may only specify known properties, and '([^']+)' does not exist in type '([^']+)'/.exec(msg);
    if (unknown) msg = `unknown field '${unknown[1]}' (not in the Kubernetes API type ${unknown[2].replace(/^I(IoK8s\w+?V\d\w*?)?/, '')})`;
    fail(l.item.key, 'strict', `${l.item.overlay} ${l.item.id}`, `${jsonPath(l.path)}: ${msg}`);
  }
}
try {
  strictCheck(checked);
} catch (e) {
  process.stderr.write(`validate.mjs: ${e.message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// 4. semantic checks

const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^(?=.{1,63}$)[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^((?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const PORT_NAME = /^(?=.{1,15}$)(?!.*--)(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const NAME_RULES = { Service: [DNS1035_LABEL, 'a DNS-1035 label'], Namespace: [DNS1123_LABEL, 'a DNS-1123 label'] };
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);
const SERVERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function quantityValue(q) {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string' || !QUANTITY.test(q)) return NaN;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(q);
  if (/^[eE]/.test(m[2])) return Number(m[1]) * 10 ** Number(m[2].slice(1));
  return Number(m[1]) * SUFFIX[m[2]];
}
function checkLabels(report, labels, where) {
  if (labels === undefined || labels === null) return;
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : null;
    const nm = slash >= 0 ? k.slice(slash + 1) : k;
    if ((prefix !== null && !DNS1123_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(nm)) report(where, `invalid label key '${k}'`);
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) report(where, `invalid label value ${JSON.stringify(v)} for '${k}'`);
  }
}
const matches = (selector, labels) => isMap(selector) && Object.keys(selector).length > 0
  && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function podTemplate(o) {
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template;
  return o.spec?.template;
}

function semanticChecks({ key, overlay, obj, id }, all) {
  const report = (p, msg) => fail(key, 'semantic', `${overlay} ${id}`, `${p}: ${msg}`);
  const find = (kind, name) => all.find((o) => o.kind === kind && o.metadata?.name === name);
  const md = obj.metadata ?? {};
  const [nameRule, nameRuleText] = NAME_RULES[obj.kind] ?? [DNS1123_SUBDOMAIN, 'a DNS-1123 subdomain'];
  if (typeof md.name !== 'string' || !nameRule.test(md.name)) report('metadata.name', `must be ${nameRuleText}, got ${JSON.stringify(md.name)}`);
  checkLabels(report, md.labels, 'metadata.labels');
  for (const l of ['app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by']) {
    if (!md.labels?.[l]) report('metadata.labels', `the common label ${l} from k8s/base is missing`);
  }

  if (obj.kind === 'ConfigMap' || obj.kind === 'Secret') {
    for (const field of ['data', 'binaryData', 'stringData']) {
      for (const k of Object.keys(obj[field] ?? {})) if (!CONFIG_KEY.test(k)) report(`${field}.${k}`, 'invalid key');
    }
  }

  if (WORKLOADS.has(obj.kind)) {
    const tpl = podTemplate(obj);
    const spec = tpl?.spec ?? {};
    const tplPath = obj.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
    checkLabels(report, tpl?.metadata?.labels, `${tplPath}.metadata.labels`);
    const sel = obj.spec?.selector;
    if (sel && obj.kind !== 'Job') {
      if (sel.matchExpressions) report('spec.selector', 'matchExpressions are not supported by this check; use matchLabels');
      if (!matches(sel.matchLabels, tpl?.metadata?.labels)) report('spec.selector.matchLabels', 'must be non-empty and match the pod template labels (the API server rejects it otherwise)');
    }
    if (obj.kind === 'Job' || obj.kind === 'CronJob') {
      if (!['Never', 'OnFailure'].includes(spec.restartPolicy)) report(`${tplPath}.spec.restartPolicy`, 'a Job pod needs restartPolicy Never or OnFailure');
    }
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const v of obj.spec?.volumeClaimTemplates ?? []) volumes.add(v.metadata?.name);
    const psc = spec.securityContext ?? {};
    if (psc.runAsUser === 0) report(`${tplPath}.spec.securityContext.runAsUser`, 'must not be 0 (root)');
    const containers = [...(spec.initContainers ?? []).map((c, i) => [c, `initContainers[${i}]`]), ...(spec.containers ?? []).map((c, i) => [c, `containers[${i}]`])];
    if (!(spec.containers ?? []).length) report(`${tplPath}.spec.containers`, 'at least one container is required');
    const names = new Set();
    for (const [c, cp] of containers) {
      const p = `${tplPath}.spec.${cp}`;
      if (!DNS1123_LABEL.test(c.name ?? '')) report(`${p}.name`, `must be a DNS-1123 label, got ${JSON.stringify(c.name)}`);
      if (names.has(c.name)) report(`${p}.name`, `duplicate container name ${c.name}`);
      names.add(c.name);
      if (typeof c.image !== 'string' || c.image.trim() === '') report(`${p}.image`, 'is required');
      const portNames = new Set(); const portNumbers = new Set();
      for (const [i, port] of (c.ports ?? []).entries()) {
        if (port.name !== undefined) {
          if (!PORT_NAME.test(port.name)) report(`${p}.ports[${i}].name`, `invalid port name ${JSON.stringify(port.name)} (IANA service name: at most 15 lowercase letters, digits, '-')`);
          if (portNames.has(port.name)) report(`${p}.ports[${i}].name`, `duplicate port name ${port.name}`);
          portNames.add(port.name);
        }
        if (!(port.containerPort >= 1 && port.containerPort <= 65535)) report(`${p}.ports[${i}].containerPort`, 'must be 1-65535');
        portNumbers.add(port.containerPort);
      }
      // probes
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const pr = c[probe];
        if (!pr) {
          if (SERVERS.has(obj.kind) && cp.startsWith('containers')) report(`${p}.${probe}`, 'is required for a server container');
          continue;
        }
        const port = pr.httpGet?.port;
        if (typeof port === 'string' && !portNames.has(port)) report(`${p}.${probe}.httpGet.port`, `names no port of the container: ${port}`);
        if (typeof port === 'number' && !portNumbers.has(port)) report(`${p}.${probe}.httpGet.port`, `${port} is not a containerPort of the container`);
        if (SERVERS.has(obj.kind)) {
          if (!pr.httpGet) report(`${p}.${probe}`, 'must be an httpGet probe on /q/health/*');
          else {
            const want = probe === 'readinessProbe' ? ['/q/health/ready'] : ['/q/health/live', '/q/health/started'];
            if (!want.includes(pr.httpGet.path)) report(`${p}.${probe}.httpGet.path`, `must be ${want.join(' or ')}, got ${pr.httpGet.path}`);
          }
        }
      }
      // resources
      const res = c.resources ?? {};
      for (const kind of ['requests', 'limits']) {
        for (const [r, q] of Object.entries(res[kind] ?? {})) {
          if (Number.isNaN(quantityValue(q))) report(`${p}.resources.${kind}.${r}`, `invalid quantity ${JSON.stringify(q)}`);
        }
      }
      for (const [r, q] of Object.entries(res.requests ?? {})) {
        const lim = res.limits?.[r];
        if (lim !== undefined && quantityValue(q) > quantityValue(lim)) report(`${p}.resources.requests.${r}`, `${q} exceeds the limit ${lim}`);
      }
      for (const need of ['requests.cpu', 'requests.memory', 'limits.memory']) {
        const [a, b] = need.split('.');
        if (res[a]?.[b] === undefined) report(`${p}.resources.${need}`, 'must be set (see the sizing comment in the manifests)');
      }
      // security
      const sc = c.securityContext ?? {};
      if (!(sc.runAsNonRoot === true || (psc.runAsNonRoot === true && sc.runAsNonRoot !== false))) report(`${p}.securityContext.runAsNonRoot`, 'must be true (here or in the pod securityContext)');
      if (sc.runAsUser === 0) report(`${p}.securityContext.runAsUser`, 'must not be 0 (root)');
      if (sc.allowPrivilegeEscalation !== false) report(`${p}.securityContext.allowPrivilegeEscalation`, 'must be false');
      if (sc.privileged === true) report(`${p}.securityContext.privileged`, 'must not be true');
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) report(`${p}.securityContext.capabilities.drop`, 'must contain ALL');
      if ((sc.seccompProfile ?? psc.seccompProfile)?.type !== 'RuntimeDefault' && (sc.seccompProfile ?? psc.seccompProfile)?.type !== 'Localhost') report(`${p}.securityContext.seccompProfile`, 'must be RuntimeDefault (here or in the pod securityContext)');
      if (sc.readOnlyRootFilesystem !== true) report(`${p}.securityContext.readOnlyRootFilesystem`, 'must be true');
      const mounts = c.volumeMounts ?? [];
      for (const [i, m] of mounts.entries()) {
        if (!volumes.has(m.name)) report(`${p}.volumeMounts[${i}].name`, `no volume or volumeClaimTemplate named ${m.name}`);
      }
      if (sc.readOnlyRootFilesystem === true && !mounts.some((m) => m.mountPath === '/tmp')) {
        report(`${p}.volumeMounts`, 'a read-only root filesystem needs a writable /tmp mount (emptyDir): the JVM and SQLite\'s native library use it');
      }
      // references to ConfigMaps and Secrets
      for (const [i, ef] of (c.envFrom ?? []).entries()) {
        for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']]) {
          if (ef[field] && !ef[field].optional && !find(kind, ef[field].name)) report(`${p}.envFrom[${i}].${field}`, `${kind} ${ef[field].name} is not part of this overlay`);
        }
      }
      const envNames = new Set();
      for (const [i, e] of (c.env ?? []).entries()) {
        if (!ENV_NAME.test(e.name ?? '')) report(`${p}.env[${i}].name`, `invalid variable name ${JSON.stringify(e.name)}`);
        if (envNames.has(e.name)) report(`${p}.env[${i}].name`, `${e.name} is set twice`);
        envNames.add(e.name);
        for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']]) {
          const ref = e.valueFrom?.[field];
          if (!ref || ref.optional) continue;
          const target = find(kind, ref.name);
          if (!target) report(`${p}.env[${i}].valueFrom.${field}`, `${kind} ${ref.name} is not part of this overlay`);
          else if (![target.data, target.stringData, target.binaryData].some((d) => d && ref.key in d)) report(`${p}.env[${i}].valueFrom.${field}.key`, `${kind} ${ref.name} has no key ${ref.key}`);
        }
      }
    }
    if (obj.kind === 'StatefulSet' && obj.spec?.serviceName) {
      const svc = find('Service', obj.spec.serviceName);
      if (!svc) report('spec.serviceName', `Service ${obj.spec.serviceName} is not part of this overlay`);
      else if (svc.spec?.clusterIP !== 'None') report('spec.serviceName', `Service ${obj.spec.serviceName} must be headless (clusterIP: None)`);
    }
  }

  if (obj.kind === 'Service') {
    const sel = obj.spec?.selector;
    const pods = all.filter((o) => WORKLOADS.has(o.kind) && matches(sel, podTemplate(o)?.metadata?.labels));
    if (!pods.length) report('spec.selector', 'selects no pod template of this overlay');
    for (const [i, port] of (obj.spec?.ports ?? []).entries()) {
      if (port.name !== undefined && !PORT_NAME.test(port.name)) report(`spec.ports[${i}].name`, `invalid port name ${JSON.stringify(port.name)}`);
      if (typeof port.targetPort === 'string') {
        const ok = pods.some((o) => (podTemplate(o)?.spec?.containers ?? []).some((c) => (c.ports ?? []).some((cp) => cp.name === port.targetPort)));
        if (pods.length && !ok) report(`spec.ports[${i}].targetPort`, `no selected container has a port named ${port.targetPort}`);
      }
    }
  }
  if (obj.kind === 'PodDisruptionBudget') {
    if (!all.some((o) => SERVERS.has(o.kind) && matches(obj.spec?.selector?.matchLabels, podTemplate(o)?.metadata?.labels))) report('spec.selector', 'selects no server pod template of this overlay');
  }
  if (obj.kind === 'HorizontalPodAutoscaler') {
    const ref = obj.spec?.scaleTargetRef ?? {};
    const target = all.find((o) => o.kind === ref.kind && o.metadata?.name === ref.name && o.apiVersion === ref.apiVersion);
    if (!target) report('spec.scaleTargetRef', `${ref.apiVersion} ${ref.kind} ${ref.name} is not part of this overlay`);
    if ((obj.spec?.minReplicas ?? 1) > obj.spec?.maxReplicas) report('spec.minReplicas', 'exceeds maxReplicas');
    for (const [i, m] of (obj.spec?.metrics ?? []).entries()) {
      if (m.type === 'Resource' && m.resource?.target?.type === 'Utilization' && target) {
        const missing = (podTemplate(target)?.spec?.containers ?? []).filter((c) => c.resources?.requests?.[m.resource.name] === undefined);
        if (missing.length) report(`spec.metrics[${i}]`, `Utilization of ${m.resource.name} needs a ${m.resource.name} request on every container`);
      }
    }
  }
}

// The environment a container sees (env overrides envFrom), resolved within the overlay.
function containerEnv(c, all) {
  const env = {};
  for (const ef of c.envFrom ?? []) {
    const cm = ef.configMapRef && all.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === ef.configMapRef.name);
    const sec = ef.secretRef && all.find((o) => o.kind === 'Secret' && o.metadata?.name === ef.secretRef.name);
    Object.assign(env, cm?.data ?? {}, sec?.stringData ?? {});
    for (const [k, v] of Object.entries(sec?.data ?? {})) env[k] = Buffer.from(String(v), 'base64').toString('utf8');
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    const cref = e.valueFrom?.configMapKeyRef; const sref = e.valueFrom?.secretKeyRef;
    if (cref) env[e.name] = all.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === cref.name)?.data?.[cref.key];
    if (sref) {
      const s = all.find((o) => o.kind === 'Secret' && o.metadata?.name === sref.name);
      env[e.name] = s?.stringData?.[sref.key] ?? (s?.data?.[sref.key] !== undefined ? Buffer.from(String(s.data[sref.key]), 'base64').toString('utf8') : undefined);
    }
  }
  return env;
}

// This project's rules about the database: they decide how many replicas may run.
function databaseChecks(overlay, items, all) {
  for (const it of items) {
    const obj = it.obj;
    if (!SERVERS.has(obj.kind)) continue;
    const report = (p, msg) => fail(it.key, 'semantic', `${overlay} ${it.id}`, `${p}: ${msg}`);
    for (const [i, c] of (podTemplate(obj)?.spec?.containers ?? []).entries()) {
      const env = containerEnv(c, all);
      const url = env.DATABASE_URL ?? 'sqlite:///data/metastore.db (default)';
      const p = `spec.template.spec.containers[${i}]`;
      if (url.startsWith('sqlite:') || url.startsWith('jdbc:sqlite:')) {
        if (obj.kind !== 'StatefulSet') report('kind', 'SQLite is a single-writer embedded file: run it as a StatefulSet');
        if (obj.spec?.replicas !== 1) report('spec.replicas', `SQLite is a single-writer embedded file: exactly 1 replica, got ${JSON.stringify(obj.spec?.replicas)}`);
        if (all.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.name === obj.metadata?.name)) report('spec', 'an HPA must not scale the SQLite server');
        const m = /^(?:jdbc:)?sqlite:\/\/\/(\/.*)\/[^/]+$/.exec(url);
        if (!m) report(`${p}.env DATABASE_URL`, `use an absolute file on the data volume (sqlite:////deployments/data/metastore.db), got ${url}`);
        else {
          const mount = (c.volumeMounts ?? []).find((vm) => vm.mountPath === m[1]);
          const claim = mount && (obj.spec?.volumeClaimTemplates ?? []).some((v) => v.metadata?.name === mount.name);
          if (!claim) report(`${p}.volumeMounts`, `${m[1]}, the directory of the SQLite file, must be a volumeClaimTemplate mount`);
        }
      } else if (/^(postgres(ql)?(\+\w+)?:|jdbc:postgresql:)/.test(url)) {
        const hpa = all.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === obj.kind && o.spec?.scaleTargetRef?.name === obj.metadata?.name);
        if (obj.kind === 'Deployment' && !((obj.spec?.replicas ?? 1) >= 2)) report('spec.replicas', 'at least 2 replicas for availability');
        if (hpa && !((hpa.spec?.minReplicas ?? 1) >= 2)) report('spec', `HorizontalPodAutoscaler ${hpa.metadata?.name} must keep at least 2 replicas (minReplicas)`);
        if (env.METASTORE_SCHEMA_MIGRATE_AT_START !== 'false') report(`${p}.env`, 'METASTORE_SCHEMA_MIGRATE_AT_START must be "false": several replicas must not race the schema; the migration Job migrates');
        const jobs = all.filter((o) => o.kind === 'Job' && (podTemplate(o)?.spec?.containers ?? []).some((jc) => {
          const cmd = [...(jc.command ?? []), ...(jc.args ?? [])].join(' ');
          return /(^|\s)db upgrade(\s|$)/.test(cmd) && containerEnv(jc, all).DATABASE_URL === env.DATABASE_URL && jc.image === c.image;
        }));
        if (!jobs.length) report('spec', 'no Job in this overlay runs `db upgrade` with the same image and DATABASE_URL');
        if (!all.some((o) => o.kind === 'PodDisruptionBudget')) report('spec', 'a PodDisruptionBudget is expected for the replicated server');
      } else {
        report(`${p}.env DATABASE_URL`, `unrecognised database URL ${url}`);
      }
    }
  }
}

for (const { name, objects } of overlays) {
  const items = checked.filter((it) => it.overlay === name);
  for (const it of items) semanticChecks(it, objects);
  databaseChecks(name, items, objects);
}

// ---------------------------------------------------------------------------------------------
// 5. Dockerfiles

function dockerfileInstructions(text) {
  const out = [];
  let buf = ''; let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!buf && (/^\s*#/.test(line) || !line.trim())) return;
    if (buf && /^\s*#/.test(line)) return; // comments inside a continuation
    if (!buf) startLine = i + 1;
    if (/\\\s*$/.test(line)) { buf += `${line.replace(/\\\s*$/, '')} `; return; }
    buf += line;
    const m = /^\s*(\w+)\s*(.*)$/s.exec(buf);
    if (m) out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: startLine });
    buf = '';
  });
  return out;
}

const dockerDir = path.join(args.root, 'src', 'main', 'docker');
const dockerfiles = fs.existsSync(dockerDir) ? fs.readdirSync(dockerDir).filter((f) => f.startsWith('Dockerfile')).sort() : [];
const dfu = require('dockerfile-utils');
for (const f of dockerfiles) {
  const key = `docker:${f}`;
  unit(key, `src/main/docker/${f}`);
  const report = (line, msg) => fail(key, 'dockerfile', `src/main/docker/${f}${line ? `:${line}` : ''}`, msg);
  const text = fs.readFileSync(path.join(dockerDir, f), 'utf8');
  for (const d of dfu.validate(text)) report(d.range.start.line + 1, `${d.severity === 1 ? 'error' : 'warning'}: ${d.message}`);
  const ins = dockerfileInstructions(text);
  const all = (k) => ins.filter((i) => i.keyword === k);
  if (!/^\s*#+\s*\S/m.test(text.split('\n').slice(0, 3).join('\n')) || !/docker build -f src\/main\/docker\//.test(text)) report(1, 'the header comment must say how to build the image (docker build -f src/main/docker/...)');
  const users = all('USER');
  const lastUser = users.at(-1)?.args.split(':')[0];
  if (!lastUser) report(0, 'no USER: the image would run as root');
  else if (!/^[1-9]\d*$/.test(lastUser)) report(users.at(-1).line, `the final USER must be a numeric non-root uid (Kubernetes runAsNonRoot checks numbers), got ${lastUser}`);
  if (!all('VOLUME').some((v) => v.args.includes('/deployments/data'))) report(0, 'VOLUME /deployments/data (the SQLite data directory) is missing');
  if (!all('ENV').some((e) => /DATABASE_URL="?sqlite:\/\/\/\/deployments\/data\/metastore\.db"?/.test(e.args))) report(0, 'ENV DATABASE_URL=sqlite:////deployments/data/metastore.db is missing');
  if (!/-Dorg\.sqlite\.tmpdir=\S+/.test(text)) report(0, '-Dorg.sqlite.tmpdir=<writable dir> is missing');
  for (const k of ['ENTRYPOINT']) {
    const e = all(k).at(-1);
    if (!e) report(0, `${k} is missing`);
    else { try { JSON.parse(e.args); } catch { report(e.line, `${k} should use the exec (JSON) form so that signals reach the application`); } }
  }
  const hc = all('HEALTHCHECK');
  if (hc.length !== 1) report(0, 'exactly one HEALTHCHECK is expected');
  else {
    const m = /\bCMD\s+(.*)$/s.exec(hc[0].args);
    let cmd = null;
    try { cmd = JSON.parse(m?.[1] ?? ''); } catch { report(hc[0].line, 'HEALTHCHECK CMD must be a JSON array (exec form), and valid JSON'); }
    if (cmd) {
      if (!Array.isArray(cmd) || cmd.some((s) => typeof s !== 'string')) report(hc[0].line, 'HEALTHCHECK CMD must be an array of strings');
      else {
        if (!cmd.join(' ').includes('/q/health/ready')) report(hc[0].line, 'HEALTHCHECK must ask /q/health/ready');
        if (cmd[0] === 'bash' && cmd[1] === '-c') {
          const r = spawnSync('bash', ['-n', '-c', cmd[2] ?? ''], { encoding: 'utf8' });
          if (r.status !== 0) report(hc[0].line, `HEALTHCHECK script does not parse: ${(r.stderr || '').trim()}`);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// report

let passed = 0; let failed = 0; let problems = 0;
for (const u of units.values()) {
  if (u.failures.length) {
    failed++;
    for (const f of u.failures) { problems++; process.stdout.write(`FAIL [${f.check}] ${f.where}: ${f.message}\n`); }
  } else {
    passed++;
    process.stdout.write(`ok   ${u.label}\n`);
  }
}
const objectCount = overlays.reduce((n, o) => n + o.objects.length, 0);
process.stdout.write(`checked ${overlayNames.length} overlays (${overlayNames.join(', ')}) rendered by ${args.renderer}`
  + `${Object.keys(args.rendered).length ? ' and cross-checked with the builtin renderer' : ''}, ${objectCount} objects against the Kubernetes API schemas`
  + ` (kubernetes-models ${modelsVersion}) plus strict field and semantic checks, ${dockerfiles.length} Dockerfiles; ${problems} problem(s)\n`);
process.stdout.write(`k8s-validate: ${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
