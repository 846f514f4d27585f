// Builds the portal's stylesheet and script into portal/static/dist/ (run by `make assets`).
//
// portal.css is bundled with its @imports (the Utrecht components and design tokens from
// node_modules, our own layout, bridge and print sheets), stripped of the design tokens no rule
// uses (the token file alone is ~88 KB of custom properties; PurgeCSS with `variables: true`
// keeps a token only when a kept rule or a kept token refers to it), and minified. Every
// selector is kept: templates build class names at run time (``alert-{{ category }}``), so
// purging by template content would silently drop styles.
//
// Each output file carries a content hash in its name, so it can be cached for a year
// (portal/assets.py serves it as immutable); manifest.json maps the logical name to it.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { bundleAsync, transform } from "lightningcss";
import { PurgeCSS } from "purgecss";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(ROOT, "assets");
const OUT = path.join(ROOT, "portal", "static", "dist");
// Browsers the portal supports: current and previous major versions of the big engines.
const TARGETS = { chrome: 110 << 16, firefox: 110 << 16, safari: 16 << 16 };

function hashed(name, data) {
  const digest = createHash("sha256").update(data).digest("hex").slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}.${digest}${ext}`;
}

async function buildCss(entry) {
  const { code } = await bundleAsync({
    filename: path.join(SOURCE, entry),
    resolver: {
      // Bare specifiers ("@utrecht/button-css/dist/index.css") are packages in node_modules.
      resolve(specifier, from) {
        if (specifier.startsWith(".") || specifier.startsWith("/")) {
          return path.resolve(path.dirname(from), specifier);
        }
        return path.join(ROOT, "node_modules", specifier);
      },
    },
  });
  const [purged] = await new PurgeCSS().purge({
    content: [{ raw: "<html></html>", extension: "html" }],
    css: [{ raw: code.toString() }],
    safelist: { standard: [/.*/], deep: [/.*/], greedy: [/.*/], keyframes: [/.*/] },
    variables: true,
  });
  const minified = transform({
    filename: entry,
    code: Buffer.from(purged.css),
    minify: true,
    targets: TARGETS,
  });
  return minified.code;
}

function buildJs(entry) {
  // One small hand-written script: nothing to bundle or minify, it is copied as it is.
  return Buffer.from(readFileSync(path.join(SOURCE, entry), "utf8"));
}

async function main() {
  const outputs = {
    "portal.css": await buildCss("portal.css"),
    "portal.js": buildJs("portal.js"),
  };
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const manifest = {};
  for (const [name, data] of Object.entries(outputs)) {
    manifest[name] = hashed(name, data);
    writeFileSync(path.join(OUT, manifest[name]), data);
  }
  writeFileSync(path.join(OUT, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of readdirSync(OUT)) {
    const size = readFileSync(path.join(OUT, file)).length;
    console.log(`portal/static/dist/${file}: ${(size / 1024).toFixed(1)} KB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
