// Marks as "integer" each "number" property that kubernetes-models' own validators
// (compiled from the upstream OpenAPI, where the field is int32 or int64) reject 0.5 for.
import fs from "node:fs";
import path from "node:path";
const [bundleFile, ...roots] = process.argv.slice(2);
const bundle = JSON.parse(fs.readFileSync(bundleFile, "utf8"));
const modules = new Map(); // short name -> [schema module paths]
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== "_schemas" && e.name !== "node_modules") walk(p); continue; }
    if (!e.name.endsWith(".d.ts")) continue;
    const m = fs.readFileSync(p, "utf8").match(/export type \{ (I\w+) as I(\w+),/);
    if (!m) continue;
    const root = roots.find((r) => p.startsWith(r));
    const mod = path.join(root, "_schemas", m[2] + ".js");
    if (fs.existsSync(mod)) modules.set(m[1], [...(modules.get(m[1]) || []), mod]);
  }
}
roots.forEach(walk);
let changed = 0, unresolved = [];
for (const [name, def] of Object.entries(bundle.definitions)) {
  if (!def.properties) continue;
  const numbers = Object.entries(def.properties).filter(([, s]) => s.type === "number" || s.items?.type === "number");
  if (!numbers.length) continue;
  // the kinds are all of GA versions: a same-named type of a beta version or of the
  // old extensions group is not the one that the bundle's definition came from
  const all = modules.get(name) || [];
  const ga = all.filter((m) => !/(V\d+(alpha|beta)\d*|ApiExtensions)[A-Z]/.test(path.basename(m)));
  const candidates = ga.length ? ga : all;
  if (!candidates.length) { unresolved.push(name); continue; }
  for (const [prop, s] of numbers) {
    const verdicts = [];
    for (const mod of candidates) {
      const { validate } = await import(mod);
      const isArray = s.type === "array";
      validate({ [prop]: isArray ? [0.5] : 0.5 });
      const at = "/" + prop + (isArray ? "/0" : "");
      verdicts.push((validate.errors || []).some((e) => e.instancePath === at && e.params?.type === "integer"));
    }
    if (verdicts.every(Boolean)) { (s.type === "array" ? s.items : s).type = "integer"; changed++; }
    else if (verdicts.some(Boolean)) console.error("ambiguous", name, prop);
  }
}
fs.writeFileSync(bundleFile, JSON.stringify(bundle, null, 2) + "\n");
console.error(`integer: ${changed}; no validator found for: ${unresolved.join(" ") || "none"}`);
