// Validates Kubernetes objects the way the API server of Kubernetes 1.32 would judge their shape:
//  - the apiVersion/kind is one Kubernetes 1.32 serves (or a known operator's custom resource);
//  - the object against the API's own OpenAPI schema, as kubernetes-models ships it (types,
//    enums, required fields, int-or-string, quantities), with ajv;
//  - names, label and annotation keys and values, container and port names against the syntax
//    rules of Kubernetes' apimachinery (DNS-1123 label/subdomain, qualified names, IANA service
//    names), which the OpenAPI schema does not express.
//
// Input (stdin): a JSON array of objects. Output (stdout): a JSON array, one entry per object:
// {"index": i, "id": "Kind/name", "errors": ["..."]}. Exit 0 when it could judge every object
// (whatever it found), 2 on bad input. Objects of groups validated elsewhere (kafka.strimzi.io:
// the Strimzi CRD schemas in the Java tests) are reported with "skipped".
import { readFileSync } from 'node:fs';

/** Group/versions Kubernetes 1.32 serves by default (GA, and betas still on by default). */
const SERVED_1_32 = new Set([
  'v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'autoscaling/v2', 'policy/v1',
  'networking.k8s.io/v1', 'storage.k8s.io/v1', 'rbac.authorization.k8s.io/v1',
  'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1',
  'scheduling.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'node.k8s.io/v1', 'certificates.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1',
]);
/** Custom resources of operators the components need, with the model package that has their schema. */
const CUSTOM = {
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};
const ELSEWHERE = new Set(['kafka.strimzi.io']);

// apimachinery/pkg/util/validation
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Kinds whose names must be DNS-1123 labels (RFC 1123: at most 63 characters, no dots). */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

function dnsLabel(value, what, errors) {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    errors.push(`${what} "${value}" is not a DNS-1123 label (lower case alphanumerics and '-', at most 63 characters)`);
  }
}

function dnsSubdomain(value, what, errors) {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    errors.push(`${what} "${value}" is not a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
  }
}

function qualifiedName(key, what, errors) {
  const parts = String(key).split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length > 2 || (parts.length === 2 && (parts[0].length === 0 || parts[0].length > 253
      || !DNS1123_SUBDOMAIN.test(parts[0])))) {
    errors.push(`${what} key "${key}": the prefix must be a DNS-1123 subdomain`);
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    errors.push(`${what} key "${key}" is not a qualified name (alphanumerics, '-', '_', '.', at most 63 characters, alphanumeric at both ends)`);
  }
}

function portName(name, what, errors) {
  if (name === undefined) return;
  if (typeof name !== 'string' || name.length > 15 || !IANA_SVC_NAME.test(name) || !/[a-z]/.test(name)
      || name.includes('--')) {
    errors.push(`${what} "${name}" is not an IANA service name (at most 15 lower case alphanumerics and '-', a letter, no '--')`);
  }
}

function podSpecOf(obj) {
  const spec = obj.spec ?? {};
  switch (obj.kind) {
    case 'Pod': return spec;
    case 'CronJob': return spec.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return spec.template?.spec;
    default: return undefined;
  }
}

function syntax(obj, errors) {
  const md = obj.metadata ?? {};
  if (md.name === undefined) {
    errors.push('metadata.name is required');
  } else if (LABEL_NAMED.has(obj.kind)) {
    dnsLabel(md.name, 'metadata.name', errors);
  } else {
    dnsSubdomain(md.name, 'metadata.name', errors);
  }
  if (obj.kind === 'CronJob' && typeof md.name === 'string' && md.name.length > 52) {
    errors.push(`metadata.name "${md.name}" is longer than 52 characters (a CronJob's Jobs append 11)`);
  }
  if (md.namespace !== undefined) dnsLabel(md.namespace, 'metadata.namespace', errors);
  const labelMaps = [['metadata.labels', md.labels]];
  const podSpec = podSpecOf(obj);
  const template = obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template : obj.spec?.template;
  if (podSpec && template?.metadata) {
    labelMaps.push(['spec.template.metadata.labels', template.metadata.labels]);
    for (const key of Object.keys(template.metadata.annotations ?? {})) qualifiedName(key, 'pod template annotation', errors);
  }
  for (const [where, labels] of labelMaps) {
    for (const [key, value] of Object.entries(labels ?? {})) {
      qualifiedName(key, `${where}`, errors);
      if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
        errors.push(`${where}["${key}"] value "${value}" is not a valid label value (at most 63 characters, alphanumerics, '-', '_', '.')`);
      }
    }
  }
  for (const key of Object.keys(md.annotations ?? {})) qualifiedName(key, 'metadata.annotations', errors);
  if (podSpec) {
    const containers = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])];
    const seen = new Set();
    for (const c of containers) {
      if (c.name !== undefined) dnsLabel(c.name, 'container name', errors);
      if (seen.has(c.name)) errors.push(`container name "${c.name}" is used twice`);
      seen.add(c.name);
      for (const p of c.ports ?? []) portName(p.name, `container ${c.name} port name`, errors);
    }
    for (const v of podSpec.volumes ?? []) dnsLabel(v.name, 'volume name', errors);
  }
  if (obj.kind === 'Service') {
    for (const p of obj.spec?.ports ?? []) portName(p.name, 'Service port name', errors);
  }
}

