// Adds a Content-Security-Policy <meta> tag to a built dist/index.html.
//
// Trunk injects one inline module script (the wasm loader) whose text
// changes with every build, so its hash is computed here, after the build:
// scripts run only from the site itself plus that exact loader, never
// 'unsafe-inline'. 'wasm-unsafe-eval' lets WebAssembly compile. Charts are
// shown as data: images (an image cannot run scripts), downloads use blob:
// URLs. Workers start from a blob: script that loads their code from the
// site: a blob: worker inherits this policy, a worker loaded from the site's
// URL would run under none (a static host sends no headers).
// Styles come only from the site's stylesheets, with one exception: the app
// sets no inline style and the charts' SVG carries its styles inside the
// image (which the page's policy does not govern: an image is its own
// document), but plotters measures chart text in the page, in a <span> whose
// style attribute names the font (plotters 0.3.7, src/style/font/web.rs).
// The charts use one family and three sizes (src/chart/theme.rs:
// FONT_FAMILY, FontSize::points; a unit test there checks this file), so
// exactly those three attribute values are allowed, by hash
// ('unsafe-hashes' in style-src-attr), and no other inline style.
// `frame-ancestors` has no effect in a <meta> tag (browsers ignore it there):
// hosts that can send headers should add it (README, "Deploying"); the app
// refuses to run framed on its own (src/ui/app/framing.rs).
//
//   node tools/csp.mjs dist/index.html
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] || 'dist/index.html';
let html = readFileSync(file, 'utf8');
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');

const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) {
    console.error('csp: no inline loader script found in', file);
    process.exit(1);
}
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const hashes = inline.map(sha256);
const CHART_FONT_FAMILY = 'PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif';
const CHART_FONT_SIZES = [19, 21, 27];
const measuring = CHART_FONT_SIZES.map((size) =>
    sha256(`display: inline-block; font-family:${CHART_FONT_FAMILY}; font-style:normal; font-size: ${size}px; position: fixed; top: 100%`));
const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    "style-src 'self'",
    `style-src-attr 'unsafe-hashes' ${measuring.join(' ')}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta charset="utf-8"\s*\/?>/i, (m) => `${m}\n    ${meta}`);
if (!html.includes(meta)) {
    console.error('csp: no <meta charset> to anchor the policy in', file);
    process.exit(1);
}
writeFileSync(file, html);
console.log(`csp: ${file}: ${inline.length} inline script(s) hashed`);
