// A small, dependency-light renderer for the subset of kustomize that k8s/ uses, so the manifests
// can be rendered and validated on a machine without kubectl/kustomize. validate.sh prefers the
// real kustomize (kubectl kustomize or kustomize build) and then checks that this renderer gives
// the same objects, so any drift between the two is reported instead of silently trusted.
//
// Supported kustomization fields (anything else is an error, never silently ignored):
//   apiVersion, kind (Kustomization or Component), resources (files or directories),
//   components, namespace, labels (pairs, includeSelectors, includeTemplates),
//   images (name, newName, newTag, digest), patches (path: strategic-merge patch of one object).
//
// Usage as a CLI: node render.mjs <overlay-dir>   (prints multi-document YAML)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const SUPPORTED_FIELDS = new Set([
  'apiVersion', 'kind', 'resources', 'components', 'namespace', 'labels', 'images', 'patches',
]);

export class RenderError extends Error {}

// YAML 1.2 (the yaml package's default), as kustomize reads its inputs: an unquoted yes/no/on/off
// stays a string (kustomize then quotes it in its output).
function readYamlDocs(file) {
  const text = fs.readFileSync(file, 'utf8');
  const docs = YAML.parseAllDocuments(text, { prettyErrors: true });
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      throw new RenderError(`${file}: YAML error: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    out.push(value);
  }
  return out;
}

function findKustomization(dir) {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new RenderError(`${dir}: no kustomization.yaml`);
}

function loadKustomization(dir) {
  const file = findKustomization(dir);
  const docs = readYamlDocs(file);
  if (docs.length !== 1 || typeof docs[0] !== 'object' || Array.isArray(docs[0])) {
    throw new RenderError(`${file}: expected exactly one mapping`);
  }
  const k = docs[0];
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_FIELDS.has(key)) {
      throw new RenderError(`${file}: field '${key}' is not supported by the builtin renderer`);
    }
  }
  return { file, k };
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = (v) => structuredClone(v);

export function objectId(o) {
  const ns = o?.metadata?.namespace ?? '';
  return `${o?.apiVersion}/${o?.kind}/${ns}/${o?.metadata?.name}`;
}

// Paths that receive labels when includeTemplates is true (kustomize's template label field specs).
const TEMPLATE_LABEL_PATHS = {
  Deployment: [['spec', 'template', 'metadata', 'labels']],
  ReplicaSet: [['spec', 'template', 'metadata', 'labels']],
  DaemonSet: [['spec', 'template', 'metadata', 'labels']],
  StatefulSet: [['spec', 'template', 'metadata', 'labels'], ['spec', 'volumeClaimTemplates', '[]', 'metadata', 'labels']],
  ReplicationController: [['spec', 'template', 'metadata', 'labels']],
  Job: [['spec', 'template', 'metadata', 'labels']],
  CronJob: [['spec', 'jobTemplate', 'metadata', 'labels'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']],
};
// Paths that receive labels when includeSelectors is true (in addition to the template ones).
const SELECTOR_LABEL_PATHS = {
  Service: [['spec', 'selector']],
  Deployment: [['spec', 'selector', 'matchLabels']],
  ReplicaSet: [['spec', 'selector', 'matchLabels']],
  DaemonSet: [['spec', 'selector', 'matchLabels']],
  StatefulSet: [['spec', 'selector', 'matchLabels']],
  ReplicationController: [['spec', 'selector']],
  Job: [['spec', 'selector', 'matchLabels']],
  PodDisruptionBudget: [['spec', 'selector', 'matchLabels']],
};

// Sets every label at path (creating intermediate maps, like kustomize's field specs with create).
function addAt(node, segments, labels, create) {
  if (segments.length === 0) return;
  const [head, ...rest] = segments;
  if (head === '[]') {
    if (Array.isArray(node)) for (const item of node) addAt(item, rest, labels, create);
    return;
  }
  if (!isMap(node)) return;
  if (rest.length === 0) {
    if (node[head] === undefined) {
      if (!create) return;
      node[head] = {};
    }
    if (!isMap(node[head])) return;
    Object.assign(node[head], labels);
    return;
  }
  if (node[head] === undefined) {
    if (!create || rest[0] === '[]') return;
    node[head] = {};
  }
  addAt(node[head], rest, labels, create);
}

function applyLabels(objects, specs, file) {
  for (const spec of specs ?? []) {
    if (!isMap(spec) || !isMap(spec.pairs)) throw new RenderError(`${file}: labels entries need 'pairs'`);
    for (const key of Object.keys(spec)) {
      if (!['pairs', 'includeSelectors', 'includeTemplates'].includes(key)) {
        throw new RenderError(`${file}: labels.${key} is not supported by the builtin renderer`);
      }
    }
    const pairs = Object.fromEntries(Object.entries(spec.pairs).map(([k, v]) => [k, String(v)]));
    for (const o of objects) {
      o.metadata ??= {};
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...pairs };
      const paths = [];
      if (spec.includeTemplates || spec.includeSelectors) paths.push(...(TEMPLATE_LABEL_PATHS[o.kind] ?? []));
      if (spec.includeSelectors) paths.push(...(SELECTOR_LABEL_PATHS[o.kind] ?? []));
      for (const p of paths) addAt(o, p, pairs, p.at(-1) === 'labels' || spec.includeSelectors);
    }
  }
}

function podSpecs(o) {
  const specs = [];
  if (o.kind === 'Pod' && o.spec) specs.push(o.spec);
  if (o.spec?.template?.spec) specs.push(o.spec.template.spec);
  if (o.spec?.jobTemplate?.spec?.template?.spec) specs.push(o.spec.jobTemplate.spec.template.spec);
  return specs;
}

function applyImages(objects, images, file) {
  for (const img of images ?? []) {
    for (const key of Object.keys(img)) {
      if (!['name', 'newName', 'newTag', 'digest'].includes(key)) {
        throw new RenderError(`${file}: images.${key} is not supported by the builtin renderer`);
      }
    }
    for (const o of objects) {
      for (const spec of podSpecs(o)) {
        for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
          if (typeof c.image !== 'string') continue;
          const m = /^([^@]+?)(?::([^:/@]+))?(?:@(.+))?$/.exec(c.image);
          if (!m || m[1] !== img.name) continue;
          let name = img.newName ?? m[1];
          let tag = m[2] ? `:${m[2]}` : '';
          let digest = m[3] ? `@${m[3]}` : '';
          if (img.newTag !== undefined) { tag = `:${img.newTag}`; digest = ''; }
          if (img.digest !== undefined) { digest = `@${img.digest}`; tag = ''; }
          c.image = `${name}${tag}${digest}`;
        }
      }
    }
  }
}

// Strategic merge: maps merge recursively, null deletes, lists of maps merge by 'name' when every
// element has one (containers, env, ports, volumes, volumeMounts by their merge keys), other lists
// are replaced. This matches kustomize for the shapes k8s/ patches; validate.sh cross-checks it.
function strategicMerge(target, patch) {
  if (!isMap(target) || !isMap(patch)) return clone(patch);
  const out = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) throw new RenderError(`patch directive ${k} is not supported by the builtin renderer`);
    if (v === null) { delete out[k]; continue; }
    const t = out[k];
    if (Array.isArray(v) && Array.isArray(t) && [...v, ...t].every((e) => isMap(e) && typeof e.name === 'string')) {
      const merged = t.map(clone);
      for (const pe of v) {
        const i = merged.findIndex((e) => e.name === pe.name);
        if (i >= 0) merged[i] = strategicMerge(merged[i], pe); else merged.push(clone(pe));
      }
      out[k] = merged;
    } else if (isMap(v) && isMap(t)) {
      out[k] = strategicMerge(t, v);
    } else {
      out[k] = clone(v);
    }
  }
  return out;
}

function applyPatches(objects, patches, dir, file) {
  for (const p of patches ?? []) {
    for (const key of Object.keys(p)) {
      if (key !== 'path') throw new RenderError(`${file}: patches.${key} is not supported by the builtin renderer (use path:)`);
    }
    const pfile = path.join(dir, p.path);
    for (const patch of readYamlDocs(pfile)) {
      const matches = objects.filter((o) => o.kind === patch.kind && o.metadata?.name === patch.metadata?.name
        && (patch.metadata?.namespace === undefined || o.metadata?.namespace === patch.metadata.namespace));
      if (matches.length !== 1) {
        throw new RenderError(`${pfile}: patch targets ${patch.kind}/${patch.metadata?.name}, which matches ${matches.length} objects`);
      }
      const i = objects.indexOf(matches[0]);
      objects[i] = strategicMerge(objects[i], patch);
    }
  }
}

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'IngressClass', 'RuntimeClass', 'Node', 'CSIDriver', 'VolumeAttachment',
]);

function applyTransformers(objects, k, dir, file) {
  applyPatches(objects, k.patches, dir, file);
  if (k.namespace !== undefined) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) { o.metadata ??= {}; o.metadata.namespace = k.namespace; }
  }
  applyLabels(objects, k.labels, file);
  applyImages(objects, k.images, file);
}

function build(dir, expectedKind, stack) {
  const abs = path.resolve(dir);
  if (stack.includes(abs)) throw new RenderError(`cycle: ${[...stack, abs].join(' -> ')}`);
  const { file, k } = loadKustomization(abs);
  const kind = k.kind ?? 'Kustomization';
  if (kind !== expectedKind) throw new RenderError(`${file}: expected kind ${expectedKind}, found ${kind}`);
  const objects = [];
  for (const r of k.resources ?? []) {
    const p = path.join(abs, r);
    if (!fs.existsSync(p)) throw new RenderError(`${file}: resource ${r} does not exist`);
    if (fs.statSync(p).isDirectory()) objects.push(...build(p, 'Kustomization', [...stack, abs]));
    else objects.push(...readYamlDocs(p));
  }
  for (const c of k.components ?? []) {
    const cdir = path.join(abs, c);
    const { file: cfile, k: ck } = loadKustomization(cdir);
    if ((ck.kind ?? 'Kustomization') !== 'Component') throw new RenderError(`${cfile}: a component must have kind: Component`);
    if (ck.components) throw new RenderError(`${cfile}: nested components are not supported by the builtin renderer`);
    // A component adds its resources, then its transformers see everything accumulated so far.
    for (const r of ck.resources ?? []) {
      const p = path.join(cdir, r);
      if (!fs.existsSync(p)) throw new RenderError(`${cfile}: resource ${r} does not exist`);
      if (fs.statSync(p).isDirectory()) objects.push(...build(p, 'Kustomization', [...stack, abs]));
      else objects.push(...readYamlDocs(p));
    }
    applyTransformers(objects, ck, cdir, cfile);
  }
  if (kind === 'Kustomization') applyTransformers(objects, k, abs, file);
  const seen = new Set();
  for (const o of objects) {
    const id = objectId(o);
    if (seen.has(id)) throw new RenderError(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
  return objects;
}

// Renders an overlay (a directory holding a Kustomization) into a list of plain objects.
export function render(dir) {
  return build(dir, 'Kustomization', []);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const objects = render(process.argv[2] ?? '.');
    process.stdout.write(objects.map((o) => YAML.stringify(o)).join('---\n'));
  } catch (e) {
    process.stderr.write(`render: ${e.message}\n`);
    process.exit(1);
  }
}