const modelCache = new Map();
async function modelsFor(apiVersion) {
  if (!modelCache.has(apiVersion)) {
    let path = CUSTOM[apiVersion];
    if (!path && SERVED_1_32.has(apiVersion)) path = `kubernetes-models/${apiVersion}`;
    modelCache.set(apiVersion, path ? await import(path) : null);
  }
  return modelCache.get(apiVersion);
}

async function validate(obj) {
  const errors = [];
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { errors: ['not an object'] };
  }
  const { apiVersion, kind } = obj;
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (ELSEWHERE.has(group)) {
    return { errors, skipped: `${group} is validated against its CRD schemas elsewhere` };
  }
  const models = await modelsFor(apiVersion);
  if (!models) {
    errors.push(`apiVersion ${apiVersion} is not served by Kubernetes 1.32 (nor by a known operator: ${Object.keys(CUSTOM).join(', ')})`);
    return { errors };
  }
  const Model = models[kind];
  if (typeof Model !== 'function') {
    errors.push(`kind ${kind} does not exist in ${apiVersion}`);
    return { errors };
  }
  // kustomize wraps long base64 values at 76 characters; the API server's decoder (Go's
  // encoding/base64) ignores the line breaks, ajv's "byte" format does not
  let subject = obj;
  if (obj.kind === 'Secret' && obj.data && typeof obj.data === 'object') {
    subject = { ...obj, data: Object.fromEntries(Object.entries(obj.data)
      .map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v])) };
  }
  try {
    new Model(subject).validate();
  } catch (e) {
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      for (const err of e.errors) {
        const allowed = err.params?.allowedValues ? ` (allowed: ${err.params.allowedValues.join(', ')})` : '';
        const where = (err.instancePath || '/').replace(/^\//, '').replaceAll('/', '.') || '(object)';
        errors.push(`${where}: ${err.message}${allowed}`);
      }
    } else {
      errors.push(String(e.message ?? e));
    }
  }
  syntax(obj, errors);
  return { errors };
}

let input;
try {
  input = JSON.parse(readFileSync(0, 'utf8'));
  if (!Array.isArray(input)) throw new Error('expected a JSON array of objects');
} catch (e) {
  console.error(`validate.mjs: ${e.message}`);
  process.exit(2);
}
const results = [];
for (const [index, obj] of input.entries()) {
  const result = await validate(obj);
  results.push({ index, id: `${obj?.kind}/${obj?.metadata?.name}`, ...result });
}
process.stdout.write(JSON.stringify(results));
