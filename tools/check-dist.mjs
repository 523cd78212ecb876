// Checks a built dist/ before it is published (scripts/build.sh runs it last,
// so the Pages workflow uploads nothing that fails it):
//  - the Content-Security-Policy <meta> tag that tools/csp.mjs added is there,
//    and it names the sha256 hash of every inline script the page has (a
//    loader changed after hashing would be blocked by the browser);
//  - every URL in index.html (src, href, the loader's imports) is relative,
//    so the site works under a GitHub Pages sub-path (/<repo>/) and from any
//    folder of any static server: no "/..." (the host's root), no
//    "//host/..." or "https://..." (another origin);
//  - every file those URLs name exists in dist/.
//
//   node tools/check-dist.mjs [dist]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] || 'dist';
const file = join(dist, 'index.html');
const problems = [];
const html = readFileSync(file, 'utf8');

// --- CSP ----------------------------------------------------------------------
const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (!meta) {
    problems.push('no Content-Security-Policy <meta> tag (tools/csp.mjs adds it)');
} else {
    const scriptSrc = meta[1].split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) || '';
    if (/'unsafe-inline'/.test(scriptSrc)) problems.push("script-src allows 'unsafe-inline'");
    if (inline.length === 0) problems.push('no inline loader script');
    for (const text of inline) {
        const hash = `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
        if (!scriptSrc.split(/\s+/).includes(hash)) {
            problems.push(`an inline script's hash ${hash} is not in the policy's script-src`);
        }
    }
}

// --- Relative URLs --------------------------------------------------------------
const urls = [];
for (const m of html.matchAll(/\s(?:src|href)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    urls.push({ url: m[2] ?? m[3] ?? m[4], where: 'attribute' });
}
for (const text of inline) {
    // import ... from '...', import('...'), and the wasm path handed to init.
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\binit\s*\(\s*|module_or_path\s*:\s*)(['"`])([^'"`]+)\1/g)) {
        urls.push({ url: m[2], where: 'loader script' });
    }
}
if (urls.length === 0) problems.push('no URLs found in index.html (is it a Trunk build?)');
for (const { url, where } of urls) {
    if (/^(data|blob):/i.test(url) || url.startsWith('#')) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        problems.push(`${where} URL leaves the site: ${url}`);
    } else if (url.startsWith('/')) {
        problems.push(`${where} URL is absolute (breaks under a sub-path): ${url}`);
    } else {
        const path = url.split(/[?#]/)[0];
        if (path && path !== './' && !path.endsWith('/') && !existsSync(join(dist, decodeURIComponent(path)))) {
            problems.push(`${where} URL names a file missing from ${dist}/: ${url}`);
        }
    }
}

if (problems.length > 0) {
    for (const p of problems) console.error(`check-dist: ${file}: ${p}`);
    process.exit(1);
}
console.log(`check-dist: ${file}: CSP covers ${inline.length} inline script(s); ${urls.length} URL(s), all relative`);
