// Validates rendered Kubernetes objects offline against the schemas of the Kubernetes API (npm
// kubernetes-models), of KEDA (@kubernetes-models/keda) and of the Prometheus Operator
// (@kubernetes-models/prometheus-operator), which ship the OpenAPI schemas compiled as validators.
// Usage: node validate.mjs FILE.yaml...  (each file: the output of `kubectl kustomize DIR`).
// Strimzi's KafkaTopic resources are checked by DeploymentFilesTest against Strimzi's own Java model
// (Maven Central's io.strimzi:api), for lack of an npm package; any other kind fails here, so that
// no object goes unchecked. Exits 1 on the first file with an invalid or unknown object.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const PACKAGES = {
  "": "kubernetes-models",
  apps: "kubernetes-models",
  batch: "kubernetes-models",
  policy: "kubernetes-models",
  autoscaling: "kubernetes-models",
  "networking.k8s.io": "kubernetes-models",
  "rbac.authorization.k8s.io": "kubernetes-models",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
// Checked elsewhere (see above).
const ELSEWHERE = new Set(["kafka.strimzi.io"]);

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (ELSEWHERE.has(group)) return null;
  const pkg = PACKAGES[group];
  if (!pkg) throw new Error(`no schema for apiVersion ${apiVersion}`);
  const path = group === "" ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  let mod;
  try {
    mod = await import(path);
  } catch {
    throw new Error(`no schema for ${kind} in ${apiVersion}`);
  }
  return mod[kind];
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  let checked = 0;
  let elsewhere = 0;
  for (const doc of docs) {
    const obj = doc.toJS();
    if (obj == null) continue;
    const where = `${file}: ${obj.kind} ${obj.metadata?.name}`;
    try {
      if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
      if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
        throw new Error("apiVersion, kind and metadata.name are required");
      }
      const Model = await modelOf(obj.apiVersion, obj.kind);
      if (Model == null) {
        elsewhere++;
        continue;
      }
      new Model(obj).validate();
      checked++;
    } catch (e) {
      console.error(`INVALID ${where}: ${e.message}`);
      failed = true;
    }
  }
  console.log(`${file}: ${checked} objects valid` + (elsewhere ? `, ${elsewhere} checked by DeploymentFilesTest` : ""));
}
process.exit(failed ? 1 : 0);
